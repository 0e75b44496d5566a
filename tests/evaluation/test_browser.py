"""On a phone: a young person answers the questionnaire before the programme and at its end, from their page."""

import datetime
import time

import pytest
from django.utils import timezone

from tests.factories import ParticipantFactory, ProgrammeFactory
from youthcop.evaluation import services
from youthcop.evaluation.models import Answer, Response, RoundKind
from youthcop.programmes import services as programme_services


def answer_all(phone, choice):
    for number in range(1, 6):
        group = phone.get_by_role("group").nth(number - 1)
        group.get_by_label(choice, exact=True).check()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_young_person_answers_before_and_after_on_a_phone(phone, live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    programme = ProgrammeFactory()
    yasmina = ParticipantFactory(programme=programme, first_name="Yasmina", email="yasmina@example.net")
    token = programme_services.issue_link(yasmina)
    before = services.open_round(programme, RoundKind.BEFORE)

    phone.goto(f"{live_server.url}/youthcop/p/{token}/")
    started = time.monotonic()
    phone.get_by_role("link", name="Answer the questionnaire").click()
    phone.get_by_role("group", name="1. I trust people from the other group.").wait_for()
    assert phone.get_by_role("group").count() == 5  # five fieldsets, each named by its legend
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    answer_all(phone, "Disagree")
    phone.get_by_role("button", name="Send my answers").click()
    phone.get_by_text("Thank you: your answers are recorded.").wait_for()
    assert time.monotonic() - started < 60  # far under three minutes, even for a machine
    assert set(Answer.objects.filter(response__round=before).values_list("value", flat=True)) == {2}

    # A second visit corrects the same answers: one response per round.
    phone.get_by_role("group", name="3. Young people and police officers in our area treat each other fairly.").get_by_label(
        "Neither agree nor disagree", exact=True
    ).check()
    phone.get_by_role("button", name="Save my changes").click()
    phone.get_by_text("Thank you: your answers are recorded.").wait_for()
    assert Response.objects.filter(round=before).count() == 1
    assert sorted(Answer.objects.filter(response__round=before).values_list("value", flat=True)) == [2, 2, 2, 2, 3]

    # The year goes by: the round before closes, the one at the end opens.
    services.close_round(before)
    services.open_round(programme, RoundKind.AFTER, closes_at=timezone.now() + datetime.timedelta(days=7))
    phone.goto(f"{live_server.url}/youthcop/p/{token}/")
    phone.get_by_role("link", name="Answer the questionnaire").click()
    answer_all(phone, "Agree")
    phone.get_by_role("button", name="Send my answers").click()
    phone.get_by_text("Thank you: your answers are recorded.").wait_for()
    phone.goto(f"{live_server.url}/youthcop/p/{token}/")
    phone.get_by_text("You answered on").wait_for()

    pseudonyms = set(Response.objects.values_list("pseudonym_id", flat=True))
    assert len(pseudonyms) == 1  # before and after pair up under one pseudonym
    assert set(Answer.objects.filter(response__round__kind="after").values_list("value", flat=True)) == {4}
