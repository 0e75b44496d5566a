import datetime

import pytest
from django.core import mail

from tests.factories import ProgrammeFactory, programme_staff
from tests.sessions.factories import make_group
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions import services
from youthcop_site.demo import sessions as demo
from youthcop.sessions.models import Attendance, Session, SessionKind

pytestmark = pytest.mark.django_db


def test_plan_year_holds_the_past_sessions_with_attendance_and_is_idempotent():
    programme = ProgrammeFactory(start_date=datetime.date(2024, 9, 1))
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    young, officers = make_group(programme, youth=8, police=4)
    held_until = datetime.date(2025, 3, 1)

    demo.plan_year(programme, [facilitator], held_until=held_until, attendance_rate=0.85, seed=7)

    sessions = programme.sessions.all()
    assert sessions.filter(kind=SessionKind.JOINT_WORKSHOP).count() == 12
    assert sessions.filter(kind=SessionKind.CLOSING_CEREMONY).count() == 1
    past = sessions.filter(starts_at__date__lt=held_until)
    assert past.exists() and not past.exclude(status=Session.Status.HELD).exists()
    assert not sessions.filter(starts_at__date__gte=held_until, status=Session.Status.HELD).exists()
    joint = past.filter(kind=SessionKind.JOINT_WORKSHOP).first()
    assert Attendance.objects.filter(session=joint).count() == 12
    summary = services.attendance_summary(programme)
    rates = [summary[p.pk].rate for p in young + officers]
    assert 0.6 < sum(rates) / len(rates) <= 1
    assert mail.outbox == []  # the demo tells nobody

    counts = (Session.objects.count(), Attendance.objects.count())
    demo.plan_year(programme, [facilitator], held_until=held_until, attendance_rate=0.85, seed=7)
    assert (Session.objects.count(), Attendance.objects.count()) == counts


def test_plan_year_can_build_a_completed_year():
    programme = ProgrammeFactory(start_date=datetime.date(2023, 9, 1), status="completed")
    make_group(programme, youth=4, police=2)
    demo.plan_year(programme, [], held_until=programme.end_date + datetime.timedelta(days=1), seed=1)
    assert not programme.sessions.exclude(status=Session.Status.HELD).exists()
    planned, held = services.programme_session_counts(programme)
    assert planned == held == programme.sessions.count()


def test_the_demo_programme_gets_a_year_of_sessions_the_past_ones_held_with_attendance():
    from django.utils import timezone

    from youthcop_site.demo import programmes as programme_demo

    context = demo.load(programme_demo.load({}))
    programme = context["programme"]
    sessions = programme.sessions.all()
    assert sessions.filter(kind=SessionKind.JOINT_WORKSHOP).count() == 12
    first, last = sessions.first().starts_at.date(), sessions.last().starts_at.date()
    assert (last - first).days > 300  # a year, not a few weeks
    today = timezone.localdate()
    past = [s for s in sessions if timezone.localdate(s.starts_at) < today]
    assert len([s for s in past if s.kind == SessionKind.JOINT_WORKSHOP]) >= 3
    assert all(s.status == Session.Status.HELD for s in past)
    with_sheet = [s for s in past if s.takes_attendance]
    assert with_sheet and all(Attendance.objects.filter(session=s).count() > 0 for s in with_sheet)
    assert not sessions.filter(starts_at__date__gt=today, status=Session.Status.HELD).exists()
    summary = services.attendance_summary(programme)
    assert any(figures.expected for figures in summary.values())
