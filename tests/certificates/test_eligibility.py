import pytest
from wagtail.models import ModelLogEntry

from tests.factories import ParticipantFactory
from youthcop.certificates import services
from youthcop.certificates.models import EligibilityDecision
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
    entry = ModelLogEntry.objects.get(action="youthcop.certificate.awarded_by_hand")
    assert entry.user == facilitator
    assert entry.data["reason"] == "Hospitalised for two months"


def test_refuse_by_hand_then_back_to_the_rules(make_participant, facilitator):
    participant = make_participant(attended=4)
    services.decide_by_hand(participant, decision="refuse", reason="Left the group in June", by=facilitator)
    assert not row_of(participant).eligible
    assert services.clear_decision(participant, by=facilitator)
    assert row_of(participant).eligible
    assert not EligibilityDecision.objects.exists()
    assert ModelLogEntry.objects.filter(action="youthcop.certificate.decision_cleared").count() == 1


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
