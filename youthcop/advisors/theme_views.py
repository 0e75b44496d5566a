"""Workshop themes: a card on the participant's page, its forms, and the facilitators' board in the admin."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from youthcop.charters.models import Proposal
from youthcop.charters.services.errors import CharterError
from youthcop.core.ratelimit import bad_links_limited
from youthcop.core.scoping import scoped_object_or_404
from youthcop.core.sections import fresh_until
from youthcop.programmes.models import Side
from youthcop.programmes.permissions import programmes_managed_by
from youthcop.programmes.services import participant_page_url
from youthcop.programmes.views import resolve_participant_link
from youthcop.sessions.models import Session

from . import themes


def _back(token):
    return redirect(participant_page_url(token) + "#themes")


# --- The participant's side ----------------------------------------------------------------


def participant_section(request, participant, token):
    """The "themes for the coming workshops" card: while a workshop ahead waits for its theme."""
    programme = participant.programme
    open_until = themes.themes_open_until(programme)
    if open_until is None:
        return ""
    fresh_until(request, open_until)  # the personal page's cached copy
    ranking, decided = themes.participant_themes(programme, participant)
    return render_to_string(
        "youthcop_advisors/themes/section.html",
        {
            "participant": participant,
            "token": token,
            "ranking": ranking,
            "decided": decided,
            "max_length": themes.THEME_MAX_LENGTH,
            "propose_url": reverse("youthcop_advisors:propose_theme", args=[token]),
        },
        request=request,
    )


@never_cache
@require_POST
@bad_links_limited
def propose_theme(request, token):
    link = resolve_participant_link(request, token)
    try:
        themes.propose_theme(link.participant, request.POST.get("text", ""))
    except CharterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you: your theme was added. The others can support it."))
    return _back(token)


@never_cache
@require_POST
@bad_links_limited
def support_theme(request, token, pk):
    link = resolve_participant_link(request, token)
    proposal = get_object_or_404(
        Proposal, pk=pk, programme_id=link.participant.programme_id, kind=Proposal.Kind.THEME
    )
    try:
        themes.toggle_support(link.participant, proposal)
    except CharterError as error:
        messages.error(request, str(error))
    return _back(token)


# --- The facilitators' board (admin) -------------------------------------------------------------


def _programme_for(request, pk):
    return scoped_object_or_404(request, programmes_managed_by(request.user), pk, None)


@require_http_methods(["GET", "POST"])
def theme_board(request, pk):
    """The ranking of the proposed themes per side; set a coming workshop's theme from one, or decline one."""
    programme = _programme_for(request, pk)
    if request.method == "POST":
        proposal = get_object_or_404(themes.theme_proposals(programme), pk=request.POST.get("proposal") or 0)
        try:
            if request.POST.get("decision") == "decline":
                themes.decline_theme(proposal, by=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("The theme was declined; its author sees your reason."))
            else:
                session = scoped_object_or_404(
                    request, Session.objects.filter(programme=programme), request.POST.get("session"), "change"
                )
                themes.choose_theme(session, proposal, by=request.user)
                messages.success(request, _("The theme of %(session)s is fixed.") % {"session": session})
        except CharterError as error:
            messages.error(request, str(error))
        return redirect(request.path)
    return TemplateResponse(
        request,
        "youthcop_advisors/themes/board.html",
        {
            "programme": programme,
            "ranking": list(themes.ranking(programme)),
            "sessions": list(themes.sessions_awaiting_a_theme(programme)),
            "sides": Side,
            "header_title": _("Workshop themes proposed for %(programme)s") % {"programme": programme},
        },
    )


def programme_admin_section(request, programme):
    """A card on the programme's overview: the three most supported themes, with a link to the board."""
    if not programmes_managed_by(request.user).filter(pk=programme.pk).exists():
        return ""
    ranking = list(themes.ranking(programme)[:3])
    waiting = themes.sessions_awaiting_a_theme(programme).count()
    if not ranking and not waiting:
        return ""
    return render_to_string(
        "youthcop_advisors/themes/programme_section.html",
        {
            "ranking": ranking,
            "waiting": waiting,
            "board_url": reverse("youthcop_advisors_admin:themes", args=[programme.pk]),
        },
        request=request,
    )
