"""Values as a person reads them: labels, local times, yes or no, names — never ``None``.

Wagtail's ``SpreadsheetExportMixin`` writes a field's stored value: a choice's
code ("enrolled"), a date and time in UTC, ``True``; its ``InspectView`` shows
an empty field as "None" and a user by their username. ``ReadableExportMixin``
and ``ReadableInspectMixin`` show what the user should read instead, in their
language.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _


def readable(instance, name, value):
    """``value`` of ``instance``'s attribute ``name`` as a person reads it."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and field.choices and value not in (None, ""):
        return getattr(instance, f"get_{name}_display")()
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # the site's wall-clock time, without an offset
    if value is None:
        return ""
    return value


class ReadableExportMixin:
    """For a Wagtail index view with ``list_export``: choice labels, local times, Yes/No, no "None"."""

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for name, value in row.items():
            row[name] = readable(item, name, value)
        return row


class ReadableInspectMixin:
    """For a Wagtail ``InspectView``: "—" for an empty field, Yes/No, a list as words, people by their full name."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, get_user_model()):
            return value.get_full_name() or value.get_username()
        return value


# Languages whose sentences write a language's name in lower case ("rédigés en anglais"); others keep the
# capital Django's catalogues give it ("geschreven in het Engels", "auf Englisch").
LOWER_CASE_LANGUAGE_NAMES = {"fr", "es", "it", "pt", "ca", "ro"}


def language_in_sentence(code):
    """The name of language ``code`` in the active language, as written inside a sentence."""
    from django.utils.translation import get_language, get_language_info

    name = str(get_language_info(code)["name_translated"])
    if (get_language() or "").split("-")[0] in LOWER_CASE_LANGUAGE_NAMES:
        return name[:1].lower() + name[1:]
    return name
