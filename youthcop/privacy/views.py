"""Admin views on personal data: confidential notes, subject access export, erasure, the processing register.

Each looks the participant up with ``scoped_object_or_404``, for its action:
outside the user's scope, the answer is 404.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.viewsets.base import ViewSet

from youthcop.core.conf import youthcop_settings
from youthcop.core.pdf import render_template_to_pdf
from youthcop.core.scoping import scoped_object_or_404
from youthcop.programmes.models import Participant
from youthcop.programmes.permissions import Action, programmes_visible_to

from . import erasure, export, notes, register, retention


class NoteForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)


def _participant_for(request, pk, action):
    return scoped_object_or_404(request, Participant.objects.select_related("programme"), pk, action)


def _participants_url():
    return reverse("youthcop_admin_participants:index")


@require_http_methods(["GET", "POST"])
def confidential_notes(request, pk):
    """The private notes channel of a participant's confidential advisor; every read is logged."""
    participant = _participant_for(request, pk, Action.NOTES)
    if not notes.can_use_notes(request.user, participant):
        raise Http404
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notes.add_note(participant, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, _("The note is saved."))
        return redirect(request.path)
    return TemplateResponse(
        request,
        "youthcop_privacy/notes.html",
        {
            "participant": participant,
            "form": form,
            "notes": notes.read_notes(participant, by=request.user),
            "group_label": notes.ADVISOR_ROLE_BY_SIDE[participant.side].label,
            "header_title": _("Confidential notes about %(name)s") % {"name": participant.full_name},
        },
    )


@require_http_methods(["GET"])
def export_participant_data(request, pk, format):
    """Subject access: everything held about a participant, as JSON or as a readable PDF."""
    if format not in ("json", "pdf"):
        raise Http404
    participant = _participant_for(request, pk, Action.EXPORT)
    data = export.export_participant(participant, by=request.user, format=format)
    filename = f"participant-{participant.pk}-data"
    if format == "json":
        response = HttpResponse(export.export_json(data), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    pdf = render_template_to_pdf(
        "youthcop_privacy/export.html",
        {
            "title": _("Personal data of %(name)s") % {"name": participant.full_name},
            "exported_at": timezone.localtime(data["exported_at"]).strftime("%Y-%m-%d %H:%M"),
            "sections": export.readable_sections(data),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def erase_participant_data(request, pk):
    """Erasure on request: anonymise a participant now, after a confirmation."""
    participant = _participant_for(request, pk, Action.ERASE)
    if participant.anonymised_at:
        messages.info(request, _("This participant's personal data is already erased."))
        return redirect(_participants_url())
    if request.method == "POST":
        erasure.erase_participant(participant, by=request.user)
        messages.success(request, _("The participant's personal data is erased."))
        return redirect(_participants_url())
    return TemplateResponse(
        request,
        "youthcop_privacy/erase.html",
        {
            "participant": participant,
            "can_export": export.can_export(request.user, participant),
            "cancel_url": _participants_url(),
            "header_title": _("Erase the personal data of %(name)s") % {"name": participant.full_name},
        },
    )


def processing_register(request):
    """What is held, why, for how long and who sees it (the register of processing)."""
    visible = programmes_visible_to(request.user)
    due = [
        (programme, programme.retention_deadline)
        for programme in visible.filter(status__in=retention.FINISHED)
        .filter(participants__anonymised_at__isnull=True)
        .distinct()
    ]
    return TemplateResponse(
        request,
        "youthcop_privacy/register.html",
        {
            "rows": register.processing_register(),
            "forbidden": register.FORBIDDEN,
            "retention_months": youthcop_settings.RETENTION_MONTHS,
            "due": due,
            "never_completed": retention.programmes_never_completed(visible),
            "header_title": _("Processing register"),
        },
    )


class PrivacyViewSet(ViewSet):
    """Personal-data views; each checks its own rights (notes: advisors; export/erase: permissions)."""

    icon = "lock"
    menu_label = gettext_lazy("Processing register")
    menu_order = 900
    add_to_admin_menu = False
    url_prefix = "youthcop/privacy"

    def get_urlpatterns(self):
        return [
            path("", processing_register, name="register"),
            path("notes/<str:pk>/", confidential_notes, name="notes"),
            path("export/<str:pk>/<str:format>/", export_participant_data, name="export"),
            path("erase/<str:pk>/", erase_participant_data, name="erase"),
        ]


privacy_viewset = PrivacyViewSet("youthcop_admin_privacy")
