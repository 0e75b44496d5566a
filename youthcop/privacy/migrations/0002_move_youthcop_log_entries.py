"""youthcop's entries move from Wagtail's ``ModelLogEntry`` to ``AuditLogEntry``, with their programme and participant.

Keys are read from the objects as they are now; an entry of an object deleted
since keeps no key (only superusers read it, as before). Backwards, the
entries go back to ``ModelLogEntry``.
"""

from django.db import migrations

BATCH = 1000
COPIED = ("content_type_id", "label", "action", "data", "timestamp", "uuid", "user_id", "revision_id", "content_changed", "deleted")


def _key_field(model, label):
    return next(
        (
            field.attname
            for field in model._meta.concrete_fields
            if field.is_relation and (field.many_to_one or field.one_to_one)
            and field.related_model._meta.label_lower == label
        ),
        None,
    )


def _keys(apps, content_type, object_ids):
    """``{object id: (participant id, programme id)}`` of the objects that still exist."""
    try:
        model = apps.get_model(content_type.app_label, content_type.model)
    except LookupError:
        return {}
    Participant = apps.get_model("youthcop_programmes", "Participant")
    if model._meta.label_lower == "youthcop_programmes.participant":
        return {pk: (pk, programme) for pk, programme in model.objects.filter(pk__in=object_ids).values_list("pk", "programme_id")}
    if model._meta.label_lower == "youthcop_programmes.programme":
        return {pk: (None, pk) for pk in model.objects.filter(pk__in=object_ids).values_list("pk", flat=True)}
    participant_field = _key_field(model, "youthcop_programmes.participant")
    programme_field = _key_field(model, "youthcop_programmes.programme")
    if not (participant_field or programme_field):
        return {}
    fields = ["pk", participant_field or "pk", programme_field or "pk"]
    rows = model.objects.filter(pk__in=object_ids).values_list(*fields)
    keys = {
        pk: (participant if participant_field else None, programme if programme_field else None)
        for pk, participant, programme in rows
    }
    missing = {participant for participant, programme in keys.values() if participant and not programme}
    programmes = dict(Participant.objects.filter(pk__in=missing).values_list("pk", "programme_id"))
    return {pk: (participant, programme or programmes.get(participant)) for pk, (participant, programme) in keys.items()}


def move_to_audit_log(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    AuditLogEntry = apps.get_model("youthcop_privacy", "AuditLogEntry")
    for content_type in ContentType.objects.filter(app_label__startswith="youthcop").exclude(app_label="youthcop_privacy"):
        # Every youthcop model has a numeric key; anything else stays where it is.
        entries = ModelLogEntry.objects.filter(content_type=content_type, object_id__regex=r"^[0-9]+$").order_by("pk")
        while batch := list(entries.values("pk", "object_id", *COPIED)[:BATCH]):
            keys = _keys(apps, content_type, {int(row["object_id"]) for row in batch})
            AuditLogEntry.objects.bulk_create(
                AuditLogEntry(
                    object_id=int(row["object_id"]),
                    participant_id=keys.get(int(row["object_id"]), (None, None))[0],
                    programme_id=keys.get(int(row["object_id"]), (None, None))[1],
                    **{field: row[field] for field in COPIED},
                )
                for row in batch
            )
            ModelLogEntry.objects.filter(pk__in=[row["pk"] for row in batch]).delete()


def move_back(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    AuditLogEntry = apps.get_model("youthcop_privacy", "AuditLogEntry")
    entries = AuditLogEntry.objects.order_by("pk")
    while batch := list(entries.values("pk", "object_id", *COPIED)[:BATCH]):
        ModelLogEntry.objects.bulk_create(
            ModelLogEntry(object_id=str(row["object_id"]), **{field: row[field] for field in COPIED}) for row in batch
        )
        AuditLogEntry.objects.filter(pk__in=[row["pk"] for row in batch]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("youthcop_privacy", "0001_audit_log_entry"),
        ("wagtailcore", "0098_apitoken"),
        ("youthcop_programmes", "0008_meal_needs_consent"),
        ("youthcop_sessions", "0003_attendance_participant_protect"),
        ("youthcop_charters", "0004_signature_participant_protect"),
        ("youthcop_certificates", "0004_logos_move_to_organisations"),
    ]

    operations = [migrations.RunPython(move_to_audit_log, move_back)]
