"""Free text copied into the audit log goes with its source on anonymisation and erasure (README rule 6)."""

import pytest
from wagtail.log_actions import log

from tests.certificates.factories import certificate_for
from tests.privacy.conftest import Role
from tests.privacy.dbscan import scan
from tests.privacy.factories import live_through
from youthcop.certificates import services as certificates
from youthcop.privacy.models import AuditLogEntry
from youthcop.privacy.erasure import _without_typed_text, anonymise_participant, erase_participant
from youthcop.programmes import services
from youthcop.sessions.models import Attendance

pytestmark = pytest.mark.django_db

AWARD_REASON = "Missed three workshops after a long stay abroad with her family"
REFUSAL_REASON = "Zephyrine told the group she would rather not have a certificate"
REVOCATION_REASON = "Issued to the wrong person by mistake, says the coordinator"
WITHDRAWAL_REASON = "Moves to another city with her family in June"


def log_texts():
    return " ".join(str(data) for data in AuditLogEntry.objects.values_list("data", flat=True))


def test_every_reason_in_the_audit_log_goes_with_erasure(traces):
    """Hand decisions (one cleared, so its source is gone), a revocation and a withdrawal, then erasure."""
    young = traces["young"]
    facilitator, coordinator = traces["staff"][Role.FACILITATOR], traces["staff"][Role.COORDINATOR]
    live_through(traces, certificate=False)
    certificate = certificate_for(young)
    certificates.decide_by_hand(young, decision="award", reason=AWARD_REASON, by=facilitator)
    certificates.clear_decision(young, by=facilitator)
    certificates.decide_by_hand(young, decision="refuse", reason=REFUSAL_REASON, by=facilitator)
    certificates.revoke(certificate, by=coordinator, reason=REVOCATION_REASON)
    services.withdraw(young, by=traces["staff"][Role.YOUTH_WORKER], reason=WITHDRAWAL_REASON)
    texts = [AWARD_REASON, REFUSAL_REASON, REVOCATION_REASON, WITHDRAWAL_REASON]
    assert all(text in log_texts() for text in texts), "the audit log copied each reason"

    erase_participant(young, by=coordinator)

    assert scan(texts)[AWARD_REASON] == [] and scan(texts)[REFUSAL_REASON] == [] == scan(texts)[WITHDRAWAL_REASON]
    # The revocation reason stays on the certificate (its verification page says why); the log's copy goes.
    assert ("wagtailcore_modellogentry", "data") not in scan([REVOCATION_REASON])[REVOCATION_REASON]
    erased = AuditLogEntry.objects.filter(object_id=str(young.pk), action="youthcop.certificate.awarded_by_hand")
    assert erased.get().data["reason"] == "[removed]"
    assert erased.get().data["programme"] == young.programme_id, "what is not free text stays"


def test_anonymisation_after_retention_removes_them_too(traces):
    young = traces["young"]
    certificates.decide_by_hand(young, decision="award", reason=AWARD_REASON, by=traces["staff"][Role.FACILITATOR])
    anonymise_participant(young)
    assert AWARD_REASON not in log_texts()
    assert scan([AWARD_REASON])[AWARD_REASON] == []


def test_any_copy_of_a_free_text_of_the_participants_records_goes(traces):
    """An action no app lists through the youthcop_log_free_text hook that copies a note is caught by its source."""
    young = traces["young"]
    live_through(traces)
    attendance = Attendance.objects.filter(participant=young).exclude(note="").first()
    copied = {"note": attendance.note, "summary": f"Seen: {attendance.note}"}
    log(attendance, "youthcop.attendance.recorded", data=copied)
    assert attendance.note in log_texts()
    erase_participant(young, by=None)
    assert attendance.note not in log_texts()
    assert "came with her sister" not in log_texts()


def test_reasons_the_code_writes_itself_stay():
    data = _without_typed_text("youthcop.participant.withdrawn", {"reason": "erasure"}, [])
    assert data == {"reason": "erasure"}
