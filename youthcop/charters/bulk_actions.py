"""The charter's bulk action on the participants list: remind the selected participants to sign.

Registered on the participants list of the programmes app with Wagtail's
``register_bulk_action`` hook (``wagtail_hooks.py``); taken only on the
participants the user may send personal links to (the reminder carries it).
"""

from django.utils.translation import gettext_lazy, ngettext

from youthcop.programmes.bulk_actions import ParticipantBulkAction
from youthcop.programmes.permissions import Action

from . import services


class RemindToSignBulkAction(ParticipantBulkAction):
    display_name = gettext_lazy("Send signing reminders")
    action_type = "remind_to_sign"
    aria_label = gettext_lazy("Remind the selected participants to sign their programme's charter")
    action_priority = 30
    # The reminder carries the participant's personal link.
    participant_action = Action.LINK
    intro = gettext_lazy(
        "Each participant below who has not signed their programme's current charter is emailed a reminder "
        "with their personal link."
    )
    button_label = gettext_lazy("Send the reminders")

    def skip_reason(self, participant):
        version = self.current_versions.setdefault(participant.programme_id, services.current_version(participant.programme_id))
        if participant.programme_id not in self.signers:
            self.signers[participant.programme_id] = services.current_signers(participant.programme_id) if version else set()
        return services.why_not_reminded(participant, version, self.signers[participant.programme_id])

    def get_queryset(self, model, object_ids):
        self.current_versions, self.signers = {}, {}  # per programme: two queries, whatever the selection's size
        return super().get_queryset(model, object_ids)

    def perform(self, participants):
        reminded, skipped = services.remind_to_sign(participants, by=self.request.user)
        self.tell_skipped(skipped)
        return len(reminded)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "A reminder to sign was sent to %(count)d participant.",
            "A reminder to sign was sent to %(count)d participants.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
