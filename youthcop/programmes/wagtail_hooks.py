from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import bulk_actions, offers, privacy, translations
from .choosers import participant_chooser_viewset
from .models import OrganisationText, Participant, Programme, ProgrammeText
from .permissions import organisation_text_policy, participant_policy, programme_policy, programme_text_policy

register_permission_policy(Programme, programme_policy)
register_permission_policy(Participant, participant_policy)
register_permission_policy(ProgrammeText, programme_text_policy)
register_permission_policy(OrganisationText, organisation_text_policy)
register_snippet(translations.programme_text_viewset)
register_snippet(translations.organisation_text_viewset)

LOG_ACTIONS = {
    "youthcop.participant.registered": (_("Register participant"), _("Participant registered")),
    "youthcop.participant.enrolled": (_("Enrol participant"), _("Participant enrolled")),
    "youthcop.participant.promoted": (_("Promote from waiting list"), _("Promoted from the waiting list")),
    "youthcop.participant.withdrawn": (_("Withdraw participant"), _("Participant withdrawn")),
    "youthcop.participant.reservation_expired": (_("Release reserved place"), _("Reserved place released")),
    "youthcop.participant.offer_accepted": (_("Accept an offered place"), _("Offered place accepted")),
    "youthcop.participant.offer_expired": (_("Let an offered place lapse"), _("Offered place not accepted in time")),
    "youthcop.participant.offer_taken_back": (_("Take back an offer"), _("Offered place taken back")),
    "youthcop.consent.recorded": (_("Record guardian consent"), _("Guardian consent recorded")),
    "youthcop.consent.requested_again": (_("Resend guardian request"), _("Consent request sent to the guardian again")),
    "youthcop.link.issued": (_("Issue personal link"), _("Personal link issued")),
    "youthcop.link.revoked": (_("Revoke personal link"), _("Personal link revoked")),
    "youthcop.link.printed": (_("Print personal link"), _("Personal link printed on a QR slip")),
    "youthcop.participant.language_changed": (_("Change language"), _("Language changed by the participant")),
}


@hooks.register("register_log_actions")
def register_programme_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
    # The history says until when, and the coordinator's reason.
    actions.register_action("youthcop.participant.place_offered")(offers.PlaceOfferedFormatter)


# Personal data: what this app holds, for the privacy app (privacy.py).
hooks.register("youthcop_export_participant", privacy.export_programme_data)
hooks.register("youthcop_anonymise_participant", privacy.anonymise_programme_data)
hooks.register("youthcop_processing_register", privacy.register_rows)


@hooks.register("youthcop_log_free_text")
def programme_log_free_text():
    """The reasons for a withdrawal and for offering a place are typed by staff about the participant: erased with them."""
    return {
        "youthcop.participant.withdrawn": ("reason",),
        "youthcop.participant.place_offered": ("reason",),
        "youthcop.participant.offer_taken_back": ("reason",),
    }


@hooks.register("register_log_actions")
def register_meal_needs_log_actions(actions):
    actions.register_action(
        "youthcop.meal_needs.deleted", _("Delete meal needs"), _("Meal needs deleted: the programme ended")
    )


@hooks.register("register_admin_viewset")
def register_participant_chooser():
    return participant_chooser_viewset


# The participants list's bulk actions (bulk_actions.py); charters adds its signing reminders.
for bulk_action in (bulk_actions.SendLinksBulkAction, bulk_actions.QRSlipsBulkAction, bulk_actions.ExportBulkAction):
    hooks.register("register_bulk_action", bulk_action)
