"""Admin actions on one participant: withdraw, personal link, paper consent.

Each looks the participant up through the permission policy, so a
participant outside the user's scope answers 404.
"""

import segno
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.widgets.button import MenuItem

from . import services, tasks
from .forms import PaperConsentForm, WithdrawForm
from .models import Participant, PersonalLink
from .permissions import participant_policy


def participant_for(request, pk, action="change"):
    participants = participant_policy.instances_user_has_permission_for(request.user, action)
    try:
        return participants.select_related("programme").get(pk=pk)
    except (Participant.DoesNotExist, ValueError):
        raise Http404 from None


def participant_action_buttons(participant):
    buttons = []
    url = lambda name: reverse(f"youthcop_admin_participants:{name}", args=[participant.pk])  # noqa: E731
    if participant.status != Participant.Status.WITHDRAWN:
        buttons.append(MenuItem(_("Personal link"), url=url("link"), icon_name="link", priority=40))
        buttons.append(MenuItem(_("Withdraw"), url=url("withdraw"), icon_name="logout", priority=50))
    if participant.side == "youth" and participant.date_of_birth:
        buttons.append(MenuItem(_("Guardian consent"), url=url("consent"), icon_name="doc-full", priority=45))
    return buttons


def _index_url():
    return reverse("youthcop_admin_participants:index")


def _busy(request, busy):
    messages.error(request, str(busy))


@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    participant = participant_for(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            promoted = services.withdraw(participant, by=request.user, reason=form.cleaned_data["reason"])
        except services.ProgrammeBusy as busy:
            _busy(request, busy)
        else:
            messages.success(request, _("%(name)s is withdrawn.") % {"name": participant.full_name})
            if promoted:
                messages.info(
                    request,
                    _("%(name)s moved up from the waiting list: %(status)s.")
                    % {"name": promoted.full_name, "status": promoted.get_status_display()},
                )
            return redirect(_index_url())
    return TemplateResponse(
        request,
        "youthcop_programmes/admin/withdraw.html",
        {"participant": participant, "form": form, "header_title": _("Withdraw %(name)s") % {"name": participant}},
    )


@require_http_methods(["GET", "POST"])
def personal_link(request, pk):
    """Show a new personal link (as a URL and a QR code) or send it by email.

    Only a hash of a link is stored, so showing it means issuing a new one:
    the previous link stops working, which is also how a lost link is revoked.
    """
    participant = participant_for(request, pk)
    context = {"participant": participant, "header_title": _("Personal link of %(name)s") % {"name": participant}}
    if participant.status == Participant.Status.WITHDRAWN:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "email":
            if not participant.email:
                messages.error(request, _("%(name)s has no email address.") % {"name": participant.full_name})
            else:
                transaction.on_commit(lambda: tasks.email_participant_link.enqueue(participant.pk))
                messages.success(request, _("A new link was sent to %(email)s.") % {"email": participant.email})
            return redirect(request.path)
        if action == "revoke":
            services.revoke_links(participant, PersonalLink.Purpose.PARTICIPANT, by=request.user)
            messages.success(request, _("The personal link no longer works."))
            return redirect(request.path)
        if action == "show":
            token = services.issue_link(participant, by=request.user)
            url = request.build_absolute_uri(services.participant_page_url(token))
            context["url"] = url
            context["qr_svg"] = segno.make(url, error="m").svg_inline(scale=6, title=_("Personal link"))
    context["has_live_link"] = participant.links.filter(
        purpose=PersonalLink.Purpose.PARTICIPANT, revoked_at__isnull=True
    ).exists()
    return TemplateResponse(request, "youthcop_programmes/admin/personal_link.html", context)


@require_http_methods(["GET", "POST"])
def paper_consent(request, pk):
    participant = participant_for(request, pk)
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
