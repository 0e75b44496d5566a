import datetime

import pytest
from django.utils import timezone

from tests.factories import ProgrammeFactory
from youthcop.sessions import services
from youthcop.sessions.models import Session, SessionKind
from youthcop.sessions.services import LAST, Frequency, ScheduleRule

WED, SAT = 2, 5
UTC = datetime.UTC


def rule(**kwargs):
    values = dict(
        kind=SessionKind.JOINT_WORKSHOP,
        title="Joint workshop",
        first_date=datetime.date(2025, 9, 1),
        count=12,
        weekday=WED,
        nth=2,
        start_time=datetime.time(18),
        end_time=datetime.time(21),
    )
    values.update(kwargs)
    return ScheduleRule(**values)


def test_second_wednesday_of_each_month():
    days, skipped = services.schedule_dates(rule(count=4))
    assert days == [
        datetime.date(2025, 9, 10),
        datetime.date(2025, 10, 8),
        datetime.date(2025, 11, 12),
        datetime.date(2025, 12, 10),
    ]
    assert skipped == []


def test_months_without_a_fifth_weekday_have_no_session():
    # Fifth Saturdays in 2025: March 29, May 31, August 30, November 29.
    days, _ = services.schedule_dates(rule(first_date=datetime.date(2025, 1, 1), weekday=SAT, nth=5, count=4))
    assert days == [
        datetime.date(2025, 3, 29),
        datetime.date(2025, 5, 31),
        datetime.date(2025, 8, 30),
        datetime.date(2025, 11, 29),
    ]


def test_last_weekday_exists_every_month():
    days, _ = services.schedule_dates(rule(first_date=datetime.date(2025, 1, 1), weekday=SAT, nth=LAST, count=3))
    assert days == [datetime.date(2025, 1, 25), datetime.date(2025, 2, 22), datetime.date(2025, 3, 29)]


def test_an_occurrence_before_the_first_date_waits_for_next_month():
    days, _ = services.schedule_dates(rule(first_date=datetime.date(2025, 9, 11), count=1))
    assert days == [datetime.date(2025, 10, 8)]


def test_skipped_dates_are_passed_over_and_the_count_still_reached():
    holidays = frozenset({datetime.date(2025, 10, 8), datetime.date(2026, 2, 11)})
    days, skipped = services.schedule_dates(rule(count=12, skip_dates=holidays))
    assert len(days) == 12
    assert not holidays & set(days)
    assert skipped == [datetime.date(2025, 10, 8), datetime.date(2026, 2, 11)]
    assert days[-1] == datetime.date(2026, 10, 14)  # two months later than without skips


def test_a_rule_matching_nothing_stops():
    days, skipped = services.schedule_dates(rule(weekday=SAT, nth=5, count=1000))
    assert len(days) < 1000


def test_every_other_week():
    days, _ = services.schedule_dates(
        rule(frequency=Frequency.WEEKLY, interval_weeks=2, weekday=0, first_date=datetime.date(2025, 9, 3), count=3)
    )
    assert days == [datetime.date(2025, 9, 8), datetime.date(2025, 9, 22), datetime.date(2025, 10, 6)]


def test_every_other_week_counts_from_the_first_matching_day():
    # 4 September 2025 is a Thursday: the first Tuesday is the 9th, then every other week from it.
    days, _ = services.schedule_dates(
        rule(frequency=Frequency.WEEKLY, interval_weeks=2, weekday=1, first_date=datetime.date(2025, 9, 4), count=3)
    )
    assert days == [datetime.date(2025, 9, 9), datetime.date(2025, 9, 23), datetime.date(2025, 10, 7)]


def test_the_last_weekday_and_a_first_date_on_the_day_itself():
    days, _ = services.schedule_dates(rule(first_date=datetime.date(2025, 2, 22), weekday=SAT, nth=LAST, count=2))
    assert days == [datetime.date(2025, 2, 22), datetime.date(2025, 3, 29)]


@pytest.mark.django_db
def test_times_stay_at_18h_in_brussels_across_the_dst_change():
    programme = ProgrammeFactory(start_date=datetime.date(2025, 9, 1))
    created = services.create_schedule(programme, rule(count=3))  # Sep 10, Oct 8 (CEST), Nov 12 (CET)
    zone = timezone.get_default_timezone()
    assert [timezone.localtime(s.starts_at, zone).time() for s in created] == [datetime.time(18)] * 3
    assert [s.starts_at.astimezone(UTC).hour for s in created] == [16, 16, 17]
    assert [s.ends_at.astimezone(UTC).hour for s in created] == [19, 19, 20]
    # Spring: 11 March 2026 is CET, 8 April 2026 is CEST.
    spring = services.create_schedule(programme, rule(first_date=datetime.date(2026, 3, 1), count=2, kind="youth_preparation"))
    assert [s.starts_at.astimezone(UTC).hour for s in spring] == [17, 16]


@pytest.mark.django_db
def test_times_follow_the_site_zone_not_the_users_active_zone():
    programme = ProgrammeFactory(start_date=datetime.date(2025, 9, 1))
    with timezone.override("America/New_York"):
        created = services.create_schedule(programme, rule(count=1))
    assert created[0].starts_at.astimezone(UTC) == datetime.datetime(2025, 9, 10, 16, tzinfo=UTC)


@pytest.mark.django_db
def test_preview_writes_nothing_and_marks_existing_dates():
    programme = ProgrammeFactory(start_date=datetime.date(2025, 9, 1))
    preview = services.preview_schedule(programme, rule(count=3))
    assert len(preview.new) == 3
    assert Session.objects.count() == 0
    services.create_schedule(programme, rule(count=2))
    preview = services.preview_schedule(programme, rule(count=3))
    assert [p.exists for p in preview.dates] == [True, True, False]


@pytest.mark.django_db
def test_running_the_generator_again_never_duplicates():
    # 13 monthly workshops from September: the programme runs 14 months.
    programme = ProgrammeFactory(start_date=datetime.date(2025, 9, 1), end_date=datetime.date(2026, 10, 31))
    first = services.create_schedule(programme, rule(count=12))
    again = services.create_schedule(programme, rule(count=12))
    longer = services.create_schedule(programme, rule(count=13))
    assert (len(first), len(again), len(longer)) == (12, 0, 1)
    assert programme.sessions.count() == 13
    # Another kind on the same dates is not a duplicate.
    assert len(services.create_schedule(programme, rule(count=2, kind=SessionKind.YOUTH_PREPARATION))) == 2


@pytest.mark.django_db
def test_a_moved_session_is_not_recreated_on_its_old_date():
    programme = ProgrammeFactory(start_date=timezone.localdate())
    created = services.create_schedule(programme, rule(first_date=timezone.localdate(), count=2))
    session = created[0]
    services.move_session(
        session,
        starts_at=session.starts_at + datetime.timedelta(days=1),
        ends_at=session.ends_at + datetime.timedelta(days=1),
    )
    assert services.create_schedule(programme, rule(first_date=timezone.localdate(), count=2)) == []
    assert programme.sessions.count() == 2


@pytest.mark.django_db
def test_the_database_refuses_a_second_session_for_the_same_planned_date():
    from django.db import IntegrityError, transaction

    programme = ProgrammeFactory(start_date=datetime.date(2025, 9, 1))
    session = services.create_schedule(programme, rule(count=1))[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            programme=programme,
            kind=session.kind,
            title="Again",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            scheduled_on=session.scheduled_on,
        )


@pytest.mark.django_db
def test_generated_sessions_carry_the_rule_details_and_facilitators(facilitator):
    programme = facilitator.youthcop_roles.get().programme
    created = services.create_schedule(
        programme,
        rule(count=2, venue_name="MJ Le Quartier", activities=["trust_games", "shared_meal"]),
        by=facilitator,
        facilitators=[facilitator],
    )
    session = created[0]
    assert session.venue_name == "MJ Le Quartier"
    assert session.shared_meal  # the shared meal activity implies it
    assert list(session.facilitators.all()) == [facilitator]
    assert session.status == Session.Status.PLANNED
