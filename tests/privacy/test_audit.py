"""Every action on personal data is in Wagtail's history, with who and when."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import enrol_participant
from tests.privacy.conftest import Role
from tests.privacy.factories import live_through
from youthcop.certificates import services as certificate_services
from youthcop.certificates.models import Certificate
from youthcop.charters.models import Charter, Proposal
from youthcop.privacy.models import AuditLogEntry
from youthcop.privacy.erasure import erase_participant
from youthcop.privacy.export import export_participant
from youthcop.privacy.notes import add_note, read_notes
from youthcop.programmes import services
from youthcop.programmes.models import GuardianConsent, Participant
from youthcop.sessions.models import Session

pytestmark = pytest.mark.django_db


def entries(instance, action):
    return AuditLogEntry.objects.filter(
        content_type__model=instance._meta.model_name, object_id=str(instance.pk), action=action
    )


def who(instance, action):
    """``[(user, has a time)]`` of the entries of ``action`` about ``instance``."""
    return [(entry.user, entry.timestamp is not None) for entry in entries(instance, action)]


def test_each_action_on_a_participant_says_who_and_when(client, people):
    programme, staff = people["programme"], people["staff"]
    worker, coordinator = staff[Role.YOUTH_WORKER], staff[Role.COORDINATOR]
    facilitator, advisor = staff[Role.FACILITATOR], staff[Role.YOUTH_ADVISOR]
    young = enrol_participant(programme, registered_by=worker, minor=True).participant
    services.record_consent(
        young, participation=True, photos=False, method=GuardianConsent.Method.PAPER, by=worker,
        paper_form_date=programme.start_date,
    )
    services.issue_link(young, by=worker)
    services.revoke_links(young, by=worker)
    people = {**people, "young": Participant.objects.get(pk=young.pk)}
    live_through(people)  # attendance and certificate by the facilitator; the young person signs online
    add_note(young, text="A word in confidence", by=advisor)
    read_notes(young, by=advisor)
    export_participant(young, by=coordinator)
    client.force_login(worker)
    edit_url = reverse("youthcop_admin_participants:edit", args=[young.pk])
    form = client.get(edit_url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    assert client.post(edit_url, {**data, "phone": "+32 470 55 55 55"}).status_code == 302
    erase_participant(young, by=coordinator)

    assert who(young, "youthcop.participant.registered") == [(worker, True)]
    assert who(young, "youthcop.consent.recorded") == [(worker, True)]
    assert who(young, "youthcop.link.issued") == [(worker, True)]
    assert who(young, "youthcop.link.revoked") == [(worker, True)]
    assert who(young, "wagtail.edit") == [(worker, True)]
    assert who(young, "youthcop.charter.signed") == [(None, True)], "the young person signs without an account"
    note_entries = AuditLogEntry.objects.filter(action__startswith="youthcop.note.")
    assert sorted((e.action, e.user) for e in note_entries) == [
        ("youthcop.note.added", advisor), ("youthcop.note.read", advisor),
    ]
    assert who(young, "youthcop.participant.exported") == [(coordinator, True)]
    assert who(young, "youthcop.participant.withdrawn") == [(coordinator, True)], "erasure withdrew them first"
    assert who(young, "youthcop.participant.erased") == [(coordinator, True)]
    sessions = Session.objects.filter(programme=programme)
    assert {entry.user for s in sessions for entry in entries(s, "youthcop.attendance.recorded")} == {facilitator}
    certificate = Certificate.objects.get(participant=young)
    assert who(certificate, "youthcop.certificate.issued") == [(facilitator, True)]


def test_the_participants_history_page_shows_the_actions(client, people):
    young, coordinator = people["young"], people["staff"][Role.COORDINATOR]
    services.issue_link(young, by=people["staff"][Role.YOUTH_WORKER])
    export_participant(young, by=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("youthcop_admin_participants:history", args=[young.pk])).content.decode()
    for text in ("Personal link issued", "Personal data exported", people["staff"][Role.YOUTH_WORKER].get_full_name()):
        assert text in page


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_a_spreadsheet_export_is_written_to_each_exported_persons_history(client, people, format):
    coordinator = people["staff"][Role.COORDINATOR]
    young, cop = people["young"], people["officer"]
    outsider = enrol_participant(people["other"]).participant
    client.force_login(coordinator)
    response = client.get(reverse("youthcop_admin_participants:index") + f"?side=youth&export={format}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if format == "csv":
        assert [row["Last name"] for row in csv.DictReader(io.StringIO(content.decode()))] == ["Quackenbush"]
    assert who(young, "youthcop.personal_data.listed") == [(coordinator, True)]
    assert entries(young, "youthcop.personal_data.listed").get().data == {"format": format}
    assert not entries(cop, "youthcop.personal_data.listed").exists(), "filtered out: not exported"
    assert not entries(outsider, "youthcop.personal_data.listed").exists()
    page = client.get(reverse("youthcop_admin_participants:history", args=[young.pk])).content.decode()
    assert "Listed in a spreadsheet export" in page
    # Showing the list is not an export.
    client.get(reverse("youthcop_admin_participants:index"))
    assert entries(young, "youthcop.personal_data.listed").count() == 1


def test_certificate_and_proposal_exports_are_written_too(client, traces):
    facilitator = traces["staff"][Role.FACILITATOR]
    lived = live_through(traces)
    certificate, proposal = lived["certificates"][0], lived["proposal"]
    client.force_login(facilitator)
    for name in ("youthcop_admin_certificates:index", "youthcop_admin_proposals:index"):
        b"".join(client.get(reverse(name) + "?export=csv").streaming_content)
    assert who(certificate, "youthcop.personal_data.listed") == [(facilitator, True)]
    assert who(proposal, "youthcop.personal_data.listed") == [(facilitator, True)]
    assert Proposal.objects.filter(programme=traces["programme"]).count() == len(
        AuditLogEntry.objects.filter(content_type__model="proposal", action="youthcop.personal_data.listed")
    )


def test_the_export_log_costs_one_query_whatever_the_number_of_rows(client, people, django_assert_max_num_queries):
    coordinator = people["staff"][Role.COORDINATOR]
    client.force_login(coordinator)
    url = reverse("youthcop_admin_participants:index") + "?export=csv"

    def queries():
        with django_assert_max_num_queries(40) as counted:
            b"".join(client.get(url).streaming_content)
        return len(counted.captured_queries)

    few = queries()
    for _ in range(8):
        enrol_participant(people["programme"])
    assert queries() <= few


# --- Downloads of documents that print names --------------------------------------

DOWNLOADED = "youthcop.personal_data.downloaded"


def log_queries(captured):
    return [q["sql"] for q in captured if "youthcop_privacy_auditlogentry" in q["sql"]]


def assert_no_name_in_labels(people):
    labels = " ".join(AuditLogEntry.objects.filter(action=DOWNLOADED).values_list("label", flat=True))
    for person in (people["young"], people["officer"]):
        assert person.first_name not in labels and person.last_name not in labels


def test_the_attendance_sheet_pdf_is_written_to_the_sessions_history(client, people):
    facilitator = people["staff"][Role.FACILITATOR]
    young, cop = people["young"], people["officer"]
    live_through(people, certificate=False)
    session = Session.objects.filter(programme=people["programme"]).first()
    client.force_login(facilitator)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("youthcop_admin_sessions:sheet_pdf", args=[session.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert who(session, DOWNLOADED) == [(facilitator, True)]
    entry = entries(session, DOWNLOADED).get()
    assert entry.data["document"] == "attendance_sheet"
    assert sorted(entry.data["participants"]) == sorted([young.pk, cop.pk])
    assert len(log_queries(captured)) == 1, "one write, no look-up per row"
    assert_no_name_in_labels(people)
    page = client.get(reverse("youthcop_admin_sessions:history", args=[session.pk])).content.decode()
    assert "Downloaded a document with names" in page and facilitator.get_full_name() in page
    # Showing the sheet on screen is not a download.
    client.get(reverse("youthcop_admin_sessions:attendance", args=[session.pk]))
    assert entries(session, DOWNLOADED).count() == 1


def test_a_certificate_pdf_is_written_to_the_certificates_history(client, traces):
    facilitator = traces["staff"][Role.FACILITATOR]
    certificate = live_through(traces)["certificates"][0]
    client.force_login(facilitator)
    response = client.get(reverse("youthcop_admin_certificates:pdf", args=[certificate.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert who(certificate, DOWNLOADED) == [(facilitator, True)]
    entry = entries(certificate, DOWNLOADED).get()
    assert entry.data == {"document": "certificate"}
    assert entry.label == f"Certificate #{certificate.pk}"
    assert_no_name_in_labels(traces)
    page = client.get(reverse("youthcop_admin_certificates:history", args=[certificate.pk])).content.decode()
    assert "Downloaded a document with names" in page and facilitator.get_full_name() in page


def test_the_programmes_certificates_zip_writes_each_certificates_history_in_one_query(client, traces):
    programme, facilitator = traces["programme"], traces["staff"][Role.FACILITATOR]
    live_through(traces)
    for row in certificate_services.eligibility(programme):
        if row.eligible and not Certificate.objects.filter(participant=row.participant).exists():
            certificate_services.issue_certificate(row, by=facilitator)
    issued = list(Certificate.objects.filter(programme=programme))
    assert len(issued) == 2, "the young person and the officer"
    certificate_services.revoke(issued[1], by=facilitator, reason="Issued by mistake")
    client.force_login(facilitator)
    archive = certificate_services.start_archive(programme, by=facilitator)
    certificate_services.run_archive(archive.pk)  # the background task
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("youthcop_admin_certificates:zip_download", args=[archive.pk]))
        b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/zip"
    assert who(issued[0], DOWNLOADED) == [(facilitator, True)]
    assert entries(issued[0], DOWNLOADED).get().data == {"document": "certificates_zip", "programme": programme.pk}
    assert not entries(issued[1], DOWNLOADED).exists(), "a revoked certificate is not in the ZIP"
    assert len(log_queries(captured)) == 1, "one bulk write, no look-up per certificate"
    assert_no_name_in_labels(traces)


def test_the_charter_pdf_with_signatories_is_written_to_the_versions_history(client, traces):
    facilitator = traces["staff"][Role.FACILITATOR]
    version = live_through(traces, certificate=False)["version"]
    client.force_login(facilitator)
    url = reverse("wagtailsnippets_youthcop_charters_charter:charter_pdf", args=[Charter.objects.get(programme=traces["programme"]).pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert who(version, DOWNLOADED) == [(facilitator, True)]
    entry = entries(version, DOWNLOADED).get()
    assert entry.data["document"] == "charter"
    assert sorted(entry.data["participants"]) == sorted([traces["young"].pk, traces["officer"].pk])
    assert len(log_queries(captured)) == 1
    assert_no_name_in_labels(traces)


def test_a_refused_download_writes_nothing(client, people):
    live_through(people)
    outsider = people["other_coordinator"]
    client.force_login(outsider)
    session = Session.objects.filter(programme=people["programme"]).first()
    certificate = Certificate.objects.get(participant=people["young"])
    assert client.get(reverse("youthcop_admin_sessions:sheet_pdf", args=[session.pk])).status_code == 404
    assert client.get(reverse("youthcop_admin_certificates:pdf", args=[certificate.pk])).status_code == 404
    assert client.get(
        reverse("youthcop_admin_certificates:programme_zip", args=[people["programme"].pk])
    ).status_code == 404
    assert not AuditLogEntry.objects.filter(action=DOWNLOADED).exists()


def test_the_download_action_is_registered_and_translatable():
    from django.utils import translation
    from wagtail.log_actions import registry

    assert registry.action_exists(DOWNLOADED)
    with translation.override("en"):
        assert str(registry.get_action_label(DOWNLOADED)) == "Download a document with names"
