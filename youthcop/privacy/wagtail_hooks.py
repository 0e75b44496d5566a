from django.apps import apps
from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import AdvisorNote, AuditLogEntry, is_audited
from .notes import note_policy

register_permission_policy(AdvisorNote, note_policy)

LOG_ACTIONS = {
    "youthcop.participant.exported": (_("Export personal data"), _("Personal data exported")),
    "youthcop.personal_data.listed": (_("Export a list"), _("Listed in a spreadsheet export")),
    # One action for every admin download that prints names (attendance sheet, certificates, charter):
    # the entry is on the object downloaded, ``data["document"]`` says which document.
    "youthcop.personal_data.downloaded": (_("Download a document with names"), _("Downloaded a document with names")),
    "youthcop.participant.erased": (_("Erase personal data"), _("Personal data erased on request")),
    "youthcop.participant.anonymised": (_("Anonymise personal data"), _("Personal data anonymised after the retention period")),
    "youthcop.note.added": (_("Write a confidential note"), _("Confidential note written")),
    "youthcop.note.read": (_("Read a confidential note"), _("Confidential note read")),
}


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_log_actions")
def register_audit_log(actions):
    """youthcop's objects log to ``AuditLogEntry``: ``log()``, history views and the site history use it."""
    for model in apps.get_models():
        if is_audited(model):
            actions.register_model(model, AuditLogEntry)


@hooks.register("register_permissions")
def register_confidential_note_permissions():
    """So that the group editor can give (or take) the confidential-notes channel."""
    return Permission.objects.filter(
        content_type__app_label=AdvisorNote._meta.app_label, content_type__model=AdvisorNote._meta.model_name
    )
