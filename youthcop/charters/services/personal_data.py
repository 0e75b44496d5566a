"""Charter data in a participant's export and on anonymisation."""

from django.db import transaction
from django.utils import timezone

from ..models import (
    Proposal,
    ProposalComment,
    ProposalSupport,
    Signature,
)


def initials(name):
    return " ".join(f"{part[0].upper()}." for part in name.split() if part)


def export_participant(participant):
    """Everything the charter keeps about ``participant``, for a data-access request."""
    proposals = Proposal.objects.filter(author=participant).order_by("created_at")
    comments = ProposalComment.objects.filter(author=participant).order_by("created_at")
    supports = ProposalSupport.objects.filter(participant=participant).select_related("proposal")
    signatures = Signature.objects.filter(participant=participant).select_related("version")
    return {
        "charter": {
            "proposals": [
                {
                    "text": p.text,
                    "proposed_at": p.created_at.isoformat(),
                    "method": p.method,
                    "status": p.status,
                    "decided_at": p.decided_at.isoformat() if p.decided_at else None,
                    "decline_reason": p.decline_reason,
                }
                for p in proposals
            ],
            "comments": [
                {"proposal": c.proposal_id, "text": c.text, "written_at": c.created_at.isoformat()} for c in comments
            ],
            "supports": [{"proposal": s.proposal.text, "supported_at": s.created_at.isoformat()} for s in supports],
            "signatures": [
                {
                    "version": s.version.number,
                    "language": s.language,
                    "text_sha256": s.text_sha256,
                    "typed_name": s.typed_name,
                    "signed_at": s.signed_at.isoformat(),
                    "ip_address": s.ip_address,
                    "user_agent": s.user_agent,
                    "method": s.method,
                }
                for s in signatures
            ],
        }
    }


def anonymise_participant(participant):
    """Keep signatures countable (version, hash, time, method) but reduce the name to initials
    and drop IP and user agent; proposals, comments and supports lose their author."""
    now = timezone.now()
    with transaction.atomic():
        for signature in Signature.objects.filter(participant=participant, anonymised_at__isnull=True):
            # QuerySet.update: signatures are otherwise append-only.
            Signature.objects.filter(pk=signature.pk).update(
                typed_name=initials(signature.typed_name), ip_address=None, user_agent="", anonymised_at=now
            )
        Proposal.objects.filter(author=participant).update(author=None)
        ProposalComment.objects.filter(author=participant).update(author=None)
        ProposalSupport.objects.filter(participant=participant).update(participant=None)
