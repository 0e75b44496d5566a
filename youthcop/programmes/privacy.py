"""Personal data of participants: confidential notes, subject access, erasure, retention.

Most participants are minors and the other side is the police: the programme
only works if the young people can trust what happens to their data
(README rules 6 and 8). The rules here:

- **Confidential notes** are read and written by the confidential advisors of
  the participant's side in the participant's programme only; each read is
  written to the audit log.
- **Subject access**: ``export_participant`` collects everything held about a
  participant, including other apps' data through the
  ``youthcop_export_participant`` hook.
- **Anonymisation** (erasure on request, or ``RETENTION_MONTHS`` after a
  programme is completed) turns names into initials and removes contacts,
  birth date, guardian data, notes, IP addresses and user agents, here and in
  other apps through the ``youthcop_anonymise_participant`` hook, in one
  transaction. Counts, signature hashes and certificate codes stay, so
  reports and certificate verification keep working.
- **Audit log labels never hold a name**: ``youthcop.privacy.models.AuditLogEntry``
  labels personal records "<model> #<pk>" instead of ``str(instance)``.
"""

import calendar
import functools
import datetime
import json
import re

from django.contrib.contenttypes.models import ContentType
from django.contrib import messages
from django.db import connection, models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.urls import reverse
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry
from wagtail.search.models import IndexEntry

from youthcop.privacy.models import AuditLogEntry, key_fields, personal_models, pseudonymous_label  # noqa: F401

from youthcop.core.conf import youthcop_settings

from . import meal_needs, services
from .models import (
    AdvisorNote,
    GuardianConsent,
    Participant,
    PersonalLink,
    Programme,
    ProgrammeStaff,
    Side,
    SteeringCommitteeMember,
)
from .permissions import ScopedPermissionPolicy, participant_policy

Role = ProgrammeStaff.Role
REMOVED = "[removed]"

ANONYMISE_HOOK = "youthcop_anonymise_participant"
EXPORT_HOOK = "youthcop_export_participant"
REGISTER_HOOK = "youthcop_processing_register"


class Reason:
    RETENTION = "retention"
    ERASURE = "erasure"


# --- Who reads confidential notes -------------------------------------------------

ADVISOR_ROLE_BY_SIDE = {Side.YOUTH: Role.YOUTH_ADVISOR, Side.POLICE: Role.POLICE_ADVISOR}


def advised_participants_q(user, prefix=""):
    """A ``Q`` on participants (through ``prefix``) of the sides ``user`` advises in their programmes."""
    visible = Q(pk__in=[])
    for side, role in ADVISOR_ROLE_BY_SIDE.items():
        advises = ProgrammeStaff.objects.filter(programme=OuterRef(f"{prefix}programme"), user=user, role=role)
        visible |= Q(Exists(advises), **{f"{prefix}side": side})
    return visible


def participants_advised_by(user, queryset=None):
    """Participants whose confidential notes ``user`` may read and write.

    Only the advisor of the participant's own side in the participant's
    programme: not facilitators, not the other group's advisor, and not
    superusers who hold no advisor role.
    """
    queryset = Participant.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    return queryset.filter(advised_participants_q(user))


def notes_visible_to(user, queryset=None):
    queryset = AdvisorNote.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    return queryset.filter(advised_participants_q(user, prefix="participant__"))


class AdvisorNotePolicy(ScopedPermissionPolicy):
    """Model permissions do not widen the advisor rule, not even for superusers."""

    def instances_user_has_any_permission_for(self, user, actions):
        if not (user.is_authenticated and user.is_active):
            return self.model._default_manager.none()
        if not user.is_superuser and not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user, self.model._default_manager.all())


note_policy = AdvisorNotePolicy(AdvisorNote, notes_visible_to)


def can_use_notes(user, participant):
    """Whether ``user`` may read and write ``participant``'s confidential notes."""
    if not (user.is_superuser or user.has_perms(["youthcop_programmes.view_advisornote"])):
        return False
    return participants_advised_by(user).filter(pk=participant.pk).exists()


def can_export(user, participant):
    return participant_policy.user_has_permission_for_instance(user, "export", participant)


def can_erase(user, participant):
    return participant_policy.user_has_permission_for_instance(user, "erase", participant)


def add_note(participant, *, text, by):
    """Write a confidential note about ``participant``."""
    note = AdvisorNote.objects.create(participant=participant, author=by, text=text)
    log(note, "youthcop.note.added", user=by, data={"participant": participant.pk})
    return note


def read_notes(participant, *, by, via="notes"):
    """The confidential notes about ``participant``; each one read is written to the audit log."""
    notes = list(participant.advisor_notes.select_related("author"))
    log_reads(notes, by=by, via=via)
    return notes


def log_reads(notes, *, by, via):
    """One audit entry per note read, in one query whatever the number of notes."""
    AuditLogEntry.objects.log_many(
        notes, "youthcop.note.read", user=by, data=lambda note: {"participant": note.participant_id, "via": via}
    )


def log_list_export(model, records, *, by, format):
    """One audit entry per record in a spreadsheet export: whose data left the admin, who took it, when.

    ``records`` is what was exported (a queryset, or search results); the
    entries are written in one query whatever its size.
    """
    if isinstance(records, models.QuerySet):
        pks = records.order_by().values_list("pk", flat=True)
    else:
        pks = [record.pk for record in records]
    # Loaded again, lean: only what the entries' keys need, whatever the export's own query selected.
    exported = model._base_manager.filter(pk__in=list(pks)).select_related(*_participant_path(model))
    AuditLogEntry.objects.log_many(exported, "youthcop.personal_data.listed", user=by, data={"format": format})


def _participant_path(model):
    """``select_related`` for entries' keys: the participant, when the model has no programme of its own."""
    participant_field, programme_field = key_fields(model)
    return [participant_field.name] if participant_field and not programme_field else []


class AuditedExportMixin:
    """For the index views of personal records: each spreadsheet export is written to each record's history."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        log_list_export(self.model, queryset, by=self.request.user, format=spreadsheet_format)
        return super().as_spreadsheet(queryset, spreadsheet_format)


# --- Subject access ---------------------------------------------------------------


def _display(instance, field):
    value = getattr(instance, field.attname)
    if field.choices and value not in (None, ""):
        return str(getattr(instance, f"get_{field.name}_display")())
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name)
        return str(related) if related is not None else None
    return value


def _record(instance, exclude=()):
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

    Other apps add their data through the ``youthcop_export_participant`` hook
    (each returns a dict to merge). Confidential notes are included only when
    ``by`` may read them — and then each read is logged; otherwise their number
    is given, with who holds them.
    """
    participant = Participant.objects.select_related(
        "programme", "organisation", "registered_by"
    ).get(pk=participant.pk)
    programme = participant.programme
    data = {
        "exported_at": timezone.now(),
        "participant": _record(participant, exclude=("programme",)),
        "programme": {
            "name": programme.name,
            "police_zone": str(programme.police_zone),
            "start_date": programme.start_date,
            "end_date": programme.end_date,
            "status": programme.get_status_display(),
        },
        "meal_needs_for_shared_meals": meal_needs.export(participant),
        "guardian_consents": [
            _record(consent, exclude=("participant",))
            for consent in participant.consents.select_related("collected_by").order_by("recorded_at", "pk")
        ],
        "personal_links": [
            # Neither the selector nor the hash: the export is no place for what names a live link.
            _record(link, exclude=("participant", "token_hash", "selector"))
            for link in participant.links.select_related("created_by").order_by("created_at", "pk")
        ],
    }
    if can_use_notes(by, participant):
        notes = read_notes(participant, by=by, via="export")
        data["confidential_notes"] = [
            {"written_at": note.created_at, "by": str(note.author or ""), "text": note.text} for note in notes
        ]
    else:
        withheld = participant.advisor_notes.count()
        if withheld:
            data["confidential_notes_withheld"] = {
                "count": withheld,
                "held_by": str(ProgrammeStaff.Role(ADVISOR_ROLE_BY_SIDE[participant.side]).label),
            }
    for hook in hooks.get_hooks(EXPORT_HOOK):
        data.update(hook(participant) or {})
    data["history"] = _history(participant)
    log(participant, "youthcop.participant.exported", user=by, data={"format": format})
    return data


def export_json(data):
    from django.core.serializers.json import DjangoJSONEncoder

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
    """Verbose names of this app's personal fields, to title the export's keys."""
    return {
        field.name: str(capfirst(field.verbose_name))
        for model in (Participant, GuardianConsent, PersonalLink)
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


# --- Anonymisation ----------------------------------------------------------------


def initials(name):
    return " ".join(f"{part[0].upper()}." for part in name.split() if part)


def _personal_strings(participant):
    """What identifies ``participant`` in free text, mapped to what replaces it."""
    names = {
        participant.full_name: initials(participant.full_name),
        f"{participant.last_name} {participant.first_name}": initials(
            f"{participant.last_name} {participant.first_name}"
        ),
        participant.guardian_name: REMOVED,
    }
    contacts = {
        participant.email: REMOVED,
        participant.phone: REMOVED,
        participant.guardian_email: REMOVED,
        participant.guardian_phone: REMOVED,
    }
    return {k.strip(): v for k, v in {**names, **contacts}.items() if len(k.strip()) >= 3}


def _own_words(participant, shortest=2):
    """First and last names alone (in the participant's own records, and in mentions by others)."""
    return {
        word: initials(word)
        for word in (participant.first_name.strip(), participant.last_name.strip())
        if len(word) >= shortest
    }


class Scrubber:
    """Replaces whole-word occurrences of personal strings in text and JSON values."""

    def __init__(self, replacements):
        self.replacements = {k.lower(): v for k, v in replacements.items()}
        needles = sorted(self.replacements, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in needles) + r")(?!\w)", re.IGNORECASE)
            if needles
            else None
        )

    def text(self, value):
        if not self.pattern or not isinstance(value, str):
            return value
        return self.pattern.sub(lambda m: self.replacements[m.group(0).lower()], value)

    def json(self, value):
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(v) for v in value]
        if isinstance(value, dict):
            return {k: self.json(v) for k, v in value.items()}
        return value

    def lookup(self, *fields):
        """A ``Q`` finding rows that may hold a needle in ``fields`` (raw and JSON-escaped)."""
        query = Q(pk__in=[])
        for needle in self.replacements:
            forms = {needle, json.dumps(needle)[1:-1]}
            for field in fields:
                for form in forms:
                    query |= Q(**{f"{field}__icontains": form})
        return query


def _is_free_text(field):
    return isinstance(field, (models.CharField, models.TextField)) and not field.choices and not field.primary_key


def _is_ip_or_agent(field):
    return isinstance(field, models.GenericIPAddressField) or "user_agent" in field.name


def _network_blanks(fields):
    """IP and user-agent fields, with their empty value (a non-null IP field cannot be blanked)."""
    return {
        f.attname: None if f.null else ""
        for f in fields
        if _is_ip_or_agent(f) and (f.null or not isinstance(f, models.GenericIPAddressField))
    }


def _scrub_row_fields(model, queryset, scrubber, *, blank_network=True):
    """Replace personal strings in the text and JSON fields of ``queryset``; blank IPs and user agents."""
    fields = [f for f in model._meta.concrete_fields if not f.is_relation]
    network = _network_blanks(fields)
    if blank_network and network:
        queryset.update(**network)
    texts = [f for f in fields if f.attname not in network and (_is_free_text(f) or isinstance(f, models.JSONField))]
    if not texts:
        return
    candidates = queryset.filter(scrubber.lookup(*[f.attname for f in texts]))
    for row in candidates.values("pk", *[f.attname for f in texts]):
        changes = {}
        for field in texts:
            value = row[field.attname]
            new = scrubber.json(value) if isinstance(field, models.JSONField) else scrubber.text(value)
            if new != value:
                changes[field.attname] = new
        if changes:
            # update(), not save(): some records (signatures) are append-only by design.
            model._base_manager.filter(pk=row["pk"]).update(**changes)


def _participant_relations():
    return [rel for rel in Participant._meta.related_objects if rel.one_to_many or rel.one_to_one]


def _scrub_own_records(own_records, scrubber):
    for model, pks in own_records.items():
        if model is not Participant:
            _scrub_row_fields(model, model._base_manager.filter(pk__in=pks), scrubber)


def _programme_field(model):
    return next(
        (f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is Programme), None
    )


def _scrub_mentions(programme_id, scrubber):
    """What other participants of the programme wrote about this one ("Good idea, Sam!")."""
    for rel in _participant_relations():
        model = rel.related_model
        lookup = _programme_field(model) or f"{rel.field.name}__programme"
        queryset = model._base_manager.filter(**{lookup: programme_id})
        _scrub_row_fields(model, queryset, scrubber, blank_network=False)


def _compact_search_index():
    """SQLite's full-text index keeps deleted words in its segments until they are merged."""
    if connection.vendor != "sqlite":
        return
    table = f"{IndexEntry._meta.db_table}_fts"
    with connection.cursor() as cursor:
        if table in connection.introspection.table_names(cursor):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def _own_records(participant):
    """``{model: [pk, …]}`` of the participant and of every record pointing at them."""
    records = {Participant: [participant.pk]}
    for rel in _participant_relations():
        pks = list(rel.related_model._base_manager.filter(**{rel.field.name: participant}).values_list("pk", flat=True))
        if pks:
            records.setdefault(rel.related_model, []).extend(pks)
    return records


# Audit actions whose ``data`` copies text someone typed about the participant (a reason): anonymisation
# and erasure remove it with its source, even when the source is gone already (a cleared hand decision).
FREE_TEXT_LOG_DATA = {
    "youthcop.participant.withdrawn": ("reason",),
    "youthcop.certificate.awarded_by_hand": ("reason",),
    "youthcop.certificate.refused_by_hand": ("reason",),
    "youthcop.certificate.revoked": ("reason",),
}
# Reasons the code writes itself: they say nothing about the person.
CODED_REASONS = {Reason.RETENTION, Reason.ERASURE, "deleted"}
SHORTEST_TYPED_TEXT = 8


def _is_typed_text(field):
    """Text someone typed freely (a reason, a note), as opposed to names, codes and hashes."""
    return (
        _is_free_text(field)
        and not _is_ip_or_agent(field)
        and (isinstance(field, models.TextField) or (field.max_length or 0) >= 150)
    )


def _typed_texts(own_records):
    """Every free text held in the participant's records: a copy of one in the audit log goes with it."""
    texts = set()
    for model, pks in own_records.items():
        fields = [f.attname for f in model._meta.concrete_fields if _is_typed_text(f)]
        if not fields:
            continue
        for row in model._base_manager.filter(pk__in=pks).values_list(*fields):
            texts.update(v.strip() for v in row if isinstance(v, str) and len(v.strip()) >= SHORTEST_TYPED_TEXT)
    return sorted(texts, key=len, reverse=True)


def _without_typed_text(action, data, texts):
    """``data`` of an audit entry with the free texts it copied replaced by "[removed]"."""
    keys = FREE_TEXT_LOG_DATA.get(action, ())

    def clean(value, key=None):
        if isinstance(value, dict):
            return {k: clean(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if not isinstance(value, str) or not value.strip():
            return value
        if key in keys and value not in CODED_REASONS:
            return REMOVED
        stripped = value.strip()
        # A copy cut to a column's length is the start of its source.
        if len(stripped) >= 20 and any(text.startswith(stripped) for text in texts):
            return REMOVED
        for text in texts:
            value = value.replace(text, REMOVED)
        return value

    return clean(data)


def _scrub_log_entries(own_records, own_scrubber, scrubber, typed_texts=()):
    """Labels and data of audit entries: those of the participant's records, and any other naming them.

    In the participant's own entries, free text copied into ``data`` goes too
    (``FREE_TEXT_LOG_DATA``, and any copy of a free text of their records).
    """
    own = Q(participant_id=own_records[Participant][0])
    for model, pks in own_records.items():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        own |= Q(content_type=content_type, object_id__in=pks)
    mentions = scrubber.lookup("label", "data")
    for log_model, entries, entry_scrubber, texts in (
        (AuditLogEntry, AuditLogEntry.objects.filter(own), own_scrubber, typed_texts),
        (AuditLogEntry, AuditLogEntry.objects.exclude(own).filter(mentions), scrubber, None),
        # Wagtail's own log of other objects (an image titled with a name).
        (ModelLogEntry, ModelLogEntry.objects.filter(mentions), scrubber, None),
    ):
        for entry in entries.only("pk", "label", "data", "action"):
            data = entry.data if texts is None else _without_typed_text(entry.action, entry.data, texts)
            label, data = entry_scrubber.text(entry.label), entry_scrubber.json(data)
            if (label, data) != (entry.label, entry.data):
                log_model.objects.filter(pk=entry.pk).update(label=label, data=data)


def _scrub_steering_committee(participant, scrubber):
    for member in SteeringCommitteeMember.objects.filter(programme_id=participant.programme_id):
        name = scrubber.text(member.name)
        if name != member.name:
            SteeringCommitteeMember.objects.filter(pk=member.pk).update(name=name)


def _clear_participant(participant, now):
    participant.first_name = initials(participant.first_name) or "—"
    participant.last_name = initials(participant.last_name)
    participant.date_of_birth = None
    participant.email = participant.phone = ""
    participant.guardian_name = participant.guardian_email = participant.guardian_phone = ""
    participant.accessibility_needs = ""
    # Meal needs (halal, kosher, a food allergy) can reveal a religion or health: special-category data.
    participant.dietary_needs = []
    participant.meal_needs_consent_at, participant.meal_needs_consent_by = None, ""
    participant.withdrawal_reason = ""
    participant.reserved_until = None
    participant.anonymised_at = now
    # save(), not update(): the search index must forget the name too.
    participant.save()


def _still_taking_part(participant):
    return participant.status in (
        Participant.Status.AWAITING_CONSENT,
        Participant.Status.ENROLLED,
        Participant.Status.WAITING,
    ) and participant.programme.status not in (Programme.Status.COMPLETED, Programme.Status.ARCHIVED)


def anonymise_participant(participant, *, by=None, reason=Reason.RETENTION):
    """Anonymise ``participant`` everywhere, in one transaction; return it.

    Names become initials; contacts, birth date, guardian data, needs,
    confidential notes, personal links, IP addresses and user agents go — in
    this app, in the audit log and, through the ``youthcop_anonymise_participant``
    hook, in every other app. Attendance, signature hashes and certificate codes
    stay. A participant still taking part is withdrawn first (their place goes
    to the waiting list). Anonymising twice changes nothing.
    """
    with transaction.atomic():
        participant = Participant.objects.select_related("programme").get(pk=participant.pk)
        if participant.anonymised_at:
            return participant
        if _still_taking_part(participant):
            services.withdraw(participant, by=by, reason=reason)
            participant.refresh_from_db()
        personal = _personal_strings(participant)
        scrubber = Scrubber(personal)
        own_scrubber = Scrubber({**_own_words(participant), **personal})
        mention_scrubber = Scrubber({**_own_words(participant, shortest=3), **personal})
        # Listed before the hooks run: other apps may detach records (author=None) that still need scrubbing.
        own_records = _own_records(participant)
        typed_texts = _typed_texts(own_records)
        for hook in hooks.get_hooks(ANONYMISE_HOOK):
            hook(participant)
        participant.advisor_notes.all().delete()
        participant.links.all().delete()
        _scrub_own_records(own_records, own_scrubber)
        _scrub_mentions(participant.programme_id, mention_scrubber)
        _scrub_steering_committee(participant, scrubber)
        _scrub_log_entries(own_records, own_scrubber, scrubber, typed_texts)
        _clear_participant(participant, timezone.now())
        action = "youthcop.participant.erased" if reason == Reason.ERASURE else "youthcop.participant.anonymised"
        log(participant, action, user=by, data={"reason": reason})
        _compact_search_index()
    return participant


def erase_participant(participant, *, by):
    """Erasure on request: the same anonymisation, now."""
    return anonymise_participant(participant, by=by, reason=Reason.ERASURE)


# --- Deletion: refused once there is history -------------------------------------------


def history_blocking_deletion(instance):
    """The kinds of record that keep ``instance`` from being deleted (PROTECT relations), or ``[]``.

    Attendance, signatures, guardian consents and certificates are the
    programme's history: a participant who has any is anonymised, never
    deleted, and so is a programme whose participants do (README rules 4–6).
    """
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    try:
        collector.collect([instance])
    except (ProtectedError, RestrictedError) as error:
        blocking = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
        return sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
    return []


class RefuseDeletingHistoryMixin:
    """For delete views: explain, and refuse, when the object has history; point to erasure for a participant."""

    template_name = "youthcop_programmes/admin/confirm_delete.html"

    @functools.cached_property
    def history(self):
        return history_blocking_deletion(self.object)

    def history_message(self):
        records = ", ".join(self.history)
        if isinstance(self.object, Participant):
            return _(
                "This participant cannot be deleted: the programme's history holds their %(records)s. "
                "Erase their personal data instead: the history stays, without their name."
            ) % {"records": records}
        return _(
            "This programme cannot be deleted: its history holds %(records)s. "
            "Mark it completed instead: its participants are anonymised after the retention period."
        ) % {"records": records}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.history:
            context["is_protected"] = True
            context["history_message"] = self.history_message()
            if isinstance(self.object, Participant) and can_erase(self.request.user, self.object):
                context["erase_url"] = reverse("youthcop_admin_privacy:erase", args=[self.object.pk])
        return context

    def form_valid(self, form):
        if self.history:
            messages.error(self.request, self.history_message())
            return redirect(self.request.path)
        return super().form_valid(form)


# --- Retention ----------------------------------------------------------------------


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def retention_deadline(programme):
    """The day ``programme``'s personal data is due for anonymisation."""
    return add_months(programme.end_date, youthcop_settings.RETENTION_MONTHS)


def programmes_due_for_anonymisation(today=None):
    """Completed or archived programmes whose retention period is over."""
    today = today or timezone.localdate()
    finished = Programme.objects.filter(
        status__in=[Programme.Status.COMPLETED, Programme.Status.ARCHIVED], end_date__lte=today
    )
    return [programme for programme in finished if retention_deadline(programme) <= today]


def programmes_never_completed(queryset=None, today=None):
    """Programmes past their retention deadline but still not marked completed: nothing anonymises them."""
    today = today or timezone.localdate()
    queryset = Programme.objects.all() if queryset is None else queryset
    open_ones = queryset.exclude(status__in=[Programme.Status.COMPLETED, Programme.Status.ARCHIVED])
    return [programme for programme in open_ones.filter(end_date__lte=today) if retention_deadline(programme) <= today]


def participants_due_for_anonymisation(today=None):
    programmes = programmes_due_for_anonymisation(today)
    return Participant.objects.filter(programme__in=programmes, anonymised_at__isnull=True).order_by("pk")


def anonymise_due_participants(today=None):
    """Anonymise every participant whose programme's retention period is over; return their ids.

    Meal needs go sooner: those of every programme that has ended are deleted first.
    """
    meal_needs.forget_for_ended_programmes(today)
    done = []
    for participant in participants_due_for_anonymisation(today).only("pk"):
        anonymise_participant(participant, reason=Reason.RETENTION)
        done.append(participant.pk)
    return done


@task()
def anonymise_due_participants_task():
    """Daily: anonymise the participants of programmes past their retention period."""
    return anonymise_due_participants()


# --- Processing register ---------------------------------------------------------------


def _link_retention():
    if youthcop_settings.LINK_GRACE_DAYS is None:
        return _("Work until the participant's data is anonymised, then deleted; revocable at any time")
    return _("Expire %(days)s days after the programme; deleted on anonymisation") % {
        "days": youthcop_settings.LINK_GRACE_DAYS
    }


def processing_register():
    """What personal data youthcop holds, why, for how long and who sees it.

    Other apps may add rows with the ``youthcop_processing_register`` hook
    (each returns a list of dicts with the same keys).
    """
    months = youthcop_settings.RETENTION_MONTHS
    after_programme = _(
        "Until %(months)s months after the programme is completed, then anonymised"
    ) % {"months": months}
    rows = [
        {
            "data": _("Participant: name, date of birth, gender, email, phone, language, organisation, police unit"),
            "purpose": _("Run the programme: composition, invitations, personal links; birth date only to know who is a minor"),
            "basis": _("Consent (a guardian's for minors)"),
            "retention": after_programme,
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
            "retention": after_programme,
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
            "data": _("Personal links (a random identifier per link; the link itself is not stored)"),
            "purpose": _("Let participants and guardians reach their page without an account"),
            "basis": _("Consent"),
            "retention": _link_retention(),
            "access": _("Nobody can read a link back from the database"),
        },
        {
            "data": _("Confidential advisor notes"),
            "purpose": _("Support by the confidential advisor of the participant's own group"),
            "basis": _("Consent"),
            "retention": after_programme,
            "access": _("Only the confidential advisor of the participant's group in that programme; each read is logged"),
        },
        {
            "data": _("Attendance (present, late, excused, absent)"),
            "purpose": _("Follow-up by the youth worker, certificate eligibility, anonymous reports"),
            "basis": _("Consent"),
            "retention": _("Kept without name after anonymisation, for anonymous statistics"),
            "access": _("The programme's facilitators and coordinators; the participant's youth worker"),
        },
        {
            "data": _("Absence flags and the follow-up note"),
            "purpose": _("Tell the youth worker after two unexcused absences in a row"),
            "basis": _("Consent"),
            "retention": _("Notes removed on anonymisation; the flag stays, without a name"),
            "access": _("Those who follow the participant: their youth worker, the programme's facilitators and coordinators, the advisor of their group"),
        },
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
        {
            "data": _("Certificates: name, programme, verification code"),
            "purpose": _("Reward and let third parties verify a certificate"),
            "basis": _("Consent"),
            "retention": _("The code stays verifiable; the name is anonymised with the participant"),
            "access": _("The participant; anyone holding the verification code"),
        },
        {
            "data": _("Audit log: who did what and when"),
            "purpose": _("Accountability for every change to personal data"),
            "basis": _("Legal obligation (accountability)"),
            "retention": _("Kept; entries never hold a participant's name"),
            "access": _("Administrators; staff for the records they may see"),
        },
    ]
    for hook in hooks.get_hooks(REGISTER_HOOK):
        rows.extend(hook() or [])
    return rows


FORBIDDEN = gettext_lazy(
    "Ethnic origin, religion, health and criminal records: no field asks for them. Meal needs are the "
    "one exception, for the shared meals: they can reveal a religion or a health condition, so they are "
    "recorded only with explicit consent and deleted when the programme ends (see below)."
)
