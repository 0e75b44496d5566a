"""Subject access: everything held about a participant, as JSON and as sections a person reads (README rule 6).

The participant and their programme are read here; each app adds what it
holds through the ``youthcop_export_participant`` hook (a dict to merge).
Confidential notes are included only when the person exporting may read
them, and each read is logged.
"""

import datetime
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

from youthcop.programmes.models import Participant
from youthcop.programmes.permissions import participant_policy

from .models import personal_models
from .notes import export_notes

EXPORT_HOOK = "youthcop_export_participant"


def can_export(user, participant):
    return participant_policy.user_has_permission_for_instance(user, "export", participant)


def _display(instance, field):
    value = getattr(instance, field.attname)
    if field.choices and value not in (None, ""):
        return str(getattr(instance, f"get_{field.name}_display")())
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name)
        return str(related) if related is not None else None
    return value


def record(instance, exclude=()):
    """The concrete fields of ``instance`` as a JSON-ready dict, choices shown by their label."""
    return {
        field.name: _display(instance, field)
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name not in exclude
    }


def _history(participant):
    entries = log_registry.get_logs_for_instance(participant).select_related("user")
    return [
        {
            "action": str(log_registry.get_action_label(entry.action)),
            "at": entry.timestamp,
            "by": entry.user_display_name if entry.user_id else "",
            "data": entry.data,
        }
        for entry in entries.order_by("timestamp", "pk")
    ]


def export_participant(participant, *, by, format="json"):
    """Everything held about ``participant``, as a JSON-ready dict (subject access).

    Each app adds its data through the ``youthcop_export_participant`` hook
    (each returns a dict to merge). Confidential notes are included only when
    ``by`` may read them — and then each read is logged; otherwise their number
    is given, with who holds them.
    """
    participant = Participant.objects.select_related("programme", "organisation", "registered_by").get(pk=participant.pk)
    programme = participant.programme
    data = {
        "exported_at": timezone.now(),
        "participant": record(participant, exclude=("programme",)),
        "programme": {
            "name": programme.name,
            "police_zone": str(programme.police_zone),
            "start_date": programme.start_date,
            "end_date": programme.end_date,
            "status": programme.get_status_display(),
        },
    }
    for hook in hooks.get_hooks(EXPORT_HOOK):
        data.update(hook(participant) or {})
    data.update(export_notes(participant, by=by))
    data["history"] = _history(participant)
    log(participant, "youthcop.participant.exported", user=by, data={"format": format})
    return data


def export_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def humanise(key):
    return capfirst(str(key).replace("_", " "))


ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _text(value):
    """A value as a person reads it: dates in local time, lists joined, yes/no."""
    if isinstance(value, str) and ISO_DATETIME.match(value):
        value = parse_datetime(value) or value  # other apps export datetimes as ISO strings
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, (list, tuple)) and all(not isinstance(v, (dict, list)) for v in value):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _field_labels():
    """Verbose names of the participant's fields and their app's personal records, to title the export's keys."""
    records = sorted(
        (model for model in personal_models() - {Participant} if model._meta.app_label == Participant._meta.app_label),
        key=lambda model: model.__name__,
    )
    return {
        field.name: str(capfirst(field.verbose_name))
        for model in (*records, Participant)  # the participant's own names win
        for field in model._meta.concrete_fields
        if field.verbose_name != field.name.replace("_", " ")
    }


def _is_nested(value):
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value))


TABLE_COLUMNS = 6


def readable_sections(data):
    """The export as sections a person reads: ``{"title", "fields"}`` or ``{"title", "headings", "rows"}``."""
    labels = _field_labels()
    title = lambda key: str(labels.get(key) or humanise(key))  # noqa: E731  (verbose names are lazy)
    sections = []

    def walk(path, value):
        heading = " — ".join(title(key) for key in path)
        if isinstance(value, dict):
            flat = [(title(k), _text(v)) for k, v in value.items() if not _is_nested(v)]
            if flat or not value:
                sections.append({"title": heading, "fields": flat or [("", "—")]})
            for key, nested in value.items():
                if _is_nested(nested):
                    walk([*path, key], nested)
        elif isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
            keys = list(dict.fromkeys(k for row in value for k in row))
            if len(keys) > TABLE_COLUMNS:  # too wide for a page: one card per record
                for number, row in enumerate(value, 1):
                    fields = [(title(k), _text(row.get(k))) for k in keys]
                    sections.append({"title": f"{heading} ({number})", "fields": fields})
                return
            sections.append(
                {
                    "title": heading,
                    "headings": [title(k) for k in keys],
                    "rows": [[_text(row.get(k)) for k in keys] for row in value],
                }
            )
        else:
            sections.append({"title": heading, "fields": [("", _text(value))]})

    for key, value in data.items():
        if key != "exported_at":
            walk([key], value)
    return sections
