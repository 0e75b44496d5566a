"""Deleting is refused once there is history: a participant is erased instead, a programme completed (README rules 4–6)."""

import functools

from django.contrib import messages
from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from youthcop.programmes.models import Participant
from youthcop.programmes.permissions import participant_policy


def history_blocking_deletion(instance):
    """The kinds of record that keep ``instance`` from being deleted (PROTECT relations), or ``[]``.

    Attendance, signatures, guardian consents and certificates are the
    programme's history: a participant who has any is anonymised, never
    deleted, and so is a programme whose participants do (README rules 4–6).
    """
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    try:
        collector.collect([instance])
    except (ProtectedError, RestrictedError) as error:
        blocking = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
        return sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
    return []


class RefuseDeletingHistoryMixin:
    """For delete views: explain, and refuse, when the object has history; point to erasure for a participant."""

    template_name = "youthcop_programmes/admin/confirm_delete.html"

    @functools.cached_property
    def history(self):
        return history_blocking_deletion(self.object)

    def history_message(self):
        records = ", ".join(self.history)
        if isinstance(self.object, Participant):
            return _(
                "This participant cannot be deleted: the programme's history holds their %(records)s. "
                "Erase their personal data instead: the history stays, without their name."
            ) % {"records": records}
        return _(
            "This programme cannot be deleted: its history holds %(records)s. "
            "Mark it completed instead: its participants are anonymised after the retention period."
        ) % {"records": records}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.history:
            context["is_protected"] = True
            context["history_message"] = self.history_message()
            if isinstance(self.object, Participant) and participant_policy.user_has_permission_for_instance(
                self.request.user, "erase", self.object
            ):
                context["erase_url"] = reverse("youthcop_admin_privacy:erase", args=[self.object.pk])
        return context

    def form_valid(self, form):
        if self.history:
            messages.error(self.request, self.history_message())
            return redirect(self.request.path)
        return super().form_valid(form)
