"""The demo's year of ratings and "I can't come"; ratings in the subject access export and at anonymisation."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import ProgrammeFactory, UserFactory, programme_staff
from tests.feedback.factories import ended_hours_ago, make_group, rate_all
from youthcop.feedback import services
from youthcop.feedback.models import Rating
from youthcop.privacy.erasure import anonymise_participant, erase_participant
from youthcop.privacy.export import export_participant
from youthcop.privacy.register import processing_register
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions.models import Attendance
from youthcop_site.demo import feedback as demo_feedback
from youthcop_site.demo import sessions as demo_sessions

pytestmark = pytest.mark.django_db


def test_the_demo_rates_the_held_workshops_with_a_trend_and_some_cannot_come():
    programme = ProgrammeFactory(start_date=timezone.localdate() - datetime.timedelta(days=250), youth_per_officer=2)
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    make_group(programme, youth=18, police=9)
    demo_sessions.plan_year(programme, [facilitator], held_until=timezone.localdate(), seed=6)

    demo_feedback.load({"programme": programme})

    trend = services.programme_trend(programme)
    shown = [row for row in trend if row.means["youth"] is not None and row.means["police"] is not None]
    assert len(shown) >= 6 and len(shown) >= len(trend) - 1  # enough answers on both sides, nearly every time
    assert shown[-1].means["youth"] > shown[0].means["youth"]
    assert Rating.objects.exclude(comment="").exists()
    excused = Attendance.objects.filter(session__attendance_taken_at__isnull=True, status="excused")
    assert 4 <= excused.count() <= 6
    assert mail.outbox == []

    counts = (Rating.objects.count(), excused.count())
    demo_feedback.load({"programme": programme})
    assert (Rating.objects.count(), excused.count()) == counts


def test_the_export_says_what_they_rated_and_anonymisation_cuts_the_link_and_the_comments(programme):
    young, _officers = make_group(programme, youth=6, police=0)
    sam = young[0]
    session = ended_hours_ago(programme, title="Trust games")
    rate_all(session, young, score=4, comment=lambda i, p: f"line of {p.first_name}")
    admin = UserFactory(is_superuser=True)

    (exported,) = export_participant(sam, by=admin)["session_ratings"]
    assert (exported["session"], exported["side"]) == ("Trust games", "youth")
    assert (exported["rating"], exported["rating_label"], exported["comment"]) == (4, "Good", f"line of {sam.first_name}")
    # Only their own.
    assert len(export_participant(young[1], by=admin)["session_ratings"]) == 1

    anonymise_participant(sam, by=admin)
    mine = Rating.objects.get(session=session, comment="", participant__isnull=True)
    assert mine.score == 4 and mine.side == "youth"  # the year's figures keep the score, without a name
    assert Rating.objects.filter(session=session).count() == 6
    assert not Rating.objects.filter(comment__contains=sam.first_name).exists()
    assert export_participant(sam, by=admin)["session_ratings"] == []

    erase_participant(young[1], by=admin)
    assert not Rating.objects.filter(comment__contains=young[1].first_name).exists()


def test_a_comment_naming_someone_loses_the_name_when_that_person_is_anonymised(programme):
    young, _officers = make_group(programme, youth=2, police=0)
    session = ended_hours_ago(programme)
    named = young[1]
    services.rate(session, young[0], 5, f"Thanks to {named.first_name} {named.last_name} for the game")
    anonymise_participant(named, by=UserFactory(is_superuser=True))
    comment = Rating.objects.get(participant=young[0]).comment
    assert named.first_name not in comment and named.last_name not in comment


def test_the_register_of_processing_names_ratings_and_excuses():
    rows = processing_register()
    data = [str(row["data"]) for row in rows]
    assert any("Ratings of joint workshops" in text for text in data)
    assert any("I can't come" in text for text in data)
