"""Spreadsheet exports that read as the list does: labels, local times, yes or no.

Wagtail's ``SpreadsheetExportMixin`` writes a field's stored value: a choice's
code ("enrolled"), a date and time in UTC, ``True``. ``ReadableExportMixin``
writes what the user sees on screen instead, in their language.
"""

import datetime

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
