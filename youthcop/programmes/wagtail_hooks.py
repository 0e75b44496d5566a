from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Participant, Programme
from .permissions import participant_policy, programme_policy
from .viewsets import participant_chooser_viewset

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


# --- Personal data (privacy.py) ------------------------------------------------------

from . import privacy  # noqa: E402
from .models import AdvisorNote  # noqa: E402

register_permission_policy(AdvisorNote, privacy.note_policy)

from django.db.models.signals import post_save  # noqa: E402

from . import meal_needs  # noqa: E402
from .models import Programme  # noqa: E402

# Meal needs are special-category data: a programme marked completed or archived forgets them at once.
post_save.connect(meal_needs.programme_ended, sender=Programme, dispatch_uid="youthcop_forget_meal_needs")

PRIVACY_LOG_ACTIONS = {
    "youthcop.participant.exported": (_("Export personal data"), _("Personal data exported")),
    "youthcop.personal_data.listed": (_("Export a list"), _("Listed in a spreadsheet export")),
    # One action for every admin download that prints names (attendance sheet, certificates, charter):
    # the entry is on the object downloaded, ``data["document"]`` says which document.
    "youthcop.personal_data.downloaded": (_("Download a document with names"), _("Downloaded a document with names")),
    "youthcop.participant.erased": (_("Erase personal data"), _("Personal data erased on request")),
    "youthcop.participant.anonymised": (_("Anonymise personal data"), _("Personal data anonymised after the retention period")),
    "youthcop.note.added": (_("Write a confidential note"), _("Confidential note written")),
    "youthcop.note.read": (_("Read a confidential note"), _("Confidential note read")),
    "youthcop.meal_needs.deleted": (_("Delete meal needs"), _("Meal needs deleted: the programme ended")),
}


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    for action, (label, message) in PRIVACY_LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_viewset")
def register_participant_chooser():
    return participant_chooser_viewset


@hooks.register("register_permissions")
def register_confidential_note_permissions():
    """So that the group editor can give (or take) the confidential-notes channel."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="youthcop_programmes", content_type__model="advisornote")
