"""Personal data leaving the admin is written to the history of each record it holds (README rule 6)."""

from django.db import models

from .models import AuditLogEntry, key_fields

LISTED = "youthcop.personal_data.listed"


def _participant_path(model):
    """``select_related`` for the entries' keys: the participant, when the model has no programme of its own."""
    participant_field, programme_field = key_fields(model)
    return [participant_field.name] if participant_field and not programme_field else []


def log_list_export(model, records, *, by, format):
    """One audit entry per record in a spreadsheet export: whose data left the admin, who took it, when.

    ``records`` is what was exported (a queryset, or search results); the
    entries are written in one query whatever its size.
    """
    if isinstance(records, models.QuerySet):
        pks = list(records.order_by().values_list("pk", flat=True))
    else:
        pks = [record.pk for record in records]
    # Loaded again, lean: only what the entries' keys need, whatever the export's own query selected.
    exported = model._base_manager.filter(pk__in=pks).select_related(*_participant_path(model))
    AuditLogEntry.objects.log_many(exported, LISTED, user=by, data={"format": format})


class AuditedExportMixin:
    """For the index views of personal records: each spreadsheet export is written to each record's history."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        log_list_export(self.model, queryset, by=self.request.user, format=spreadsheet_format)
        return super().as_spreadsheet(queryset, spreadsheet_format)
