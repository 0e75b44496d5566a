"""Admin: a coordinator offers a waiting place to a person they choose (README rule 1).

As pretix's waiting-list vouchers: the person — or, for a minor, their youth
worker — receives a link to accept the place by a deadline; until then the
place counts as taken. The row menu of a waiting participant has "Offer the
place": a form (reason, deadline), then a confirmation. The rules are
``services.offer_place``'s; the participant is looked up with
``scoped_object_or_404``, so one outside the user's scope answers 404.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.widgets.button import MenuItem
from wagtail.log_actions import LogFormatter

from youthcop.core.scoping import scoped_object_or_404

from . import services
from .forms import OfferForm, TakeBackOfferForm
from .models import Participant
from .permissions import Action, as_seen_by


class PlaceOfferedFormatter(LogFormatter):
    """The history says until when the place was offered, and the coordinator's reason."""

    label = gettext_lazy("Offer a waiting place")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        accept_by = parse_datetime(data.get("accept_by") or "")
        message = _("Place offered from the waiting list")
        if accept_by is not None:
            message = _("Place offered from the waiting list, to accept by %(date)s") % {
                "date": date_format(timezone.localtime(accept_by), "DATE_FORMAT")
            }
        if data.get("reason"):
            message = _("%(message)s. Reason: %(reason)s") % {"message": message, "reason": data["reason"]}
        return message


def offer_buttons(participant, actions):
    """The row-menu action "Offer the place" on a waiting participant, "Take back the offer" on one offered a
    place, for those who may choose."""
    if Action.OFFER not in actions:
        return []
    if participant.status == Participant.Status.WAITING:
        url = reverse("youthcop_admin_participants:offer", args=[participant.pk])
        return [MenuItem(_("Offer the place"), url=url, icon_name="arrow-up", priority=35)]
    if participant.status == Participant.Status.OFFERED:
        url = reverse("youthcop_admin_participants:take_back_offer", args=[participant.pk])
        return [MenuItem(_("Take back the offer"), url=url, icon_name="undo", priority=35)]
    return []


def offer_recipient(participant, shown):
    """Who receives the link to accept, in words: the participant, or their youth worker on their behalf."""
    if participant.email and not participant.is_minor:
        return _("%(name)s, by email") % {"name": shown.full_name}
    worker = participant.registered_by
    if worker is not None and worker.email:
        return _("%(worker)s, who registered them, by email: they accept on their behalf") % {
            "worker": get_user_display_name(worker)
        }
    return ""


def _places(programme, side):
    return {
        "total": services.slots_for(programme, side),
        "free": services.slots_left(programme, side),
        "side": Participant(side=side).get_side_display(),
    }


@require_http_methods(["GET", "POST"])
def offer(request, pk):
    participant = scoped_object_or_404(
        request, Participant.objects.select_related("programme", "registered_by"), pk, Action.OFFER
    )
    programme = participant.programme
    shown = as_seen_by(request.user, participant)
    form = OfferForm(request.POST or None, programme=programme)
    context = {
        "participant": shown,
        "programme": programme,
        "form": form,
        "waiting": participant.status == Participant.Status.WAITING,
        "places": _places(programme, participant.side),
        "recipient": offer_recipient(participant, shown),
        "header_title": _("Offer the place to %(name)s") % {"name": shown.full_name},
        "index_url": reverse("youthcop_admin_participants:index") + f"?programme={programme.pk}",
    }
    if request.method == "POST" and context["waiting"] and form.is_valid():
        accept_by = services.end_of_day(form.cleaned_data["accept_by"])
        if request.POST.get("back"):  # "Change" on the confirmation: the form again, as filled in
            return TemplateResponse(request, "youthcop_programmes/admin/offer_form.html", context)
        if request.POST.get("confirmed") != "yes":
            context["accept_by"] = accept_by
            return TemplateResponse(request, "youthcop_programmes/admin/offer_confirm.html", context)
        try:
            services.offer_place(participant, by=request.user, reason=form.cleaned_data["reason"], expires_at=accept_by)
        except services.ProgrammeBusy as busy:
            messages.error(request, str(busy))
        except services.OfferRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("The place is offered to %(name)s, to accept by %(date)s.")
                % {"name": shown.full_name, "date": date_format(form.cleaned_data["accept_by"], "DATE_FORMAT")},
            )
            return redirect(context["index_url"])
        context["places"] = _places(programme, participant.side)
    return TemplateResponse(request, "youthcop_programmes/admin/offer_form.html", context)


@require_http_methods(["GET", "POST"])
def take_back_offer(request, pk):
    """"Take back the offer": a confirmation with an optional reason, then back on the waiting list."""
    participant = scoped_object_or_404(request, Participant.objects.select_related("programme"), pk, Action.OFFER)
    programme = participant.programme
    shown = as_seen_by(request.user, participant)
    index_url = reverse("youthcop_admin_participants:index") + f"?programme={programme.pk}"
    form = TakeBackOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.take_back_offer(participant, by=request.user, reason=form.cleaned_data["reason"])
        except (services.ProgrammeBusy, services.OfferRefused) as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("The offer to %(name)s is taken back: they are on the waiting list again, and the place is free.")
                % {"name": shown.full_name},
            )
        return redirect(index_url)
    return TemplateResponse(
        request,
        "youthcop_programmes/admin/offer_take_back.html",
        {
            "participant": shown,
            "programme": programme,
            "form": form,
            "offered": participant.status == Participant.Status.OFFERED,
            "accept_by": participant.offer_expires_at,
            "header_title": _("Take back the offer to %(name)s") % {"name": shown.full_name},
            "index_url": index_url,
        },
    )


# Included in the participants' viewset (viewsets.ParticipantViewSet.get_urlpatterns).
urlpatterns = [
    path("offer/<str:pk>/", offer, name="offer"),
    path("offer/<str:pk>/take-back/", take_back_offer, name="take_back_offer"),
]
