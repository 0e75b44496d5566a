"""Admin actions on one participant: withdraw, personal link, paper consent, guardian request sent again.

Each looks the participant up with ``scoped_object_or_404``, through the
permission policy, so a participant outside the user's scope answers 404.
"""

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.widgets.button import MenuItem

from youthcop.core.scoping import scoped_object_or_404
from youthcop.core.tasks import enqueue_on_commit

from . import offers, services, tasks
from .forms import PaperConsentForm, WithdrawForm
from .models import Participant, PersonalLink
from .permissions import Action, as_seen_by


def participant_action_buttons(participant, actions):
    """The row-menu actions on ``participant``: only those in ``actions`` (what the user may take)."""
    buttons = offers.offer_buttons(participant, actions)
    url = lambda name: reverse(f"youthcop_admin_participants:{name}", args=[participant.pk])  # noqa: E731
    if participant.status != Participant.Status.WITHDRAWN:
        if Action.LINK in actions:
            buttons.append(MenuItem(_("Personal link"), url=url("link"), icon_name="link", priority=40))
        if Action.WITHDRAW in actions:
            buttons.append(MenuItem(_("Withdraw"), url=url("withdraw"), icon_name="logout", priority=50))
    if participant.side == "youth" and Action.CONSENT in actions and participant.date_of_birth:
        buttons.append(MenuItem(_("Guardian consent"), url=url("consent"), icon_name="doc-full", priority=45))
        if services.awaits_guardian(participant):
            buttons.append(
                MenuItem(_("Resend guardian request"), url=url("resend_guardian_request"), icon_name="mail", priority=46)
            )
    return buttons


def _index_url():
    return reverse("youthcop_admin_participants:index")


def _busy(request, busy):
    messages.error(request, str(busy))


@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    participant = scoped_object_or_404(request, Participant.objects.select_related("programme"), pk, Action.WITHDRAW)
    shown = as_seen_by(request.user, participant)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            promoted = services.withdraw(participant, by=request.user, reason=form.cleaned_data["reason"])
        except services.ProgrammeBusy as busy:
            _busy(request, busy)
        else:
            messages.success(request, _("%(name)s is withdrawn.") % {"name": shown.full_name})
            if promoted:
                messages.info(
                    request,
                    _("%(name)s moved up from the waiting list: %(status)s.")
                    % {"name": as_seen_by(request.user, promoted).full_name, "status": promoted.status_label()},
                )
            return redirect(_index_url())
    return TemplateResponse(
        request,
        "youthcop_programmes/admin/withdraw.html",
        {"participant": shown, "form": form, "header_title": _("Withdraw %(name)s") % {"name": shown}},
    )


@require_http_methods(["GET", "POST"])
def personal_link(request, pk):
    """Show the participant's personal link (URL and QR code), send it by email, or revoke it.

    Showing or sending gives the participant's live link — the same one each
    time, a new one only if none is live — so links they saved and calendars
    they subscribed to keep working. Revoking asks for a confirmation and is
    written to the participant's history; the next link is then a new one.
    Once the programme's links have ended no link is handed out (README rule 7).
    """
    participant = scoped_object_or_404(request, Participant.objects.select_related("programme"), pk, Action.LINK)
    if participant.status == Participant.Status.WITHDRAWN:
        raise Http404
    links_end = services.links_end(participant)
    links_ended = links_end <= timezone.now()
    context = {
        "participant": participant,
        "header_title": _("Personal link of %(name)s") % {"name": participant},
        "links_end": links_end,
        "links_ended": links_ended,
    }
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            context["header_title"] = _("Revoke the personal link of %(name)s") % {"name": participant}
            return TemplateResponse(request, "youthcop_programmes/admin/personal_link_revoke.html", context)
        if action == "revoke_confirmed":
            services.revoke_links(participant, PersonalLink.Purpose.PARTICIPANT, by=request.user)
            messages.success(
                request, _("The personal link no longer works. The next link shown or sent will be a new one.")
            )
            return redirect(request.path)
        if links_ended and action in ("email", "show"):
            messages.error(request, _("This programme's personal links have ended: there is no link to hand out."))
            return redirect(request.path)
        if action == "email":
            if not participant.email:
                messages.error(request, _("%(name)s has no email address.") % {"name": participant.full_name})
            else:
                enqueue_on_commit(tasks.email_participant_link, participant.pk)
                messages.success(request, _("The personal link was sent to %(email)s.") % {"email": participant.email})
            return redirect(request.path)
        if action == "show":
            token = services.issue_link(participant, by=request.user)
            url = request.build_absolute_uri(services.participant_page_url(token))
            context["url"] = url
            context["qr_svg"] = segno.make(url, error="m").svg_inline(scale=6, title=_("Personal link"))
    context["has_live_link"] = not links_ended and services.has_live_link(participant)
    return TemplateResponse(request, "youthcop_programmes/admin/personal_link.html", context)


@require_http_methods(["GET", "POST"])
def paper_consent(request, pk):
    participant = scoped_object_or_404(request, Participant.objects.select_related("programme"), pk, Action.CONSENT)
    form = PaperConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(participant, method="paper", by=request.user, **form.cleaned_data)
        except services.ProgrammeBusy as busy:
            _busy(request, busy)
        else:
            participant.refresh_from_db()
            messages.success(
                request,
                _("Consent recorded. %(name)s: %(status)s.")
                % {"name": participant.full_name, "status": participant.status_label()},
            )
            return redirect(_index_url())
    return TemplateResponse(
        request,
        "youthcop_programmes/admin/paper_consent.html",
        {
            "participant": participant,
            "form": form,
            "consents": participant.consents.select_related("collected_by"),
            "header_title": _("Guardian consent of %(name)s") % {"name": participant},
        },
    )


@require_http_methods(["GET", "POST"])
def resend_guardian_request(request, pk):
    """Email the guardian of a minor awaiting consent their request again, after a confirmation.

    At most once in ``services.GUARDIAN_REQUEST_INTERVAL``; each time written to the participant's history.
    """
    participant = scoped_object_or_404(request, Participant.objects.select_related("programme"), pk, Action.CONSENT)
    back = get_valid_next_url_from_request(request) or _index_url()
    awaits = services.awaits_guardian(participant)
    if not awaits and request.method == "POST":
        messages.error(request, _not_awaiting_guardian(participant))
        return redirect(back)
    if request.method == "POST":
        try:
            services.ask_guardian_again(participant, by=request.user)
        except services.SentTooRecently as too_soon:
            messages.error(request, str(too_soon))
        else:
            enqueue_on_commit(tasks.email_guardian_consent_request, participant.pk)
            messages.success(
                request,
                _("The consent request was sent again to %(email)s, the guardian of %(name)s.")
                % {"email": participant.guardian_email, "name": participant.full_name},
            )
        return redirect(back)
    return TemplateResponse(
        request,
        "youthcop_programmes/admin/resend_guardian_request.html",
        {
            "participant": participant,
            "awaits_guardian": awaits,
            "not_awaiting": "" if awaits else _not_awaiting_guardian(participant),
            "next": back,
            "header_title": _("Resend the guardian request of %(name)s") % {"name": participant},
        },
    )


def _not_awaiting_guardian(participant):
    return _("%(name)s is not awaiting a guardian's consent by email: there is no request to send again.") % {
        "name": participant.full_name
    }


# --- Links to the personal-data views (youthcop/privacy/views.py) ----------------------


def _privacy_url(name, participant, *args):
    return reverse(f"youthcop_admin_privacy:{name}", args=[participant.pk, *args])


def privacy_buttons(participant, actions):
    """Export, erase and confidential-notes actions of ``participant``: only those in ``actions``."""
    buttons = []
    if Action.NOTES in actions:
        buttons.append(
            MenuItem(_("Confidential notes"), url=_privacy_url("notes", participant), icon_name="lock", priority=60)
        )
    if Action.EXPORT in actions:
        buttons.append(
            MenuItem(
                _("Export data (PDF)"), url=_privacy_url("export", participant, "pdf"), icon_name="download", priority=70
            )
        )
        buttons.append(
            MenuItem(
                _("Export data (JSON)"),
                url=_privacy_url("export", participant, "json"),
                icon_name="download",
                priority=71,
            )
        )
    if Action.ERASE in actions and not participant.anonymised_at:
        buttons.append(
            MenuItem(_("Erase personal data"), url=_privacy_url("erase", participant), icon_name="bin", priority=80)
        )
    return buttons
