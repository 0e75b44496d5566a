"""Columns of the participants list that show a state as an icon and a word, never ``True``, ``False`` or ``None``.

Other apps add columns to the list through the ``youthcop_participant_list_columns``
hook (see ``youthcop.core.sections``) and use ``StateColumn`` and ``State`` for them.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from . import services


@dataclass(frozen=True)
class State:
    """What a cell says: a word, the icon beside it, and whether it is good news, something to do, or neither."""

    text: str | Promise
    icon: str = ""
    tone: str = ""  # "positive", "warning" or "" (neutral: shown muted)

    def __str__(self):  # what a spreadsheet or a screen reader gets
        return str(self.text)


class StateColumn(Column):
    """A column whose accessor returns a ``State`` (or ``None`` for an empty cell)."""

    cell_template_name = "youthcop_programmes/admin/cells/state.html"


GIVEN = State(_("Given"), "success", "positive")
AWAITED = State(_("Awaited"), "time", "warning")
REFUSED = State(_("Refused"), "cross", "warning")
NOT_NEEDED = State(_("Not needed"))
LINK_GIVEN = State(_("Given"), "link", "positive")
LINK_NOT_GIVEN = State(_("Not yet"), "warning", "warning")
LINKS_ENDED = State(_("Ended"))
MINOR = State(_("Minor"), "user", "warning")
MINOR_AT_START = State(_("Minor at the start"))


def _identity_withheld(participant):
    # Police staff know a young person by first name and initial: no date of birth, no consent (README rule 8).
    return getattr(participant, "identity_withheld", False)


def minor_state(participant):
    """A young person under 18 today, or at the programme's start (when their guardian had to consent); empty for adults."""
    if participant.side != "youth" or not participant.date_of_birth or _identity_withheld(participant):
        return None
    age_today = participant.age_on(timezone.localdate())
    if age_today < 18:
        return MINOR
    return MINOR_AT_START if participant.is_minor else None


def consent_state(participant):
    """The guardian's consent: given, awaited, refused, or not needed (an adult, an officer)."""
    if _identity_withheld(participant):
        return None
    if not participant.is_minor:
        return NOT_NEEDED
    if hasattr(participant, "latest_consent_given"):  # annotated by services.with_consent_and_link
        given = participant.latest_consent_given
    else:
        consent = participant.consent
        given = consent.participation if consent else None
    if given is None:
        return AWAITED
    return GIVEN if given else REFUSED


def link_state(participant):
    """Whether the participant has a live personal link: given, not yet, or ended with the programme's links."""
    if participant.status == participant.Status.WITHDRAWN:
        return None
    if services.links_end(participant) <= timezone.now():
        return LINKS_ENDED
    if hasattr(participant, "has_live_link_now"):  # annotated by services.with_consent_and_link
        live = participant.has_live_link_now
    else:
        live = services.has_live_link(participant)
    return LINK_GIVEN if live else LINK_NOT_GIVEN
