"""Bulk actions on the participants list, with Wagtail's bulk action framework.

Registered with the ``register_bulk_action`` hook (``wagtail_hooks.py``); the
list's checkboxes and footer are Wagtail's (``participant_index.html``), as
in Wagtail's own users list. Other apps add actions of their own by
subclassing ``ParticipantBulkAction`` (charters' signing reminders).

Each action acts only on the selected participants on which the user may
take its ``participant_action`` (``permissions.participant_actions``, one
query for the selection): the others are listed as refused and never acted
on; a participant outside the user's programmes is not even named.
"""

import segno
from django import forms
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log

from youthcop.core.pdf import render_template_to_pdf
from youthcop.core.tasks import enqueue_on_commit

from . import services, tasks
from .models import Participant
from .permissions import Action, as_seen_by, participant_actions, participant_policy, participants_visible_to
from .viewsets import filtered_participants, participant_viewset


class ParticipantBulkAction(PermissionCheckedMixin, BulkAction):
    """A bulk action on participants, taken only on those the user may take ``participant_action`` on.

    Subclasses say why a permitted participant is still skipped (``skip_reason``,
    words for staff, shown before and after) and act on the others (``perform``).
    """

    models = [Participant]
    permission_policy = participant_policy
    participant_action = Action.VIEW
    template_name = "youthcop_programmes/admin/bulk_actions/confirm.html"
    #: What the confirmation page says, and its button.
    intro = ""
    button_label = ""

    @property
    def permission_required(self):
        return self.participant_action

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all in listing": the rows the list shows with the same filters and search.
        visible = participants_visible_to(self.request.user)
        return filtered_participants(self.request, visible, participant_viewset.search_fields).values_list("pk", flat=True)

    def get_queryset(self, model, object_ids):
        try:  # a malformed id answers 404, as a missing one
            selected = Participant.objects.filter(pk__in=object_ids).select_related("programme", "organisation")
            objects = list(
                participants_visible_to(self.request.user, selected).order_by("last_name", "first_name", "pk")
            )
        except (ValueError, TypeError):
            raise Http404 from None
        if not objects:
            raise Http404
        self.allowed = participant_actions(self.request.user, objects)
        return objects

    def check_perm(self, participant):
        return self.participant_action in self.allowed[participant.pk]

    def skip_reason(self, participant):
        return ""

    def object_context(self, participant):
        return {"item": as_seen_by(self.request.user, participant), "skip_reason": self.skip_reason(participant)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items_with_no_access"] = [
            as_seen_by(self.request.user, participant) for participant in context["items_with_no_access"]
        ]
        context["acted_on"] = [item for item in context["items"] if not item["skip_reason"]]
        context["skipped"] = [item for item in context["items"] if item["skip_reason"]]
        context["action"] = self
        context["header_title"] = self.display_name
        return context

    def get_execution_context(self):
        return {"action": self}

    @classmethod
    def execute_action(cls, objects, action=None, **kwargs):
        return action.perform(objects), 0

    def split(self, participants):
        """``(acted on, skipped)``: the participants to act on, and ``(participant, reason)`` for the others."""
        acted_on, skipped = [], []
        for participant in participants:
            reason = self.skip_reason(participant)
            if reason:
                skipped.append((participant, reason))
            else:
                acted_on.append(participant)
        return acted_on, skipped

    def tell_skipped(self, skipped):
        if skipped:
            names = "; ".join(
                f"{as_seen_by(self.request.user, participant).full_name} ({reason})" for participant, reason in skipped
            )
            messages.warning(self.request, _("Skipped: %(people)s.") % {"people": names})

    def perform(self, participants):
        raise NotImplementedError


class SendLinksBulkAction(ParticipantBulkAction):
    display_name = gettext_lazy("Send personal links")
    action_type = "send_links"
    aria_label = gettext_lazy("Email the selected participants their personal link")
    action_priority = 10
    participant_action = Action.LINK
    intro = gettext_lazy(
        "Each participant below is emailed their personal link: the same one as before if they have one."
    )
    button_label = gettext_lazy("Send the links")

    def skip_reason(self, participant):
        return services.why_no_link_email(participant)

    def perform(self, participants):
        sent, skipped = self.split(participants)
        for participant in sent:
            enqueue_on_commit(tasks.email_participant_link, participant.pk)
        self.tell_skipped(skipped)
        return len(sent)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "The personal link was sent to %(count)d participant.",
            "The personal link was sent to %(count)d participants.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class QRSlipsBulkAction(ParticipantBulkAction):
    """A PDF of A4 pages of slips to cut out, one per participant: name, programme, QR code and URL of their link."""

    display_name = gettext_lazy("Print QR slips")
    action_type = "print_qr_slips"
    aria_label = gettext_lazy("Print the personal links of the selected participants as QR slips on A4")
    action_priority = 20
    participant_action = Action.LINK
    intro = gettext_lazy(
        "A PDF of slips to cut out, eight to an A4 page: each with the participant's name, the programme, and "
        "the QR code and address of their personal link. Hand each slip to its owner only: the link opens "
        "their personal page."
    )
    button_label = gettext_lazy("Make the PDF")
    SLIPS_PER_PAGE = 8

    def skip_reason(self, participant):
        return services.why_no_link(participant)

    def form_valid(self, form):
        objects, _refused = self.get_actionable_objects()
        printed, skipped = self.split(objects)
        if not printed:
            self.tell_skipped(skipped)
            messages.error(self.request, _("There is no personal link to print."))
            return redirect(self.next_url)
        with transaction.atomic():
            slips = [self.slip(participant) for participant in printed]
        pdf = render_template_to_pdf(
            "youthcop_programmes/admin/qr_slips.html",
            {"pages": [slips[i : i + self.SLIPS_PER_PAGE] for i in range(0, len(slips), self.SLIPS_PER_PAGE)]},
        )
        return HttpResponse(
            pdf,
            content_type="application/pdf",
            headers={"Content-Disposition": 'attachment; filename="personal-links.pdf"'},
        )

    def slip(self, participant):
        """The participant's live link (a new one if none is live), as the admin's "show link" gives it; in the history."""
        token = services.issue_link(participant, by=self.request.user)
        url = self.request.build_absolute_uri(services.participant_page_url(token))
        log(participant, "youthcop.link.printed", user=self.request.user)
        return {
            "name": participant.full_name,
            "programme": participant.programme.name,
            "url": url,
            "short_url": url.split("://", 1)[-1],
            "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=2),
        }


class ExportFormatForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
        initial="csv",
        widget=forms.RadioSelect,
    )


class ExportBulkAction(ParticipantBulkAction):
    """The list's own spreadsheet export (its columns, its audit entries) for the selected rows only."""

    display_name = gettext_lazy("Export")
    action_type = "export"
    aria_label = gettext_lazy("Download the selected participants as a spreadsheet")
    action_priority = 40
    # The same rows the list's own export gives: those the user sees, as they see them.
    participant_action = Action.VIEW
    form_class = ExportFormatForm
    intro = gettext_lazy(
        "A spreadsheet of the participants below, with the list's export columns. "
        "Each of them finds the export in their history."
    )
    button_label = gettext_lazy("Download")

    @cached_property
    def index_view(self):
        """The list's own view, as the viewset builds it: its export columns, scoping and audit."""
        view_class = participant_viewset.index_view_class
        kwargs = {**participant_viewset.get_common_view_kwargs(), **participant_viewset.get_index_view_kwargs()}
        undefined = participant_viewset.UNDEFINED
        view = view_class(
            **{key: value for key, value in kwargs.items() if hasattr(view_class, key) and value is not undefined}
        )
        view.setup(self.request)
        return view

    def form_valid(self, form):
        objects, _refused = self.get_actionable_objects()
        view = self.index_view
        rows = view.get_base_queryset().filter(pk__in=[participant.pk for participant in objects])
        return view.as_spreadsheet(rows.order_by("programme", "side", "last_name", "first_name"), form.cleaned_data["format"])
