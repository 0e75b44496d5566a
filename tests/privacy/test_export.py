"""Subject access: one action exports everything held about a participant."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader
from wagtail import hooks

from tests.factories import UserFactory
from tests.privacy.conftest import Role
from youthcop.privacy.models import AuditLogEntry
from youthcop.privacy.export import export_participant, readable_sections

pytestmark = pytest.mark.django_db


def export_url(participant, format):
    return reverse("youthcop_admin_privacy:export", args=[participant.pk, format])


def test_the_coordinator_downloads_everything_as_json(client, traces):
    coordinator = traces["staff"][Role.COORDINATOR]
    client.force_login(coordinator)
    response = client.get(export_url(traces["young"], "json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Quackenbush" not in response["Content-Disposition"]
    data = json.loads(response.content)
    person = data["participant"]
    assert (person["first_name"], person["last_name"], person["email"], person["phone"]) == (
        "Zephyrine", "Quackenbush", "zephyrine.q@example.net", "+32 470 11 22 33",
    )
    assert person["guardian_email"] == "oswin.q@example.net"
    assert person["dietary_needs"] == ["halal"]
    assert data["programme"]["name"] == "Second Wave North"
    assert data["guardian_consents"][0]["ip_address"] == "203.0.113.7"
    assert {link["purpose"] for link in data["personal_links"]} == {"Participant page", "Guardian consent"}
    assert all("token_hash" not in link and "selector" not in link for link in data["personal_links"])
    assert "Record guardian consent" in {entry["action"] for entry in data["history"]}
    export = AuditLogEntry.objects.get(action="youthcop.participant.exported")
    assert (export.user, export.object_id, export.data) == (coordinator, traces["young"].pk, {"format": "json"})


def test_confidential_notes_stay_with_the_advisor(client, traces):
    client.force_login(traces["staff"][Role.COORDINATOR])
    data = json.loads(client.get(export_url(traces["young"], "json")).content)
    assert "confidential_notes" not in data
    assert data["confidential_notes_withheld"] == {"count": 1, "held_by": "Confidential advisor (youth group)"}
    assert "worries" not in json.dumps(data)


def test_an_advisor_allowed_to_export_gets_the_notes_and_the_read_is_logged(traces):
    advisor = traces["staff"][Role.YOUTH_ADVISOR]
    data = export_participant(traces["young"], by=advisor)
    assert [note["text"] for note in data["confidential_notes"]] == ["Zephyrine Quackenbush worries about the trip"]
    read = AuditLogEntry.objects.get(action="youthcop.note.read")
    assert (read.user, read.data["via"]) == (advisor, "export")


def test_other_apps_add_their_data_through_the_hook(traces):
    def attendance(participant):
        return {"attendance": [{"session": "Workshop 1", "status": "present"}]}

    with hooks.register_temporarily("youthcop_export_participant", attendance):
        data = export_participant(traces["young"], by=traces["staff"][Role.COORDINATOR])
    assert data["attendance"] == [{"session": "Workshop 1", "status": "present"}]


def test_the_pdf_reads_like_the_json(client, traces):
    client.force_login(traces["staff"][Role.COORDINATOR])
    response = client.get(export_url(traces["young"], "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ["Personal data of Zephyrine Quackenbush", "zephyrine.q@example.net", "Guardian consents",
                     "203.0.113.7", "Personal links", "History"]:
        assert expected in text
    assert AuditLogEntry.objects.get(action="youthcop.participant.exported").data == {"format": "pdf"}


def test_the_pdf_escapes_what_people_typed(client, traces):
    young = traces["young"]
    young.accessibility_needs = "<img src='file:///etc/passwd'> ramp"
    young.save()
    client.force_login(traces["staff"][Role.COORDINATOR])
    text = PdfReader(io.BytesIO(client.get(export_url(young, "pdf")).content)).pages[0].extract_text()
    assert "<img src='file:///etc/passwd'> ramp" in text


@pytest.mark.parametrize("who", [Role.YOUTH_WORKER, Role.FACILITATOR, Role.YOUTH_ADVISOR, "other_coordinator"])
def test_others_cannot_export(client, traces, who):
    user = traces["other_coordinator"] if who == "other_coordinator" else traces["staff"][who]
    client.force_login(user)
    for format in ("json", "pdf"):
        assert client.get(export_url(traces["young"], format)).status_code == 404
    assert not AuditLogEntry.objects.filter(action="youthcop.participant.exported").exists()


def test_unknown_format_is_not_found(client, traces):
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(export_url(traces["young"], "xml")).status_code == 404
    assert client.get(export_url(traces["young"], "json")).status_code == 200


def test_export_and_erase_buttons_show_to_those_who_may(client, traces):
    index = reverse("youthcop_admin_participants:index")
    client.force_login(traces["staff"][Role.COORDINATOR])
    page = client.get(index).content.decode()
    assert export_url(traces["young"], "pdf") in page
    assert reverse("youthcop_admin_privacy:erase", args=[traces["young"].pk]) in page
    client.force_login(traces["staff"][Role.YOUTH_WORKER])
    page = client.get(index).content.decode()
    assert "Zephyrine" in page and export_url(traces["young"], "pdf") not in page


# --- Erasure through the admin ----------------------------------------------------------


def erase_url(participant):
    return reverse("youthcop_admin_privacy:erase", args=[participant.pk])


def test_the_coordinator_erases_after_confirming(client, traces):
    coordinator = traces["staff"][Role.COORDINATOR]
    client.force_login(coordinator)
    confirm = client.get(erase_url(traces["young"]))
    assert confirm.status_code == 200 and b"cannot be undone" in confirm.content
    traces["young"].refresh_from_db()
    assert traces["young"].anonymised_at is None, "GET changes nothing"
    response = client.post(erase_url(traces["young"]), follow=True)
    assert b"personal data is erased" in response.content
    assert b"Zephyrine" not in response.content
    traces["young"].refresh_from_db()
    assert traces["young"].anonymised_at and traces["young"].first_name == "Z."
    assert AuditLogEntry.objects.get(action="youthcop.participant.erased").user == coordinator


@pytest.mark.parametrize("who", [Role.YOUTH_WORKER, Role.FACILITATOR, Role.YOUTH_ADVISOR, "other_coordinator"])
def test_others_cannot_erase(client, traces, who):
    user = traces["other_coordinator"] if who == "other_coordinator" else traces["staff"][who]
    client.force_login(user)
    assert client.get(erase_url(traces["young"])).status_code == 404
    assert client.post(erase_url(traces["young"])).status_code == 404
    traces["young"].refresh_from_db()
    assert traces["young"].anonymised_at is None


def test_the_readable_export_flattens_nested_data_and_formats_dates():
    sections = readable_sections(
        {
            "exported_at": "2026-01-01T10:00:00+00:00",
            "participant": {"first_name": "Zoë", "date_of_birth": None, "dietary_needs": ["halal", "vegan"]},
            "charter": {"comments": [], "proposals": [{"text": "We listen", "proposed_at": "2026-03-01T17:30:00+00:00"}]},
            "certificates": [{f"field_{i}": i for i in range(8)}],
        }
    )
    by_title = {section["title"]: section for section in sections}
    assert by_title["Participant"]["fields"] == [
        ("First name", "Zoë"), ("Date of birth", "—"), ("Dietary needs for shared meals", "halal, vegan"),
    ]
    assert by_title["Charter"]["fields"] == [("Comments", "—")]
    assert by_title["Charter — Proposals"]["rows"] == [["We listen", "2026-03-01 18:30"]]  # Brussels time
    assert by_title["Certificates (1)"]["fields"][0] == ("Field 0", "0"), "a wide table becomes cards"


def test_the_export_holds_what_every_app_keeps(client, traces):
    """Attendance, charter proposals and signatures, certificates: each app's records, through the real hooks."""
    from tests.privacy.factories import live_through

    lived = live_through(traces)
    client.force_login(traces["staff"][Role.COORDINATOR])
    data = json.loads(client.get(export_url(traces["young"], "json")).content)
    assert [row["attendance"] for row in data["sessions"]] == ["present"] * 3
    assert "Zephyrine Quackenbush came with her sister" in {row["note"] for row in data["sessions"]}
    assert [p["text"] for p in data["charter"]["proposals"]] == [
        "We greet each other in the street", "Zephyrine Quackenbush wants pizza at every workshop",
    ]
    signature = data["charter"]["signatures"][0]
    assert (signature["typed_name"], signature["ip_address"]) == ("Zephyrine Quackenbush", "198.51.100.4")
    assert signature["text_sha256"] == lived["version"].texts.get().sha256
    assert [c["code"] for c in data["certificates"]] == [lived["certificates"][0].code]
    pdf = client.get(export_url(traces["young"], "pdf"))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert lived["certificates"][0].short_code_display in text
    assert "198.51.100.4" in text
