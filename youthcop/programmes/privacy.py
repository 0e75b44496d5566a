"""What the programmes app holds about a participant, for the privacy app's export, anonymisation and register.

Registered in wagtail_hooks.py with the ``youthcop_export_participant``,
``youthcop_anonymise_participant`` and ``youthcop_processing_register`` hooks.
"""

from django.utils.translation import gettext as _

from youthcop.core.conf import youthcop_settings
from youthcop.privacy.erasure import Scrubber, personal_strings
from youthcop.privacy.export import record
from youthcop.privacy.register import after_programme

from . import meal_needs
from .models import SteeringCommitteeMember


def export_programme_data(participant):
    """Meal needs (with their consent), guardian consents and personal links."""
    return {
        "meal_needs_for_shared_meals": meal_needs.export(participant),
        "guardian_consents": [
            record(consent, exclude=("participant",))
            for consent in participant.consents.select_related("collected_by").order_by("recorded_at", "pk")
        ],
        "personal_links": [
            # Neither the selector nor the hash: the export is no place for what names a live link.
            record(link, exclude=("participant", "token_hash", "selector"))
            for link in participant.links.select_related("created_by").order_by("created_at", "pk")
        ],
    }


def anonymise_programme_data(participant):
    """Personal links go; a steering committee member named like the participant keeps initials.

    The participant's own fields, and the free text of every record pointing
    at them, are the privacy app's to clear.
    """
    participant.links.all().delete()
    scrubber = Scrubber(personal_strings(participant))
    for member in SteeringCommitteeMember.objects.filter(programme_id=participant.programme_id):
        name = scrubber.text(member.name)
        if name != member.name:
            SteeringCommitteeMember.objects.filter(pk=member.pk).update(name=name)


def _link_retention():
    if youthcop_settings.LINK_GRACE_DAYS is None:
        return _("Work until the participant's data is anonymised, then deleted; revocable at any time")
    return _("Expire %(days)s days after the programme; deleted on anonymisation") % {
        "days": youthcop_settings.LINK_GRACE_DAYS
    }


def register_rows():
    return [
        {
            "data": _("Participant: name, date of birth, gender, email, phone, language, organisation, police unit"),
            "purpose": _("Run the programme: composition, invitations, personal links; birth date only to know who is a minor"),
            "basis": _("Consent (a guardian's for minors)"),
            "retention": after_programme(),
            "access": _("Their youth worker and organisation, the programme's coordinators and facilitators, the advisor of their group"),
        },
        {
            "data": _(
                "Meal needs (vegetarian, vegan, halal, kosher, food allergy): they can reveal a religion or a "
                "health condition — special-category data (GDPR art. 9)"
            ),
            "purpose": _("Plan the shared meals"),
            "basis": _(
                "Explicit consent (GDPR art. 9(2)(a)): the participant's, or the guardian's for a minor; "
                "its date and who gave it are recorded"
            ),
            "retention": _("Deleted when the programme ends (end date passed, or completed); never in a spreadsheet export"),
            "access": _(
                "The participant's youth worker and the programme's coordinators; facilitators see only the number "
                "of meals of each kind"
            ),
        },
        {
            "data": _("Accessibility needs"),
            "purpose": _("Taking part without barriers"),
            "basis": _("Consent"),
            "retention": after_programme(),
            "access": _("As the participant"),
        },
        {
            "data": _("Guardian: name, email, phone; consent answers with date, IP address and browser"),
            "purpose": _("Collect and prove a guardian's consent to participation and photos"),
            "basis": _("Consent of the guardian, required for a minor"),
            "retention": _(
                "Contacts, IP and browser anonymised with the participant; the yes/no answer and date kept as proof"
            ),
            "access": _("As the participant"),
        },
        {
            "data": _(
                "Offers of a waiting place: the deadline to accept, who offered it and the coordinator's reason "
                "(in the participant's history)"
            ),
            "purpose": _("Choose who joins from the waiting list, for the mix the method asks for"),
            "basis": _("Consent (a guardian's for minors)"),
            "retention": _("With the participant; the reason is removed when they are anonymised or erased"),
            "access": _("The programme's coordinators, facilitators and the participant's youth worker"),
        },
        {
            "data": _("Personal links (a random identifier per link; the link itself is not stored)"),
            "purpose": _("Let participants and guardians reach their page without an account"),
            "basis": _("Consent"),
            "retention": _link_retention(),
            "access": _("Nobody can read a link back from the database"),
        },
    ]
