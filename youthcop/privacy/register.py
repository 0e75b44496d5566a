"""The register of processing: what personal data youthcop holds, why, for how long and who sees it.

Each app adds the rows of what it holds with the ``youthcop_processing_register``
hook (a list of dicts with the keys of ``COLUMNS``); the confidential notes
and the audit log are this app's own.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from youthcop.core.conf import youthcop_settings

REGISTER_HOOK = "youthcop_processing_register"
COLUMNS = ("data", "purpose", "basis", "retention", "access")


def after_programme():
    """The retention of most personal data, for the apps' rows."""
    return _("Until %(months)s months after the programme is completed, then anonymised") % {
        "months": youthcop_settings.RETENTION_MONTHS
    }


def own_rows():
    return [
        {
            "data": _("Confidential advisor notes"),
            "purpose": _("Support by the confidential advisor of the participant's own group"),
            "basis": _("Consent"),
            "retention": after_programme(),
            "access": _("Only the confidential advisor of the participant's group in that programme; each read is logged"),
        },
        {
            "data": _("Audit log: who did what and when"),
            "purpose": _("Accountability for every change to personal data"),
            "basis": _("Legal obligation (accountability)"),
            "retention": _("Kept; entries never hold a participant's name"),
            "access": _("Administrators; staff for the records they may see"),
        },
    ]


def processing_register():
    """Every app's rows, then this app's own."""
    rows = []
    for hook in hooks.get_hooks(REGISTER_HOOK):
        rows.extend(hook() or [])
    return rows + own_rows()


FORBIDDEN = gettext_lazy(
    "Ethnic origin, religion, health and criminal records: no field asks for them. Meal needs are the "
    "one exception, for the shared meals: they can reveal a religion or a health condition, so they are "
    "recorded only with explicit consent and deleted when the programme ends (see below)."
)
