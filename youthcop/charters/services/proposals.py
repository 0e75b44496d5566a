"""Proposals, comments and support while the group writes its charter."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from youthcop.programmes.models import Side

from ..models import (
    Charter,
    Proposal,
    ProposalComment,
    ProposalSupport,
)
from .errors import CharterError, CharterLocked, ProposalAlreadyDecided, ProposalsClosed
from .participation import CLOSED_PROGRAMME, _check_takes_part
from .text import draft_of, original_charter


def proposals_are_open(programme, charter=None):
    charter = charter if charter is not None else original_charter(programme)
    return charter is not None and charter.proposals_open and programme.status not in CLOSED_PROGRAMME


def _locked_charter(programme_id):
    """The programme's original charter, its row locked until the transaction ends."""
    return Charter.objects.select_for_update().filter(programme_id=programme_id).order_by("pk").first()


def propose(participant, text, *, by=None, kind=Proposal.Kind.COMMITMENT):
    """Record ``participant``'s proposed commitment (or, of ``kind`` THEME, a workshop theme).

    ``by`` is the facilitator who enters a proposal collected on paper.
    Raises ``ProposalsClosed`` while proposals are closed (e.g. during an adoption).
    A theme's caller decides whether themes are open (``youthcop.advisors.themes``).
    """
    text = text.strip()
    with transaction.atomic():
        if kind == Proposal.Kind.COMMITMENT:
            # The charter row's lock orders proposals against a concurrent adoption.
            charter = _locked_charter(participant.programme_id)
            if not proposals_are_open(participant.programme, charter):
                raise ProposalsClosed
        _check_takes_part(participant, participant.programme_id)
        proposal = Proposal.objects.create(
            programme_id=participant.programme_id,
            author=participant,
            text=text,
            kind=kind,
            method=Proposal.Method.PAPER if by else Proposal.Method.ONLINE,
            entered_by=by,
        )
        log(proposal, "youthcop.charter.proposed", user=by, data={"method": proposal.method, "kind": kind})
    return proposal


def comment_on(participant, proposal, text):
    """Add ``participant``'s comment to an open proposal of their programme."""
    _check_takes_part(participant, proposal.programme_id)
    if proposal.status != Proposal.Status.OPEN:
        raise ProposalAlreadyDecided
    if not proposals_are_open(participant.programme):
        raise ProposalsClosed
    return ProposalComment.objects.create(proposal=proposal, author=participant, text=text.strip())


def toggle_support(participant, proposal):
    """Support someone else's open proposal, or withdraw the support. Returns True when supported."""
    _check_takes_part(participant, proposal.programme_id)
    if proposal.status != Proposal.Status.OPEN:
        raise ProposalAlreadyDecided
    if proposal.author_id == participant.pk:
        raise CharterError(_("You cannot support your own proposal."))
    deleted, _details = ProposalSupport.objects.filter(proposal=proposal, participant=participant).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=proposal, participant=participant)
    except IntegrityError:  # a double click: the support already exists
        pass
    return True


def _decide(proposal_id, *, by):
    proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
    if proposal.status != Proposal.Status.OPEN:
        raise ProposalAlreadyDecided
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    return proposal


def _check_not_locked_by_other(charter, user):
    if charter.locked and charter.locked_by_id != getattr(user, "pk", None):
        raise CharterLocked(
            _("%(name)s is editing the charter (it is locked). Try again when they are done.")
            % {"name": charter.locked_by.get_full_name() or charter.locked_by.get_username()}
        )


def accept_proposal(proposal, *, by):
    """Add ``proposal`` as a commitment to the draft of the programme's charter (a new revision)."""
    if proposal.kind != Proposal.Kind.COMMITMENT:
        raise CharterError(_("A workshop theme is chosen for a session, not added to the charter."))
    with transaction.atomic():
        proposal = _decide(proposal.pk, by=by)
        charter = _locked_charter(proposal.programme_id)
        if charter is None:
            raise CharterError(_("Create the programme's charter before accepting proposals."))
        _check_not_locked_by_other(charter, by)
        draft = draft_of(charter)
        draft.commitments.append(("commitment", proposal.text))
        draft.save_revision(user=by, log_action=True)
        proposal.status = Proposal.Status.ACCEPTED
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        log(proposal, "youthcop.charter.proposal_accepted", user=by, data={"charter": charter.pk})
    return proposal


def merge_proposal(proposal, into, *, by):
    """Mark ``proposal`` as a duplicate of ``into``; its supporters now support ``into``."""
    if proposal.pk == into.pk or proposal.programme_id != into.programme_id or proposal.kind != into.kind:
        raise CharterError(_("Choose another proposal of the same programme."))
    with transaction.atomic():
        proposal = _decide(proposal.pk, by=by)
        proposal.status = Proposal.Status.MERGED
        proposal.merged_into = into
        proposal.save(update_fields=["status", "merged_into", "decided_by", "decided_at"])
        already = into.supports.values("participant_id")
        movable = proposal.supports.exclude(participant_id__in=already).exclude(participant_id=into.author_id)
        ProposalSupport.objects.bulk_create(
            [ProposalSupport(proposal=into, participant_id=pid) for pid in movable.values_list("participant_id", flat=True)]
        )
        log(proposal, "youthcop.charter.proposal_merged", user=by, data={"into": into.pk})
    return proposal


def take_up(proposal, *, by, action, data=None):
    """Accept an open ``proposal`` outside the charter (a workshop theme chosen for a session); logs ``action``."""
    with transaction.atomic():
        proposal = _decide(proposal.pk, by=by)
        proposal.status = Proposal.Status.ACCEPTED
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        log(proposal, action, user=by, data=data or {})
    return proposal


def ranked(queryset):
    """``queryset`` of proposals with ``support_count`` and its part by side (``youth_support``,
    ``police_support``), the most supported first: the group's ranking."""
    return queryset.annotate(
        support_count=Count("supports", distinct=True),
        youth_support=Count("supports", filter=Q(supports__participant__side=Side.YOUTH), distinct=True),
        police_support=Count("supports", filter=Q(supports__participant__side=Side.POLICE), distinct=True),
    ).order_by("-support_count", "-created_at", "-pk")


def decline_proposal(proposal, *, by, reason):
    """Decline ``proposal`` with a reason its author reads on their page."""
    reason = reason.strip()
    if not reason:
        raise CharterError(_("Give the author a reason."))
    with transaction.atomic():
        proposal = _decide(proposal.pk, by=by)
        proposal.status = Proposal.Status.DECLINED
        proposal.decline_reason = reason[:500]
        proposal.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
        log(proposal, "youthcop.charter.proposal_declined", user=by, data={})
    return proposal


def set_proposals_open(programme, is_open, *, by):
    """Open or close new proposals for every language of the programme's charter."""
    with transaction.atomic():
        charter = _locked_charter(programme.pk)
        if charter is None:
            return 0
        updated = Charter.objects.filter(programme=programme).update(proposals_open=is_open)
        log(charter, "youthcop.charter.proposals_opened" if is_open else "youthcop.charter.proposals_closed", user=by)
    return updated


def proposals_to_answer(programmes):
    """The open proposals of ``programmes``, the oldest first: the facilitators still owe them an answer."""
    return (
        Proposal.objects.filter(programme__in=programmes, status=Proposal.Status.OPEN, kind=Proposal.Kind.COMMITMENT)
        .select_related("programme", "author")
        .order_by("created_at", "pk")
    )
