"""Anonymisation and erasure: a participant's name and contacts leave every record, the history stays.

Erasure on request, or ``RETENTION_MONTHS`` after a programme is completed
(README rule 6): names become initials; contacts, birth date, guardian data,
notes, IP addresses and user agents go, here and through the
``youthcop_anonymise_participant`` hook in every app, in one transaction.
Counts, signature hashes and certificate codes stay, so reports and
certificate verification keep working. Free text copied into the audit log (a
reason for a decision) goes with its source.
"""

import json
import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.search.models import IndexEntry

from youthcop.programmes import services
from youthcop.programmes.models import Participant, Programme

from .models import AuditLogEntry

REMOVED = "[removed]"
ANONYMISE_HOOK = "youthcop_anonymise_participant"


class Reason:
    RETENTION = "retention"
    ERASURE = "erasure"


def initials(name):
    return " ".join(f"{part[0].upper()}." for part in name.split() if part)


def personal_strings(participant):
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


LOG_FREE_TEXT_HOOK = "youthcop_log_free_text"
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


def log_free_text():
    """``{action: keys}``: audit actions whose ``data`` copies text someone typed about the participant.

    Each app names its own through the ``youthcop_log_free_text`` hook (a function returning such a
    dict). Anonymisation and erasure remove that text with its source, even when the source is gone
    already (a cleared hand decision).
    """
    actions = {}
    for hook in hooks.get_hooks(LOG_FREE_TEXT_HOOK):
        actions.update(hook())
    return actions


def _without_typed_text(action, data, texts, free_text=None):
    """``data`` of an audit entry with the free texts it copied replaced by "[removed]"."""
    keys = (log_free_text() if free_text is None else free_text).get(action, ())

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
    (``log_free_text()``, and any copy of a free text of their records).
    """
    own = Q(participant_id=own_records[Participant][0])
    for model, pks in own_records.items():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        own |= Q(content_type=content_type, object_id__in=pks)
    mentions = scrubber.lookup("label", "data")
    free_text = log_free_text()
    for log_model, entries, entry_scrubber, texts in (
        (AuditLogEntry, AuditLogEntry.objects.filter(own), own_scrubber, typed_texts),
        (AuditLogEntry, AuditLogEntry.objects.exclude(own).filter(mentions), scrubber, None),
        # Wagtail's own log of other objects (an image titled with a name).
        (ModelLogEntry, ModelLogEntry.objects.filter(mentions), scrubber, None),
    ):
        for entry in entries.only("pk", "label", "data", "action"):
            data = entry.data if texts is None else _without_typed_text(entry.action, entry.data, texts, free_text)
            label, data = entry_scrubber.text(entry.label), entry_scrubber.json(data)
            if (label, data) != (entry.label, entry.data):
                log_model.objects.filter(pk=entry.pk).update(label=label, data=data)


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
        Participant.Status.OFFERED,
    ) and participant.programme.status not in (Programme.Status.COMPLETED, Programme.Status.ARCHIVED)


def anonymise_participant(participant, *, by=None, reason=Reason.RETENTION):
    """Anonymise ``participant`` everywhere, in one transaction; return it.

    Names become initials; contacts, birth date, guardian data, needs,
    confidential notes, IP addresses and user agents go — here, in the audit
    log and, through the ``youthcop_anonymise_participant`` hook, in every app
    (personal links, the steering committee, absence notes…). Attendance,
    signature hashes and certificate codes stay. A participant still taking
    part is withdrawn first (their place goes to the waiting list).
    Anonymising twice changes nothing.
    """
    with transaction.atomic():
        participant = Participant.objects.select_related("programme").get(pk=participant.pk)
        if participant.anonymised_at:
            return participant
        if _still_taking_part(participant):
            services.withdraw(participant, by=by, reason=reason)
            participant.refresh_from_db()
        personal = personal_strings(participant)
        scrubber = Scrubber(personal)
        own_scrubber = Scrubber({**_own_words(participant), **personal})
        mention_scrubber = Scrubber({**_own_words(participant, shortest=3), **personal})
        # Listed before the hooks run: other apps may detach records (author=None) that still need scrubbing.
        own_records = _own_records(participant)
        typed_texts = _typed_texts(own_records)
        for hook in hooks.get_hooks(ANONYMISE_HOOK):
            hook(participant)
        participant.advisor_notes.all().delete()
        _scrub_own_records(own_records, own_scrubber)
        _scrub_mentions(participant.programme_id, mention_scrubber)
        _scrub_log_entries(own_records, own_scrubber, scrubber, typed_texts)
        _clear_participant(participant, timezone.now())
        action = "youthcop.participant.erased" if reason == Reason.ERASURE else "youthcop.participant.anonymised"
        log(participant, action, user=by, data={"reason": reason})
        _compact_search_index()
    return participant


def erase_participant(participant, *, by):
    """Erasure on request: the same anonymisation, now."""
    return anonymise_participant(participant, by=by, reason=Reason.ERASURE)
