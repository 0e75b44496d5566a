"""The participants' voice pages (a workshop to rate, the questionnaire) name the programme and its workshops in
the participant's language (Dutch: translated), like their home page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipantFactory
from tests.i18n.participant_texts import DUTCH, ENGLISH, translated_programme
from youthcop.programmes import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = translated_programme()
    workshop = programme.sessions.get()
    workshop.starts_at = timezone.now() - datetime.timedelta(hours=20)  # last night's: open to rate
    workshop.ends_at = workshop.starts_at + datetime.timedelta(hours=3)
    workshop.save()
    return programme


def page(client, token, name):
    return BeautifulSoup(client.get(reverse(name, args=[token])).content, "html5lib")


def test_the_workshop_to_rate_and_the_questionnaire_read_in_dutch(client, programme):
    reader = ParticipantFactory(programme=programme, preferred_language="nl")
    token = services.issue_link(reader)

    rating = page(client, token, "youthcop_programmes:participant_home").select_one("[data-youthcop^=rate-]")
    assert rating is not None
    assert DUTCH[ENGLISH["title"]] in rating.get_text() and ENGLISH["title"] not in rating.get_text()

    questionnaire = page(client, token, "youthcop_evaluation:questionnaire")
    assert DUTCH[ENGLISH["name"]] in questionnaire.title.get_text()
    assert DUTCH[ENGLISH["zone"]] in questionnaire.select_one(".yc-brand").get_text()
