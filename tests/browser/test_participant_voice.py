"""On a phone, one young person's year in their own words: the questionnaire before the first workshop, a tap to
rate last night's workshop, a private message to their confidential advisor, and the questionnaire at the end —
paired under one pseudonym, with nothing of the message in the advisor's email."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import ParticipantFactory, ProgrammeFactory, programme_staff
from tests.feedback.factories import ended_hours_ago
from youthcop.advisors.models import AdvisorMessage
from youthcop.evaluation import services as evaluation
from youthcop.evaluation.models import Answer, Response, RoundKind
from youthcop.feedback.models import Rating
from youthcop.programmes import services
from youthcop.programmes.models import ProgrammeStaff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_questionnaire(phone, live_server, token, choice):
    phone.goto(f"{live_server.url}/youthcop/p/{token}/")
    phone.get_by_role("link", name="Answer the questionnaire").click()
    for number in range(5):
        phone.get_by_role("group").nth(number).get_by_label(choice, exact=True).check()
    phone.get_by_role("button", name="Send my answers").click()
    phone.get_by_text("Thank you: your answers are recorded.").wait_for()


def test_a_young_person_answers_before_rates_a_workshop_writes_to_the_advisor_and_answers_after(
    phone, live_server, settings
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    programme = ProgrammeFactory()
    advisor = programme_staff(programme, ProgrammeStaff.Role.YOUTH_ADVISOR)
    advisor.first_name, advisor.last_name = "Nadia", "Benali"
    advisor.save()
    yasmina = ParticipantFactory(programme=programme, first_name="Yasmina", email="yasmina@example.net")
    token = services.issue_link(yasmina)

    before = evaluation.open_round(programme, RoundKind.BEFORE)
    answer_questionnaire(phone, live_server, token, "Disagree")

    workshop = ended_hours_ago(programme, hours=12, title="Workshop 1: Who are we?")
    phone.goto(f"{live_server.url}/youthcop/p/{token}/")
    phone.locator("[data-youthcop=feedback]").get_by_role("button", name="Good", exact=True).click()
    phone.get_by_text("Thank you: your answer “Good” for Workshop 1: Who are we? is saved.").wait_for()

    assert "Your confidential advisor is Nadia Benali." in phone.locator("#advisor").inner_text()
    phone.get_by_label("Your message").fill("Can we talk about what happened at the station?")
    phone.get_by_role("button", name="Send to my advisor").click()
    phone.get_by_text("Your message is sent.").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling

    evaluation.close_round(before)
    evaluation.open_round(programme, RoundKind.AFTER, closes_at=timezone.now() + datetime.timedelta(days=7))
    answer_questionnaire(phone, live_server, token, "Agree")

    assert Response.objects.values("pseudonym").distinct().count() == 1  # before and after pair up
    assert set(Answer.objects.filter(response__round=before).values_list("value", flat=True)) == {2}
    assert set(Answer.objects.filter(response__round__kind=RoundKind.AFTER).values_list("value", flat=True)) == {4}
    assert Rating.objects.get().session == workshop and Rating.objects.get().score == 4
    assert AdvisorMessage.objects.get().participant == yasmina
    (to_advisor,) = [message for message in mail.outbox if message.to == [advisor.email]]
    assert "station" not in to_advisor.body and "Yasmina" not in to_advisor.body
