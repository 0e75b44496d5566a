"""Emails, reminders and calendar feeds give the programme's and sessions' texts in the participant's language
(Dutch: translated), and the original where no translation exists (German)."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Locale

from tests.factories import ParticipantFactory
from tests.i18n.participant_texts import DUTCH, ENGLISH, translated_programme
from tests.translating import translate
from youthcop.programmes import services, tasks
from youthcop.programmes.models import ProgrammeText
from youthcop.sessions import tasks as session_tasks
from youthcop.sessions.services import send_due_reminders

pytestmark = pytest.mark.django_db

TEXTS = ("name", "title", "theme", "directions")


@pytest.fixture
def programme():
    # The translated session starts 40 days after the start: tomorrow evening, due for its reminder.
    return translated_programme(start_date=timezone.localdate() - datetime.timedelta(days=39))


@pytest.fixture
def readers(programme):
    return {
        language: ParticipantFactory(programme=programme, preferred_language=language, email=f"{language}@example.net")
        for language in ("nl", "de")
    }


def mail_to(address):
    [message] = [message for message in mail.outbox if message.to == [address]]
    return message.subject + "\n" + message.body


def assert_dutch(text, fields=TEXTS):
    for field in fields:
        assert DUTCH[ENGLISH[field]] in text, field
        assert ENGLISH[field] not in text, field


def assert_original(text, fields=TEXTS):
    for field in fields:
        assert ENGLISH[field] in text, field


def test_reminders_read_in_each_persons_language_with_one_reading_of_the_texts(programme, readers):
    for n in range(3):
        ParticipantFactory(programme=programme, preferred_language="nl")
    with CaptureQueriesContext(connection) as queries:
        assert send_due_reminders() == 5
    assert_dutch(mail_to("nl@example.net"))
    assert_original(mail_to("de@example.net"))
    texts_read = [q["sql"] for q in queries.captured_queries if 'from "youthcop_programmes_programmetext"' in q["sql"].lower()]
    assert len(texts_read) == 2  # once per language other than the original (nl, de), not once per reader


@pytest.mark.parametrize("change", ["cancelled", "moved"])
def test_change_notices_read_in_each_persons_language(programme, readers, change):
    session = programme.sessions.get()
    if change == "moved":
        session.status = "moved"
        session.save()
    session_tasks.email_session_change.enqueue(session.pk, change)
    dutch, german = mail_to("nl@example.net"), mail_to("de@example.net")
    assert_dutch(dutch, ("name", "title"))
    assert_original(german, ("name", "title"))


def test_personal_link_and_guardian_emails_name_the_programme_in_the_readers_language(programme, readers):
    tasks.email_participant_link.enqueue(readers["nl"].pk)
    tasks.email_participant_link.enqueue(readers["de"].pk)
    assert_dutch(mail_to("nl@example.net"), ("name",))
    assert_original(mail_to("de@example.net"), ("name",))
    minor = ParticipantFactory(
        programme=programme,
        preferred_language="nl",
        date_of_birth=programme.start_date.replace(year=programme.start_date.year - 15),
        guardian_name="A Guardian",
        guardian_email="guardian@example.net",
        status="awaiting_consent",
        reserved_until=timezone.now() + datetime.timedelta(days=7),
    )
    tasks.email_guardian_consent_request.enqueue(minor.pk)
    assert_dutch(mail_to("guardian@example.net"), ("name",))


def feed(client, participant):
    url = reverse("youthcop_sessions:participant_feed", args=[services.issue_link(participant)])
    response = client.get(url)
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def event_text(calendar):
    [event] = calendar.walk("VEVENT")
    return f"{event['SUMMARY']}\n{event['DESCRIPTION']}"


def test_the_calendar_feed_reads_in_the_participants_language(client, programme, readers):
    _response, dutch = feed(client, readers["nl"])
    assert str(dutch["X-WR-CALNAME"]).startswith(DUTCH[ENGLISH["name"]])
    assert_dutch(event_text(dutch), ("title", "theme", "directions"))
    _response, german = feed(client, readers["de"])
    assert str(german["X-WR-CALNAME"]).startswith(ENGLISH["name"])
    assert_original(event_text(german), ("title", "theme", "directions"))


def test_a_published_translation_changes_the_feed(client, programme, readers, django_capture_on_commit_callbacks):
    first, _calendar = feed(client, readers["nl"])
    source = ProgrammeText.objects.get(programme=programme, locale=Locale.get_default())
    with django_capture_on_commit_callbacks(execute=True):
        translate(source, Locale.objects.get(language_code="nl"), {ENGLISH["theme"]: "Goed luisteren"})
    url = reverse("youthcop_sessions:participant_feed", args=[services.issue_link(readers["nl"])])
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Goed luisteren" in event_text(Calendar.from_ical(again.content))
