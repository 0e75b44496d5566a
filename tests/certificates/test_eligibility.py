import pytest
from wagtail.models import ModelLogEntry

from tests.factories import ParticipantFactory
from youthcop.certificates import services
from youthcop.certificates.models import EligibilityDecision
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes.models import Participant
from youthcop.sessions.models import SessionKind

from .factories import adopt_version, attend, held_sessions, sign

pytestmark = pytest.mark.django_db


def row_of(participant):
    return services.eligibility_of(participant)


def test_attendance_at_the_threshold_and_a_signature_make_eligible(make_participant):
    at_threshold = make_participant(attended=3)  # 3 of 4 = 75 %
    row = row_of(at_threshold)
    assert (row.attended, row.expected, row.signed) == (3, 4, True)
    assert row.eligible
    assert row.explain()[0] == "Attended 3 of 4 held sessions (75 %, threshold 75 %)."


def test_below_the_threshold_is_not_eligible(make_participant):
    row = row_of(make_participant(attended=2))
    assert not row.eligible
    assert "below the threshold of 75 %" in row.explain()[0]


def test_the_programme_threshold_decides(programme, make_participant):
    participant = make_participant(attended=2)
    programme.certificate_threshold = 50
    programme.save()
    assert row_of(participant).eligible


def test_without_a_signature_of_the_current_version_not_eligible(programme, make_participant):
    unsigned = make_participant(attended=4, signed=False)
    signed_old = make_participant(attended=4, signed=True)
    assert not row_of(unsigned).eligible
    assert "Has not signed the current charter." in row_of(unsigned).explain()
    assert row_of(signed_old).eligible
    adopt_version(programme, number=2)  # a new version asks everyone to sign again
    assert not row_of(signed_old).eligible


def test_nothing_held_yet(programme):
    participant = ParticipantFactory(programme=programme)
    sign(participant, adopt_version(programme))
    row = row_of(participant)
    assert not row.eligible
    assert row.explain()[0] == "No session of theirs has been held yet."


def test_only_sessions_of_their_kind_count(programme, year, make_participant):
    youth_only = held_sessions(programme, 4, kind=SessionKind.YOUTH_PREPARATION)
    young = make_participant(attended=4)
    attend(young, youth_only, 0)
    police = make_participant(attended=3, police=True)
    assert (row_of(young).attended, row_of(young).expected) == (4, 8)
    assert not row_of(young).eligible
    assert (row_of(police).attended, row_of(police).expected) == (3, 4)
    assert row_of(police).eligible


def test_award_by_hand_overrides_the_rules_and_is_audited(make_participant, facilitator):
    participant = make_participant(attended=1, signed=False)
    services.decide_by_hand(participant, decision="award", reason="Hospitalised for two months", by=facilitator)
    row = row_of(participant)
    assert row.eligible and not row.eligible_by_rules
    who = facilitator.get_full_name()
    assert row.explain()[-1] == f"Awarded by hand by {who}: Hospitalised for two months"
    entry = AuditLogEntry.objects.get(action="youthcop.certificate.awarded_by_hand")
    assert entry.user == facilitator
    assert entry.data["reason"] == "Hospitalised for two months"


def test_refuse_by_hand_then_back_to_the_rules(make_participant, facilitator):
    participant = make_participant(attended=4)
    services.decide_by_hand(participant, decision="refuse", reason="Left the group in June", by=facilitator)
    assert not row_of(participant).eligible
    assert services.clear_decision(participant, by=facilitator)
    assert row_of(participant).eligible
    assert not EligibilityDecision.objects.exists()
    assert AuditLogEntry.objects.filter(action="youthcop.certificate.decision_cleared").count() == 1


def test_a_decision_needs_a_reason(make_participant, facilitator):
    participant = make_participant()
    with pytest.raises(services.CertificateError):
        services.decide_by_hand(participant, decision="refuse", reason="  ", by=facilitator)
    assert not EligibilityDecision.objects.exists()


def test_withdrawn_and_waiting_people_are_not_candidates(programme, make_participant):
    enrolled = make_participant()
    make_participant(status=Participant.Status.WITHDRAWN)
    make_participant(status=Participant.Status.WAITING)
    assert [row.participant for row in services.eligibility(programme)] == [enrolled]


@pytest.mark.parametrize("size", [2, 25])
def test_eligibility_queries_do_not_grow_with_the_group(programme, make_participant, facilitator, size, django_assert_max_num_queries):
    people = [make_participant(attended=i % 5) for i in range(size)]
    services.decide_by_hand(people[0], decision="award", reason="r", by=facilitator)
    with django_assert_max_num_queries(6):
        rows = services.eligibility(programme)
        [row.explain() for row in rows]
    assert len(rows) == size


# --- Earned, not issued early: the sessions a person was expected at (README rule 5) ----------------


@pytest.fixture
def long_year(db):
    """A programme with the default minimum of joint workshops, eight of them held, and a charter."""
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(name="Second Wave Long Year")
    return {"programme": programme, "sessions": held_sessions(programme, 8), "version": adopt_version(programme)}


def promoted_at(programme, when, **fields):
    """A young person on the waiting list, offered a place and accepting it at ``when`` (the clock is set)."""
    import datetime
    from unittest import mock

    from youthcop.programmes import services as programmes
    from youthcop.programmes.models import Side

    waiting = ParticipantFactory(
        programme=programme, status=Participant.Status.WAITING, waiting_since=when - datetime.timedelta(days=30), **fields
    )
    with mock.patch("django.utils.timezone.now", return_value=when), programmes.locked_programme(programme.pk) as locked:
        promoted = programmes.promote_next(locked, Side.YOUTH)
    assert promoted == waiting
    with mock.patch("django.utils.timezone.now", return_value=when):
        programmes.accept_offer(waiting)
    waiting.refresh_from_db()
    assert waiting.status == Participant.Status.ENROLLED and waiting.enrolled_at == when
    return waiting


def test_a_late_joiner_at_100_percent_still_needs_the_minimum_of_joint_workshops(long_year):
    import datetime

    programme, sessions = long_year["programme"], long_year["sessions"]
    assert programme.min_joint_workshops == 6  # the default
    late = promoted_at(programme, sessions[6].starts_at - datetime.timedelta(days=1), first_name="Late")
    attend(late, sessions[6:], 2)  # on the sheet of the last two workshops only, present at both
    sign(late, long_year["version"])
    row = row_of(late)
    assert (row.attended, row.expected, row.attendance_percent) == (2, 2, 100)
    assert (row.joint_attended, row.joint_expected, row.minimum_joint) == (2, 2, 6)
    assert row.meets_attendance and not row.meets_minimum
    assert not row.eligible
    reasons = row.explain()
    assert reasons[0].startswith("Joined on ") and reasons[0].endswith(": only the sessions since then count.")
    assert "Attended only 2 of 2 joint workshops, below the minimum of 6." in reasons

    programme.min_joint_workshops = 2  # a programme setting, not a constant
    programme.save()
    assert row_of(Participant.objects.get(pk=late.pk)).eligible


def test_sessions_before_a_place_was_confirmed_do_not_count_against_it(long_year):
    import datetime

    programme, sessions = long_year["programme"], long_year["sessions"]
    joiner = promoted_at(programme, sessions[1].starts_at + datetime.timedelta(days=1))
    # The first two sheets were typed in late, after the promotion: absent from sessions before their place.
    attend(joiner, sessions, 0)
    for session in sessions[2:]:
        session.attendance.filter(participant=joiner).update(status="present")
    sessions[7].attendance.filter(participant=joiner).update(status="absent")
    sign(joiner, long_year["version"])
    row = row_of(joiner)
    assert (row.attended, row.expected, row.joint_attended) == (5, 6, 5)  # 83 % of the six since they joined
    assert not row.eligible  # five joint workshops: one short of the minimum
    sessions[7].attendance.filter(participant=joiner).update(status="late")
    row = row_of(joiner)
    assert (row.attended, row.expected, row.joint_attended) == (6, 6, 6)
    assert row.eligible  # on the sheets: 6 of 8 = 75 %, but two were before their place


def test_a_held_session_they_were_expected_at_counts_even_without_their_line_on_the_sheet(long_year):
    programme, sessions, version = long_year["programme"], long_year["sessions"], long_year["version"]
    from_the_start = ParticipantFactory(programme=programme)
    attend(from_the_start, sessions[:6], 6)  # not on the last two sheets, though enrolled all year
    other = ParticipantFactory(programme=programme)
    attend(other, sessions, 8)
    sign(from_the_start, version)
    row = row_of(from_the_start)
    assert (row.attended, row.expected, row.attendance_percent) == (6, 8, 75)
    assert row.eligible


def test_cancelled_sessions_and_sessions_without_a_sheet_are_not_expected(long_year):
    from youthcop.sessions.models import Session

    programme, sessions, version = long_year["programme"], long_year["sessions"], long_year["version"]
    participant = ParticipantFactory(programme=programme)
    attend(participant, sessions, 6)
    sign(participant, version)
    assert (row_of(participant).attended, row_of(participant).expected) == (6, 8)
    sessions[7].status = Session.Status.CANCELLED  # cancelled after its sheet was taken
    sessions[7].save()
    held_sessions(programme, 1)  # marked held, but nobody took attendance: it holds nobody to account
    row = row_of(participant)
    assert (row.attended, row.expected, row.joint_expected) == (6, 7, 7)


def test_preparations_count_for_the_percentage_joint_workshops_for_the_minimum(long_year):
    programme, sessions, version = long_year["programme"], long_year["sessions"], long_year["version"]
    preparations = held_sessions(programme, 4, kind=SessionKind.YOUTH_PREPARATION)
    young = ParticipantFactory(programme=programme)
    attend(young, sessions, 5)
    attend(young, preparations, 4)
    sign(young, version)
    row = row_of(young)
    assert (row.attended, row.expected, row.joint_attended, row.joint_expected) == (9, 12, 5, 8)
    assert row.meets_attendance and not row.meets_minimum and not row.eligible


def test_the_services_record_when_a_place_was_confirmed(programme):
    from django.utils import timezone

    from tests.factories import enrol_participant
    from youthcop.programmes import services as programmes
    from youthcop.programmes.models import GuardianConsent

    before = timezone.now()
    adult = enrol_participant(programme).participant
    assert adult.status == Participant.Status.ENROLLED and adult.enrolled_at >= before
    minor = enrol_participant(programme, minor=True).participant
    assert minor.status == Participant.Status.AWAITING_CONSENT and minor.enrolled_at is None
    programmes.record_consent(minor, participation=True, photos=False, method=GuardianConsent.Method.ONLINE)
    minor.refresh_from_db()
    assert minor.status == Participant.Status.ENROLLED and minor.enrolled_at >= adult.enrolled_at


def test_the_migration_reads_the_enrolment_date_from_the_history(programme):
    import importlib

    from django.apps import apps

    from tests.factories import enrol_participant
    from youthcop.programmes import services as programmes
    from youthcop.programmes.models import GuardianConsent

    migration = importlib.import_module("youthcop.programmes.migrations.0006_certificates_earned")
    # It ran before youthcop's entries left Wagtail's ModelLogEntry (youthcop_privacy 0002): put them back there.
    move = importlib.import_module("youthcop.privacy.migrations.0002_move_youthcop_log_entries")
    adult = enrol_participant(programme).participant
    minor = enrol_participant(programme, minor=True).participant
    programmes.record_consent(minor, participation=True, photos=False, method=GuardianConsent.Method.PAPER)
    untracked = ParticipantFactory(programme=programme)  # made without the services: no history
    Participant.objects.update(enrolled_at=None)
    move.move_back(apps, None)
    migration.fill_enrolled_at(apps, None)
    logged = {
        entry.object_id: entry.timestamp
        for entry in ModelLogEntry.objects.filter(action__in=["youthcop.participant.registered", "youthcop.participant.enrolled"]).order_by("timestamp")
        if entry.action == "youthcop.participant.enrolled" or entry.data.get("status") == "enrolled"
    }
    for participant in (adult, minor, untracked):
        participant.refresh_from_db()
    assert adult.enrolled_at == logged[str(adult.pk)]
    assert minor.enrolled_at == logged[str(minor.pk)]  # the consent, not the registration
    assert untracked.enrolled_at is None  # counts from the programme's start


def test_only_a_late_joiner_is_told_when_they_joined(long_year):
    import datetime

    from django.utils import timezone

    programme, sessions = long_year["programme"], long_year["sessions"]
    programme.start_date = timezone.localdate(sessions[0].starts_at) - datetime.timedelta(days=10)
    programme.save()
    before_the_start = timezone.now().replace(year=programme.start_date.year - 1)
    on_time = ParticipantFactory(programme=programme, enrolled_at=before_the_start)
    attend(on_time, sessions, 8)
    late = promoted_at(programme, sessions[2].starts_at - datetime.timedelta(hours=2))
    attend(late, sessions[2:], 6)
    rows = {row.participant.pk: row for row in services.eligibility(programme)}
    assert not rows[on_time.pk].joined_late and (rows[on_time.pk].attended, rows[on_time.pk].expected) == (8, 8)
    assert not any(reason.startswith("Joined on") for reason in rows[on_time.pk].explain())
    assert rows[late.pk].joined_late and (rows[late.pk].attended, rows[late.pk].expected) == (6, 6)
