"""Certificates in a participant's data export and on anonymisation."""


from django.utils import timezone
from wagtail.log_actions import log

from ..models import Certificate, EligibilityDecision
from .archives import forget_archives_of
from .documents import verification_url


def export_participant(participant):
    """What this app holds about ``participant``, for a data-access request."""
    certificates = Certificate.objects.filter(participant=participant)
    decisions = EligibilityDecision.objects.filter(participant=participant)
    return {
        "certificates": [
            {
                "code": certificate.code,
                "short_code": certificate.short_code_display,
                "name": certificate.holder_name,
                "programme": certificate.programme_name,
                "police_zone": certificate.police_zone_name,
                "start_date": certificate.start_date.isoformat(),
                "end_date": certificate.end_date.isoformat(),
                "sessions_attended": certificate.sessions_attended,
                "sessions_held": certificate.sessions_expected,
                "language": certificate.language,
                "issued_at": certificate.issued_at.isoformat(),
                "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
                "revocation_reason": certificate.revocation_reason,
                "awarded_by_hand": certificate.awarded_by_hand,
                "verification_url": verification_url(certificate),
            }
            for certificate in certificates
        ],
        "certificate_decisions": [
            {"decision": decision.decision, "reason": decision.reason, "decided_at": decision.decided_at.isoformat()}
            for decision in decisions
        ],
    }


def anonymise_participant(participant):
    """Keep ``participant``'s certificate verifiable, showing initials only; drop hand-made decisions.

    No PDF is stored; the programme's ZIPs, which copy the PDFs, are deleted.
    """
    now = timezone.now()
    for certificate in Certificate.objects.filter(participant=participant, anonymised_at__isnull=True):
        anonymise_certificate(certificate, now=now)
    forget_archives_of(participant.programme_id)  # a ZIP would keep their full name
    EligibilityDecision.objects.filter(participant=participant).delete()


def anonymise_certificate(certificate, now=None):
    certificate.holder_first_name = certificate.holder_first_name[:1]
    certificate.holder_last_name = certificate.holder_last_name[:1]
    certificate.anonymised_at = now or timezone.now()
    certificate.save(update_fields=["holder_first_name", "holder_last_name", "anonymised_at"])
    log(certificate, "youthcop.certificate.anonymised", data={})
