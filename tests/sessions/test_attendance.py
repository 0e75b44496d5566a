from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ParticipantFactory, ProgrammeFactory, UserFactory, officer
from tests.sessions.factories import SessionFactory, days_ago, make_group
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes.models import Participant, Side
from youthcop.sessions import services
from youthcop.sessions.models import AbsenceFlag, Attendance, Session, SessionKind

pytestmark = pytest.mark.django_db

P, L, E, A = "present", "late", "excused", "absent"


def names(queryset):
    return sorted(p.pk for p in queryset)


def test_expected_participants_follow_the_kind_of_session(programme):
    young, officers = make_group(programme, youth=3, police=2)
    ParticipantFactory(programme=programme, status=Participant.Status.WAITING)
    ParticipantFactory(programme=programme, status=Participant.Status.WITHDRAWN)
    ParticipantFactory(programme=programme, status=Participant.Status.AWAITING_CONSENT)
    expected = lambda kind: names(services.expected_participants(SessionFactory(programme=programme, kind=kind)))  # noqa: E731
    everyone = names(young + officers)
    assert expected(SessionKind.JOINT_WORKSHOP) == everyone
    assert expected(SessionKind.INFORMAL_ACTIVITY) == everyone
    assert expected(SessionKind.CLOSING_CEREMONY) == everyone
    assert expected(SessionKind.YOUTH_PREPARATION) == names(young)
    assert expected(SessionKind.POLICE_BRIEFING) == names(officers)
    assert expected(SessionKind.STEERING_COMMITTEE) == []


def test_sessions_expected_for_a_participant_are_those_of_their_kind(programme):
    young, officers = make_group(programme, youth=1, police=1)
    kinds = {kind: SessionFactory(programme=programme, kind=kind) for kind in SessionKind.values}
    SessionFactory(kind=SessionKind.JOINT_WORKSHOP)  # another programme
    assert {s.kind for s in services.sessions_expected_for(young[0])} == {
        "joint_workshop", "youth_preparation", "informal_activity", "closing_ceremony"
    }
    assert {s.kind for s in services.sessions_expected_for(officers[0])} == {
        "joint_workshop", "police_briefing", "informal_activity", "closing_ceremony"
    }
    assert kinds


def test_the_whole_sheet_is_saved_at_once_and_unmarked_people_are_absent(programme, facilitator):
    young, officers = make_group(programme, youth=3, police=1)
    session = SessionFactory(programme=programme)
    result = services.record_attendance(
        session, {young[0].pk: P, young[1].pk: L, officers[0].pk: E}, by=facilitator, notes={young[1].pk: "bus late"}
    )
    marks = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
    assert marks == {young[0].pk: P, young[1].pk: L, young[2].pk: A, officers[0].pk: E}
    assert Attendance.objects.get(participant=young[1]).note == "bus late"
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    assert (session.attended_youth, session.attended_police) == (2, 0)
    assert result.counts == {P: 1, L: 1, A: 1, E: 1}
    assert "1 present, 1 late, 1 excused, 1 absent" in result.message
    assert AuditLogEntry.objects.filter(action="youthcop.attendance.recorded", object_id=str(session.pk)).exists()


def test_correcting_the_sheet_updates_the_records(programme):
    young, _ = make_group(programme, youth=2, police=0)
    session = SessionFactory(programme=programme, kind=SessionKind.YOUTH_PREPARATION)
    services.record_attendance(session, {young[0].pk: A, young[1].pk: P})
    services.record_attendance(session, {young[0].pk: P, young[1].pk: P})
    assert Attendance.objects.filter(session=session).count() == 2
    assert set(Attendance.objects.filter(session=session).values_list("status", flat=True)) == {P}


def test_someone_recorded_earlier_stays_on_the_sheet_after_withdrawing(programme):
    young, _ = make_group(programme, youth=2, police=0)
    session = SessionFactory(programme=programme, kind=SessionKind.YOUTH_PREPARATION)
    services.record_attendance(session, {young[0].pk: P, young[1].pk: P})
    Participant.objects.filter(pk=young[1].pk).update(status=Participant.Status.WITHDRAWN)
    assert names(services.sheet_participants(session)) == names(young)
    later = SessionFactory(programme=programme, kind=SessionKind.YOUTH_PREPARATION)
    assert names(services.sheet_participants(later)) == [young[0].pk]


def test_saving_attendance_takes_the_same_number_of_queries_for_5_and_30():
    def sheet_of(size):
        programme = ProgrammeFactory()
        young, officers = make_group(programme, youth=size * 2 // 3, police=size - size * 2 // 3)
        people = young + officers
        services.record_attendance(SessionFactory(programme=programme, starts_at=days_ago(40)), {})
        marks = {p.pk: P for p in people}
        marks[people[0].pk] = A  # an absence after an absence: a flag, in the same fixed queries
        return SessionFactory(programme=programme), marks

    small, large = sheet_of(5), sheet_of(30)
    counts = []
    for session, marks in (small, large):
        with CaptureQueriesContext(connection) as queries:
            services.record_attendance(session, marks)
        counts.append(len(queries))
        assert Attendance.objects.filter(session=session).count() == len(marks)
        assert AbsenceFlag.objects.filter(session=session).count() == 1
    assert counts[0] == counts[1]
    assert counts[0] <= 20


def test_a_joint_session_outside_the_ratio_tolerance_is_flagged(programme, settings):
    young, officers = make_group(programme, youth=6, police=3)
    session = SessionFactory(programme=programme)
    # 6 young people for 1 officer: 6:1 against a target of 2:1.
    marks = {p.pk: P for p in young} | {officers[0].pk: P}
    assert services.record_attendance(session, marks).ratio_alert
    session.refresh_from_db()
    assert session.ratio_alert
    assert list(services.programme_ratio_alerts(programme)) == [session]
    # 4 young people for 2 officers is on target.
    marks = {p.pk: P for p in young[:4]} | {o.pk: P for o in officers[:2]}
    assert not services.record_attendance(session, marks).ratio_alert
    assert not services.programme_ratio_alerts(programme).exists()


def test_the_ratio_tolerance_is_the_programmes(programme):
    young, officers = make_group(programme, youth=5, police=2)  # 2.5 per officer
    session = SessionFactory(programme=programme)
    marks = {p.pk: P for p in young + officers}
    assert not services.record_attendance(session, marks).ratio_alert  # within the default 0.5
    programme.ratio_tolerance = Decimal("0.25")
    programme.save(update_fields=["ratio_tolerance"])
    session.refresh_from_db()
    assert services.record_attendance(session, marks).ratio_alert


def test_sessions_of_one_side_are_never_ratio_flagged(programme):
    young, _ = make_group(programme, youth=5, police=1)
    session = SessionFactory(programme=programme, kind=SessionKind.YOUTH_PREPARATION)
    assert not services.record_attendance(session, {p.pk: P for p in young}).ratio_alert


def _absence_setup(programme):
    worker = UserFactory(email="karim@example.org")
    young = ParticipantFactory(programme=programme, registered_by=worker, preferred_language="fr")
    sessions = [SessionFactory(programme=programme, starts_at=days_ago(days)) for days in (60, 30, 10)]
    return worker, young, sessions


def test_two_unexcused_absences_in_a_row_flag_the_participant_to_their_youth_worker(
    programme, django_capture_on_commit_callbacks
):
    worker, young, (first, second, third) = _absence_setup(programme)
    services.record_attendance(first, {young.pk: A})
    assert not AbsenceFlag.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.record_attendance(second, {young.pk: A})
    assert result.flagged == [young]
    flag = AbsenceFlag.objects.get()
    assert (flag.participant, flag.session) == (young, second)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["karim@example.org"]
    assert young.full_name in mail.outbox[0].subject
    # Recording the same sheet again neither flags nor emails twice.
    with django_capture_on_commit_callbacks(execute=True):
        services.record_attendance(second, {young.pk: A})
    assert AbsenceFlag.objects.count() == 1
    assert len(mail.outbox) == 1
    # A third absence is a new flag.
    services.record_attendance(third, {young.pk: A})
    assert AbsenceFlag.objects.count() == 2


def test_an_excused_absence_or_attending_breaks_the_row(programme):
    worker, young, (first, second, third) = _absence_setup(programme)
    services.record_attendance(first, {young.pk: A})
    services.record_attendance(second, {young.pk: E})
    services.record_attendance(third, {young.pk: A})
    assert not AbsenceFlag.objects.exists()


def test_sessions_keyed_in_out_of_order_still_flag_the_later_one(programme):
    worker, young, (first, second, third) = _absence_setup(programme)
    services.record_attendance(second, {young.pk: A})
    services.record_attendance(first, {young.pk: A})
    assert AbsenceFlag.objects.get().session == second


def test_a_corrected_sheet_withdraws_an_open_flag(programme):
    worker, young, (first, second, third) = _absence_setup(programme)
    services.record_attendance(first, {young.pk: A})
    services.record_attendance(second, {young.pk: A})
    assert AbsenceFlag.objects.count() == 1
    services.record_attendance(first, {young.pk: P})  # the first was keyed wrongly
    assert not AbsenceFlag.objects.exists()


def test_handled_flags_leave_the_open_list(programme, facilitator):
    worker, young, (first, second, third) = _absence_setup(programme)
    services.record_attendance(first, {young.pk: A})
    services.record_attendance(second, {young.pk: A})
    flag = AbsenceFlag.objects.get()
    assert list(services.open_absence_flags_visible_to(facilitator)) == [flag]
    services.resolve_absence_flag(flag, by=facilitator, note="Called; exams this month.")
    assert not services.open_absence_flags_visible_to(facilitator).exists()


def test_attendance_cannot_be_taken_for_a_cancelled_or_coming_session(programme):
    young, _ = make_group(programme, youth=1, police=0)
    cancelled = SessionFactory(programme=programme, status=Session.Status.CANCELLED)
    coming = SessionFactory(programme=programme, starts_at=days_ago(-3))
    steering = SessionFactory(programme=programme, kind=SessionKind.STEERING_COMMITTEE)
    for session in (cancelled, coming, steering):
        with pytest.raises(services.AttendanceNotOpen):
            services.record_attendance(session, {young[0].pk: P})
    assert not Attendance.objects.exists()


def test_attendance_summary_counts_held_sessions_of_their_kind_since_they_joined(programme, django_assert_num_queries):
    young, officers = make_group(programme, youth=2, police=1)
    joint1 = SessionFactory(programme=programme, starts_at=days_ago(50))
    prep = SessionFactory(programme=programme, kind=SessionKind.YOUTH_PREPARATION, starts_at=days_ago(45))
    brief = SessionFactory(programme=programme, kind=SessionKind.POLICE_BRIEFING, starts_at=days_ago(44))
    services.record_attendance(joint1, {young[0].pk: P, young[1].pk: A, officers[0].pk: L})
    services.record_attendance(prep, {young[0].pk: E, young[1].pk: P})
    services.record_attendance(brief, {officers[0].pk: A})
    late_joiner = ParticipantFactory(programme=programme)
    joint2 = SessionFactory(programme=programme, starts_at=days_ago(20))
    services.record_attendance(joint2, {young[0].pk: P, late_joiner.pk: P, officers[0].pk: P})
    SessionFactory(programme=programme, starts_at=days_ago(-10))  # planned: not counted
    cancelled = SessionFactory(programme=programme, starts_at=days_ago(5))
    services.record_attendance(cancelled, {young[0].pk: A})
    services.cancel_session(cancelled)  # attendance of a cancelled session does not count

    with django_assert_num_queries(2):
        summary = services.attendance_summary(programme)
    assert (summary[young[0].pk].attended, summary[young[0].pk].expected) == (2, 3)
    assert summary[young[0].pk].rate == pytest.approx(2 / 3)
    assert (summary[young[1].pk].attended, summary[young[1].pk].expected) == (1, 3)
    assert (summary[officers[0].pk].attended, summary[officers[0].pk].expected) == (2, 3)
    assert (summary[late_joiner.pk].attended, summary[late_joiner.pk].expected) == (1, 1)
    nobody = ParticipantFactory(programme=programme)
    assert services.attendance_summary(programme)[nobody.pk].rate is None


def test_programme_session_counts(programme):
    held = SessionFactory(programme=programme)
    make_group(programme, youth=1, police=0)
    services.record_attendance(held, {})
    SessionFactory(programme=programme, starts_at=days_ago(-20))
    SessionFactory(programme=programme, starts_at=days_ago(-50), status=Session.Status.CANCELLED)
    assert services.programme_session_counts(programme) == (2, 1)


def test_session_attendance_rate(programme):
    young, officers = make_group(programme, youth=3, police=1)
    session = SessionFactory(programme=programme)
    assert services.session_attendance_rate(session) is None
    services.record_attendance(session, {young[0].pk: P, young[1].pk: L, officers[0].pk: A})
    assert services.session_attendance_rate(session) == 0.5
    annotated = services.with_attendance_figures(Session.objects.filter(pk=session.pk)).get()
    assert (annotated.attended_count, annotated.recorded) == (2, 4)


def test_dietary_needs_of_a_shared_meal_are_counts_without_names(programme):
    ParticipantFactory(programme=programme, dietary_needs=["halal"])
    ParticipantFactory(programme=programme, dietary_needs=["halal", "allergies"])
    ParticipantFactory(programme=programme, dietary_needs=["vegan"])
    ParticipantFactory(programme=programme, dietary_needs=[])
    ParticipantFactory(programme=programme, dietary_needs=["kosher"], status=Participant.Status.WITHDRAWN)
    officer(programme=programme, dietary_needs=["vegetarian"])
    session = SessionFactory(programme=programme, shared_meal=True)
    assert services.dietary_counts(session) == [("Halal", 2), ("Vegetarian", 1), ("Vegan", 1), ("Food allergies", 1)]
    briefing = SessionFactory(programme=programme, kind=SessionKind.POLICE_BRIEFING, shared_meal=True)
    assert services.dietary_counts(briefing) == [("Vegetarian", 1)]


def test_police_never_appear_among_youth_preparation_rows(programme):
    young, officers = make_group(programme, youth=2, police=2)
    session = SessionFactory(programme=programme, kind=SessionKind.YOUTH_PREPARATION)
    assert {p.side for p in services.sheet_participants(session)} == {Side.YOUTH}
