"""Admin actions on one participant: withdraw, personal link, paper consent.

Each looks the participant up with ``scoped_object_or_404``, through the
permission policy, so a participant outside the user's scope answers 404.
"""

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.widgets.button import MenuItem

from youthcop.core.scoping import scoped_object_or_404
from youthcop.core.tasks import enqueue_on_commit

from . import services, tasks
from .forms import PaperConsentForm, WithdrawForm
from .models import Participant, PersonalLink
from .permissions import Action, as_seen_by


def participant_action_buttons(participant, actions):
    """The row-menu actions on ``participant``: only those in ``actions`` (what the user may take)."""
    buttons = []
    url = lambda name: reverse(f"youthcop_admin_participants:{name}", args=[participant.pk])  # noqa: E731
    if participant.status != Participant.Status.WITHDRAWN:
        if Action.LINK in actions:
            buttons.append(MenuItem(_("Personal link"), url=url("link"), icon_name="link", priority=40))
        if Action.WITHDRAW in actions:
            buttons.append(MenuItem(_("Withdraw"), url=url("withdraw"), icon_name="logout", priority=50))
    if participant.side == "youth" and Action.CONSENT in actions and participant.date_of_birth:
        buttons.append(MenuItem(_("Guardian consent"), url=url("consent"), icon_name="doc-full", priority=45))
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
                    % {"name": as_seen_by(request.user, promoted).full_name, "status": promoted.get_status_display()},
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


# --- Personal data: confidential notes, subject access, erasure, processing register ----

from django import forms  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext_lazy as _lazy  # noqa: E402

from .models import Programme  # noqa: E402
from .permissions import programmes_visible_to  # noqa: E402


class NoteForm(forms.Form):
    text = forms.CharField(label=_lazy("Note"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)


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


@require_http_methods(["GET", "POST"])
def confidential_notes(request, pk):
    """The private notes channel of a participant's confidential advisor; every read is logged."""
    from . import privacy

    participant = scoped_object_or_404(request, Participant.objects.select_related("programme"), pk, Action.NOTES)
    if not privacy.can_use_notes(request.user, participant):
        raise Http404
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        privacy.add_note(participant, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, _("The note is saved."))
        return redirect(request.path)
    role = privacy.ADVISOR_ROLE_BY_SIDE[participant.side]
    return TemplateResponse(
        request,
        "youthcop_programmes/privacy/notes.html",
        {
            "participant": participant,
            "form": form,
            "notes": privacy.read_notes(participant, by=request.user),
            "group_label": role.label,
            "header_title": _("Confidential notes about %(name)s") % {"name": participant.full_name},
        },
    )


@require_http_methods(["GET"])
def export_participant_data(request, pk, format):
    """Subject access: everything held about a participant, as JSON or as a readable PDF."""
    from youthcop.core.pdf import render_template_to_pdf

    from . import privacy

    if format not in ("json", "pdf"):
        raise Http404
    participant = scoped_object_or_404(request, Participant.objects.select_related("programme"), pk, Action.EXPORT)
    data = privacy.export_participant(participant, by=request.user, format=format)
    filename = f"participant-{participant.pk}-data"
    if format == "json":
        response = HttpResponse(privacy.export_json(data), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    pdf = render_template_to_pdf(
        "youthcop_programmes/privacy/export.html",
        {
            "title": _("Personal data of %(name)s") % {"name": participant.full_name},
            "exported_at": timezone.localtime(data["exported_at"]).strftime("%Y-%m-%d %H:%M"),
            "sections": privacy.readable_sections(data),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def erase_participant_data(request, pk):
    """Erasure on request: anonymise a participant now, after a confirmation."""
    from . import privacy

    participant = scoped_object_or_404(request, Participant.objects.select_related("programme"), pk, Action.ERASE)
    if participant.anonymised_at:
        messages.info(request, _("This participant's personal data is already erased."))
        return redirect(_index_url())
    if request.method == "POST":
        privacy.erase_participant(participant, by=request.user)
        messages.success(request, _("The participant's personal data is erased."))
        return redirect(_index_url())
    return TemplateResponse(
        request,
        "youthcop_programmes/privacy/erase.html",
        {
            "participant": participant,
            "can_export": privacy.can_export(request.user, participant),
            "cancel_url": _index_url(),
            "header_title": _("Erase the personal data of %(name)s") % {"name": participant.full_name},
        },
    )


def processing_register(request):
    """What is held, why, for how long and who sees it (the register of processing)."""
    from youthcop.core.conf import youthcop_settings

    from . import privacy

    visible = programmes_visible_to(request.user)
    due = [
        (programme, privacy.retention_deadline(programme))
        for programme in visible.filter(status__in=[Programme.Status.COMPLETED, Programme.Status.ARCHIVED])
        .filter(participants__anonymised_at__isnull=True)
        .distinct()
    ]
    return TemplateResponse(
        request,
        "youthcop_programmes/privacy/register.html",
        {
            "rows": privacy.processing_register(),
            "forbidden": privacy.FORBIDDEN,
            "retention_months": youthcop_settings.RETENTION_MONTHS,
            "due": due,
            "never_completed": privacy.programmes_never_completed(visible),
            "header_title": _("Processing register"),
        },
    )
