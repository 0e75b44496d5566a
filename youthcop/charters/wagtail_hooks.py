from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import admin_views, bulk_actions, participant_list, services, views
from .models import Charter, Proposal
from .permissions import charter_policy, proposal_policy

register_permission_policy(Charter, charter_policy)
register_permission_policy(Proposal, proposal_policy)

LOG_ACTIONS = {
    "youthcop.charter.proposed": (_("Propose a commitment"), _("Commitment proposed")),
    "youthcop.charter.proposal_accepted": (_("Accept a proposal"), _("Proposal accepted into the draft")),
    "youthcop.charter.proposal_merged": (_("Merge a proposal"), _("Proposal merged with a similar one")),
    "youthcop.charter.proposal_declined": (_("Decline a proposal"), _("Proposal declined")),
    "youthcop.charter.proposals_opened": (_("Open proposals"), _("Proposals opened")),
    "youthcop.charter.proposals_closed": (_("Close proposals"), _("Proposals closed")),
    "youthcop.charter.adopted": (_("Adopt the charter"), _("Charter version adopted")),
    "youthcop.charter.signed": (_("Sign the charter"), _("Charter signed")),
    "youthcop.charter.reminded": (_("Remind to sign"), _("Reminder to sign sent")),
}


@hooks.register("register_log_actions")
def register_charter_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("youthcop_participant_sections")
def charter_participant_section(request, participant, token):
    return views.participant_section(request, participant, token)


@hooks.register("youthcop_programme_page_sections")
def charter_programme_page_section(request, programme):
    return views.programme_page_section(request, programme)


@hooks.register("youthcop_export_participant")
def export_charter_data(participant):
    return services.export_participant(participant)


@hooks.register("youthcop_anonymise_participant")
def anonymise_charter_data(participant):
    services.anonymise_participant(participant)


@hooks.register("youthcop_programme_admin_sections")
def charter_programme_admin_section(request, programme):
    return admin_views.programme_admin_section(request, programme)


# The participants list of the programmes app: a "Charter signed" column and signing reminders for the selected.
hooks.register("youthcop_participant_list_columns", participant_list.charter_signed_column)
hooks.register("register_bulk_action", bulk_actions.RemindToSignBulkAction)


@hooks.register("youthcop_processing_register")
def charters_processing_register():
    """What this app holds about participants, for the privacy app's register of processing."""
    return [
        {
            "data": _("Charter proposals, comments and support: the text and who wrote it"),
            "purpose": _("Write the charter together"),
            "basis": _("Consent"),
            "retention": _("The author is removed on anonymisation; the text stays, names in it become initials"),
            "access": _("The programme's facilitators and coordinators; other participants read the text without a name"),
        },
        {
            "data": _("Charter signatures: typed name, time, IP address, browser"),
            "purpose": _("Prove who signed which version of the charter"),
            "basis": _("Consent"),
            "retention": _("Name, IP and browser anonymised; the signed version's hash and time kept"),
            "access": _("The programme's facilitators and coordinators"),
        },
    ]
