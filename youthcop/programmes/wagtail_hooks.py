from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Participant, Programme
from .permissions import participant_policy, programme_policy

register_permission_policy(Programme, programme_policy)
register_permission_policy(Participant, participant_policy)

LOG_ACTIONS = {
    "youthcop.participant.registered": (_("Register participant"), _("Participant registered")),
    "youthcop.participant.enrolled": (_("Enrol participant"), _("Participant enrolled")),
    "youthcop.participant.promoted": (_("Promote from waiting list"), _("Promoted from the waiting list")),
    "youthcop.participant.withdrawn": (_("Withdraw participant"), _("Participant withdrawn")),
    "youthcop.participant.reservation_expired": (_("Release reserved place"), _("Reserved place released")),
    "youthcop.consent.recorded": (_("Record guardian consent"), _("Guardian consent recorded")),
    "youthcop.link.issued": (_("Issue personal link"), _("Personal link issued")),
    "youthcop.link.revoked": (_("Revoke personal link"), _("Personal link revoked")),
}


@hooks.register("register_log_actions")
def register_programme_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
