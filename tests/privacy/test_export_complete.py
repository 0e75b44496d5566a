"""Subject access is complete: every column of every row that holds the person's data is in the export.

The rows are found from the database (every table with a foreign key to the
participant, in any app), not from what the export chose to show; each
non-empty value must read back from the export's JSON.
"""

import datetime
import decimal
import json
import uuid

import pytest
from django.utils import timezone

from tests.certificates.factories import certificate_for, held_sessions
from tests.certificates.helpers import pdftotext
from tests.privacy.conftest import Role
from tests.privacy.factories import live_through
from youthcop.certificates import services as certificates
from youthcop.privacy.export import export_json, export_participant
from youthcop.programmes.models import Participant
from youthcop.sessions import services as sessions
from youthcop.sessions.models import AbsenceFlag, ReminderSent

pytestmark = pytest.mark.django_db

# Columns deliberately left out of the export, with the reason a person is given.
WITHHELD = {
    ("personallink", "token_hash"): "a link's secret: exporting it would hand out access",
    ("personallink", "selector"): "a link's secret: exporting it would hand out access",
}


def rows_holding(participant):
    """``[(model, instance)]``: the participant and every row of any table pointing at them."""
    rows = [(Participant, participant)]
    for rel in participant._meta.related_objects:
        if rel.one_to_many or rel.one_to_one:
            model = rel.related_model
            rows += [(model, row) for row in model._base_manager.filter(**{rel.field.name: participant})]
    return rows


def leaves(value, key=None):
    """Every (key, scalar) of a nested JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v, key)
    else:
        yield key, value


def datetime_forms(value):
    """ISO forms to the millisecond (as Django's JSON encoder writes them), in UTC or local time."""
    forms = set()
    for moment in (value.astimezone(datetime.timezone.utc), timezone.localtime(value)):
        seconds = moment.strftime("%Y-%m-%dT%H:%M:%S")
        forms.add(f"{seconds}.{moment.microsecond // 1000:03d}" if moment.microsecond else f"{seconds}Z")
        if not moment.microsecond:
            forms.add(f"{seconds}{moment.strftime('%z')[:3]}:{moment.strftime('%z')[3:]}")
    return forms


def found_in(export, field, instance):
    """Whether the value of ``field`` of ``instance`` reads back from ``export``."""
    text = export_json(export)
    scalars = {str(v) for _k, v in leaves(export) if v is not None}
    value = getattr(instance, field.attname)
    if field.is_relation:
        related = getattr(instance, field.name)
        forms = {str(related), str(related.pk)}
        if hasattr(related, "get_full_name"):
            forms |= {related.get_full_name(), related.get_username()}
        for attribute in ("title", "name", "number", "text"):  # how an export names a session, a version…
            if isinstance(getattr(related, attribute, None), (str, int)):
                forms.add(str(getattr(related, attribute)))
        return bool(forms & scalars) or any(len(form) > 3 and form in text for form in forms)
    if isinstance(value, bool):
        names = {field.name, str(field.verbose_name)}
        return any(k in names and v in (value, str(value), "yes" if value else "no") for k, v in leaves(export))
    if isinstance(value, datetime.datetime):
        return any(form in text for form in datetime_forms(value))
    if isinstance(value, datetime.date):
        return value.isoformat() in text
    if isinstance(value, (int, decimal.Decimal, uuid.UUID)):
        return str(value) in scalars
    if isinstance(value, list):
        return all(json.dumps(item, ensure_ascii=False) in text or str(item) in scalars for item in value)
    forms = {value}
    if field.choices:
        forms.add(str(dict(field.flatchoices).get(value, value)))
    return any(json.dumps(form, ensure_ascii=False)[1:-1] in text for form in forms)


def missing_from(export, participant):
    missing = []
    for model, instance in rows_holding(participant):
        for field in model._meta.concrete_fields:
            key = (model._meta.model_name, field.name)
            value = getattr(instance, field.attname)
            if field.primary_key or key in WITHHELD or value in (None, "", []):
                continue
            if field.is_relation and field.related_model is Participant:
                continue  # the row is theirs: that is why it is here
            if not found_in(export, field, instance):
                missing.append(f"{model._meta.label}.{field.name} = {value!r}")
    return missing


@pytest.fixture
def lived(traces):
    """The young person after a year in every app: sessions, flags, proposals, decisions, certificate, reminders."""
    young, facilitator = traces["young"], traces["staff"][Role.FACILITATOR]
    live_through(traces, certificate=False)
    for session in held_sessions(traces["programme"], 2):
        AbsenceFlag.objects.create(participant=young, session=session)
        ReminderSent.objects.create(participant=young, session=session)
    flag = AbsenceFlag.objects.filter(participant=young).first()
    sessions.resolve_absence_flag(flag, by=traces["staff"][Role.YOUTH_WORKER], note="Called her: exams week")
    certificates.decide_by_hand(young, decision="award", reason="Caught up with the facilitators", by=facilitator)
    certificate_for(young)
    return traces


def test_every_column_of_every_row_about_the_person_is_in_the_export(lived):
    young = lived["young"]
    export = export_participant(young, by=lived["staff"][Role.YOUTH_ADVISOR])
    tables = {model._meta.label for model, _row in rows_holding(young)}
    assert {"youthcop_sessions.AbsenceFlag", "youthcop_charters.Proposal", "youthcop_charters.Signature",
            "youthcop_certificates.Certificate", "youthcop_programmes.GuardianConsent"} <= tables
    missing = missing_from(export, young)
    assert not missing, "\n".join(missing)


def test_the_check_sees_what_an_export_leaves_out(lived):
    """The comparison is not vacuous: an export without the absence flags fails it."""
    young = lived["young"]
    export = export_participant(young, by=lived["staff"][Role.YOUTH_ADVISOR])
    export.pop("absence_flags", None)
    for row in export.get("sessions", []):
        row.pop("absence_flag", None)
    assert any("AbsenceFlag.resolution_note" in line for line in missing_from(export, young))


def test_the_pdf_reads_the_flags_and_decision_dates_back(client, lived):
    """What the JSON gained reads back from the PDF a person is given."""
    import io

    from django.urls import reverse
    from pypdf import PdfReader

    young = lived["young"]
    client.force_login(lived["staff"][Role.COORDINATOR])
    data = json.loads(client.get(reverse("youthcop_admin_privacy:export", args=[young.pk, "json"])).content)
    assert "token_hash" not in json.dumps(data)
    [resolved] = [flag for flag in data["absence_flags"] if flag["resolved_at"]]
    assert resolved["what_was_done"] == "Called her: exams week"
    assert all(p["decided_at"] for p in data["charter"]["proposals"])
    pdf = client.get(reverse("youthcop_admin_privacy:export", args=[young.pk, "pdf"]))
    decided = timezone.localtime(young.charter_proposals.exclude(decided_at=None).first().decided_at)
    # Read back by two readers: pypdf's text extraction and poppler's pdftotext.
    for text in (
        " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages),
        pdftotext(pdf.content, layout=False),  # table cells wrap; reading order keeps each cell whole
    ):
        assert "Called her: exams week" in text
        assert decided.strftime("%Y-%m-%d %H:%M") in text
