"""The participatory design of the year: participants propose and support themes for the coming workshops.

This reuses the charter's proposal mechanism (``youthcop.charters.services.proposals``):
a theme is a ``Proposal`` of kind THEME, proposed, supported, ranked, declined or
merged by the same functions. What is the themes' own: when proposals are open
(a joint workshop ahead whose theme is not fixed yet) and "taking a theme up"
— setting a session's theme from a proposal.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from youthcop.charters.models import Proposal, ProposalSupport
from youthcop.charters.services import proposals
from youthcop.charters.services.errors import CharterError, ProposalsClosed
from youthcop.charters.services.participation import CLOSED_PROGRAMME
from youthcop.sessions.models import Session, SessionKind

THEME = Proposal.Kind.THEME
THEME_MAX_LENGTH = Session._meta.get_field("theme").max_length


class ThemesClosed(ProposalsClosed):
    @property
    def message(self):
        return _("No coming workshop is waiting for a theme: themes are closed for now.")


def sessions_awaiting_a_theme(programme):
    """The programme's coming joint workshops whose theme is not fixed yet, soonest first."""
    return Session.objects.upcoming().filter(programme=programme, kind=SessionKind.JOINT_WORKSHOP, theme="")


def themes_open_until(programme):
    """None when themes are closed; else when that may change with time alone: the end of the soonest
    workshop awaiting its theme (one query)."""
    if programme.status in CLOSED_PROGRAMME:
        return None
    return sessions_awaiting_a_theme(programme).order_by("ends_at").values_list("ends_at", flat=True).first()


def themes_are_open(programme):
    return themes_open_until(programme) is not None


def theme_proposals(programme):
    return Proposal.objects.filter(programme=programme, kind=THEME)


def propose_theme(participant, text):
    """``participant`` proposes a theme for the coming workshops (the charter's ``propose``)."""
    text = (text or "").strip()
    if not text:
        raise CharterError(_("Write a theme first."))
    if len(text) > THEME_MAX_LENGTH:
        raise CharterError(_("A theme holds at most %(max)s characters.") % {"max": THEME_MAX_LENGTH})
    if not themes_are_open(participant.programme):
        raise ThemesClosed
    return proposals.propose(participant, text, kind=THEME)


def toggle_support(participant, proposal):
    """Support a theme, or withdraw the support (the charter's ``toggle_support``)."""
    if proposal.kind != THEME or not themes_are_open(participant.programme):
        raise ThemesClosed
    return proposals.toggle_support(participant, proposal)


def ranking(programme, participant=None):
    """The open themes, most supported first, with support counts per side (and ``supported`` by ``participant``)."""
    queryset = proposals.ranked(theme_proposals(programme).filter(status=Proposal.Status.OPEN))
    if participant is not None:
        mine = ProposalSupport.objects.filter(proposal=OuterRef("pk"), participant=participant)
        queryset = queryset.annotate(supported=Exists(mine))
    return queryset


def participant_themes(programme, participant):
    """``(ranking, decided)`` for ``participant``'s card in one query: the open themes ranked as ``ranking`` ranks
    them, and ``participant``'s own themes that were chosen or declined, newest first."""
    mine = ProposalSupport.objects.filter(proposal=OuterRef("pk"), participant=participant)
    rows = list(
        proposals.ranked(
            theme_proposals(programme).filter(Q(status=Proposal.Status.OPEN) | Q(author=participant))
        ).annotate(supported=Exists(mine))
    )
    open_ = [row for row in rows if row.status == Proposal.Status.OPEN]
    decided = sorted(
        (row for row in rows if row.status != Proposal.Status.OPEN), key=lambda row: (row.created_at, row.pk), reverse=True
    )
    return open_, decided


def choose_theme(session, proposal, *, by):
    """Fix ``session``'s theme from an open theme ``proposal``; the proposal is taken up (accepted)."""
    if proposal.kind != THEME or proposal.programme_id != session.programme_id:
        raise CharterError(_("Choose a theme proposed in this programme."))
    if session.theme:
        raise CharterError(_("This session's theme is already fixed."))
    with transaction.atomic():
        proposals.take_up(proposal, by=by, action="youthcop.theme.chosen", data={"session": session.pk})
        session.theme = proposal.text[:THEME_MAX_LENGTH]
        session.save(update_fields=["theme", "updated_at"])
    return session


def decline_theme(proposal, *, by, reason):
    """Decline a theme with a reason its author reads (the charter's ``decline_proposal``)."""
    if proposal.kind != THEME:
        raise CharterError(_("Choose a theme proposal."))
    return proposals.decline_proposal(proposal, by=by, reason=reason)
