"""Anonymisation: what goes, what stays, in one transaction, everywhere in the database."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail import hooks

from tests.factories import ParticipantFactory, ProgrammeFactory, enrol_participant
from tests.privacy.conftest import Role, personal_values
from tests.privacy.dbscan import count_tables, scan
from tests.privacy.factories import live_through
from youthcop.certificates import services as certificate_services
from youthcop.charters.models import Signature
from youthcop.privacy.erasure import anonymise_participant, erase_participant
from youthcop.privacy.models import AdvisorNote, AuditLogEntry
from youthcop.privacy.retention import programmes_due_for_anonymisation
from youthcop.privacy.tasks import anonymise_due_participants_task
from youthcop.programmes.models import (
    GuardianConsent,
    Participant,
    PersonalLink,
    Programme,
    SteeringCommitteeMember,
)
from youthcop.sessions.models import Attendance

pytestmark = pytest.mark.django_db


def test_names_become_initials_and_contacts_go(traces):
    young = anonymise_participant(traces["young"])
    young.refresh_from_db()
    assert (young.first_name, young.last_name) == ("Z.", "Q.")
    assert young.email == young.phone == ""
    assert young.date_of_birth is None
    assert young.guardian_name == young.guardian_email == young.guardian_phone == ""
    assert young.accessibility_needs == "" and young.dietary_needs == []
    assert young.anonymised_at is not None


def test_what_reports_and_verification_need_stays(traces):
    young = traces["young"]
    Programme.objects.filter(pk=young.programme_id).update(status=Programme.Status.COMPLETED)
    anonymise_participant(young)
    young.refresh_from_db()
    assert (young.side, young.status, young.programme_id, young.organisation_id, young.gender) == (
        "youth", Participant.Status.ENROLLED, traces["programme"].pk, traces["young"].organisation_id, "",
    )
    consent = GuardianConsent.objects.get(participant=young)
    assert consent.participation and consent.photos, "the answer stays as proof"
    assert consent.ip_address is None and consent.user_agent == ""


def test_notes_and_links_are_deleted(traces):
    young = traces["young"]
    assert AdvisorNote.objects.filter(participant=young).exists()
    assert PersonalLink.objects.filter(participant=young).exists()
    anonymise_participant(young)
    assert not AdvisorNote.objects.filter(participant=young).exists()
    assert not PersonalLink.objects.filter(participant=young).exists()


def test_no_text_column_anywhere_holds_the_name_email_or_phone(traces, client):
    """After a programme lived through every app, anonymisation leaves no trace in any table."""
    young, cop = traces["young"], traces["officer"]
    lived = live_through(traces)
    # Staff changed the participant through the admin: history, search index, log labels.
    client.force_login(traces["staff"][Role.COORDINATOR])
    edit_url = f"/admin/youthcop/participants/edit/{young.pk}/"
    form = client.get(edit_url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(dietary_needs=["halal"], accessibility_needs="Needs step-free access, says Zephyrine")
    assert client.post(edit_url, data).status_code == 302
    values = [v for v in [*personal_values(young), *personal_values(cop), "203.0.113.7", "198.51.100.4"] if v]
    before = scan(values)
    assert before["Quackenbush"] and before["198.51.100.4"], "the scan sees the data before anonymisation"
    assert count_tables() > 50
    Programme.objects.filter(pk=traces["programme"].pk).update(status=Programme.Status.COMPLETED)

    anonymise_participant(young)
    anonymise_participant(cop)

    assert scan(values) == {value: [] for value in values}
    # What reports and verification need is still there.
    assert Attendance.objects.filter(participant=young, status=Attendance.Status.PRESENT).count() == 3
    signature = Signature.objects.get(participant=young)
    assert signature.typed_name == "Z. Q." and signature.text_sha256 == lived["version"].texts.get().sha256
    certificate = lived["certificates"][0]
    assert certificate_services.find_by_code(certificate.code).holder_last_name == "Q"


def test_audit_labels_never_hold_a_name(traces):
    labels = set(AuditLogEntry.objects.values_list("label", flat=True))
    assert labels and not any("Zephyrine" in label or "Quackenbush" in label for label in labels)
    assert f"Participant #{traces['young'].pk}" in labels


def test_the_audit_trail_stays_and_says_who_anonymised(traces):
    young = traces["young"]
    before = AuditLogEntry.objects.filter(object_id=str(young.pk)).count()
    coordinator = traces["staff"][Role.COORDINATOR]
    erase_participant(young, by=coordinator)
    entries = AuditLogEntry.objects.filter(object_id=str(young.pk), action="youthcop.participant.erased")
    assert entries.get().user == coordinator
    assert AuditLogEntry.objects.filter(object_id=str(young.pk)).count() >= before + 1


def test_other_apps_hooks_run_in_the_same_transaction(traces):
    young = traces["young"]
    seen = []

    def other_app(participant):
        seen.append(participant.full_name)  # the hook still sees the data it must clear
        raise RuntimeError("the other app failed")

    with hooks.register_temporarily("youthcop_anonymise_participant", other_app):
        with pytest.raises(RuntimeError):
            anonymise_participant(young)
    assert seen == ["Zephyrine Quackenbush"]
    young.refresh_from_db()
    assert young.anonymised_at is None and young.email == "zephyrine.q@example.net"
    assert AdvisorNote.objects.filter(participant=young).exists(), "nothing was half-done"


def test_anonymising_twice_changes_nothing(traces):
    young = anonymise_participant(traces["young"])
    stamp = young.anonymised_at
    again = anonymise_participant(young)
    assert again.anonymised_at == stamp
    assert AuditLogEntry.objects.filter(action="youthcop.participant.anonymised").count() == 1


def test_a_steering_committee_seat_loses_the_name(traces):
    programme = traces["programme"]
    seat = SteeringCommitteeMember.objects.create(programme=programme, name="Zephyrine Quackenbush", represents="youth")
    anonymise_participant(traces["young"])
    seat.refresh_from_db()
    assert seat.name == "Z. Q."


# --- Retention ---------------------------------------------------------------------------


def finished_programme(end, status=Programme.Status.COMPLETED):
    return ProgrammeFactory(start_date=end - datetime.timedelta(days=360), end_date=end, status=status)


@override_settings(YOUTHCOP={"RETENTION_MONTHS": 6})
def test_retention_starts_the_configured_months_after_a_completed_programme():
    today = datetime.date(2026, 9, 15)
    due = finished_programme(datetime.date(2026, 3, 15))
    not_yet = finished_programme(datetime.date(2026, 3, 16))
    archived = finished_programme(datetime.date(2025, 1, 1), status=Programme.Status.ARCHIVED)
    still_running = finished_programme(datetime.date(2025, 1, 1), status=Programme.Status.RUNNING)
    assert set(programmes_due_for_anonymisation(today)) == {due, archived}
    assert not_yet.retention_deadline == datetime.date(2026, 9, 16)
    assert still_running not in programmes_due_for_anonymisation(datetime.date(2030, 1, 1))


@pytest.mark.parametrize(
    "months, end, deadline",
    [(6, (2026, 8, 31), (2027, 2, 28)), (12, (2026, 1, 15), (2027, 1, 15)), (1, (2027, 1, 31), (2027, 2, 28)), (24, (2026, 2, 28), (2028, 2, 28))],
)
def test_the_deadline_keeps_to_the_end_of_short_months(settings, months, end, deadline):
    settings.YOUTHCOP = {**getattr(settings, "YOUTHCOP", {}), "RETENTION_MONTHS": months}
    assert Programme(end_date=datetime.date(*end)).retention_deadline == datetime.date(*deadline)


def test_the_command_anonymises_only_programmes_past_retention(capsys):
    old = finished_programme(datetime.date(2024, 1, 31))
    recent = finished_programme(datetime.date.today() - datetime.timedelta(days=10))
    gone = [ParticipantFactory(programme=old, status=Participant.Status.COMPLETED) for _ in range(3)]
    kept = ParticipantFactory(programme=recent, status=Participant.Status.COMPLETED)

    call_command("youthcop_anonymise", "--dry-run")
    assert f"#{old.pk}): 3 participant(s) due" in capsys.readouterr().out
    assert not Participant.objects.filter(anonymised_at__isnull=False).exists()

    call_command("youthcop_anonymise")
    assert "Anonymised 3 participant(s)" in capsys.readouterr().out
    assert all(Participant.objects.get(pk=p.pk).anonymised_at for p in gone)
    kept.refresh_from_db()
    assert kept.anonymised_at is None and kept.email
    completed = Participant.objects.get(pk=gone[0].pk)
    assert completed.status == Participant.Status.COMPLETED, "retention keeps the outcome for reports"


def test_the_scheduled_task_does_the_same(django_capture_on_commit_callbacks):
    old = finished_programme(datetime.date(2023, 6, 30), status=Programme.Status.ARCHIVED)
    participant = ParticipantFactory(programme=old, status=Participant.Status.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("youthcop_anonymise", "--enqueue")
    participant.refresh_from_db()
    assert participant.anonymised_at is not None
    result = anonymise_due_participants_task.enqueue()
    assert result.return_value == []


# --- Erasure on request --------------------------------------------------------------------


def test_erasing_someone_still_taking_part_releases_their_place(programme):
    programme.target_size = 3  # 2 young people, 1 officer
    programme.save()
    first = enrol_participant(programme).participant
    enrol_participant(programme)
    waiting = enrol_participant(programme).participant
    assert waiting.status == Participant.Status.WAITING
    erase_participant(first, by=None)
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == Participant.Status.WITHDRAWN and first.anonymised_at
    assert waiting.status == Participant.Status.OFFERED
