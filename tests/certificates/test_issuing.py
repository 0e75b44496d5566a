import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from youthcop.certificates import codes, services
from youthcop.certificates.services import documents
from youthcop.certificates.models import Certificate, IssueBatch
from youthcop.privacy.models import AuditLogEntry

from .factories import certificate_settings
from .helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_issuing_creates_the_certificates_of_the_eligible_only(programme, make_participant, facilitator, issue_all):
    yes = [make_participant(attended=4), make_participant(attended=3)]
    make_participant(attended=1)
    make_participant(attended=4, signed=False)
    batch = issue_all()
    assert (batch.status, batch.total, batch.issued, batch.failed, batch.percent) == ("done", 2, 2, 0, 100)
    assert set(Certificate.objects.values_list("participant", flat=True)) == {p.pk for p in yes}
    certificate = Certificate.objects.get(participant=yes[1])
    assert (certificate.sessions_attended, certificate.sessions_expected) == (3, 4)
    assert certificate.issued_by == facilitator and certificate.batch == batch
    assert certificate.facilitators == [{"user_id": facilitator.pk, "name": facilitator.get_full_name()}]
    assert AuditLogEntry.objects.filter(action="youthcop.certificate.issued").count() == 2


def test_issuing_again_never_duplicates(programme, make_participant, facilitator, issue_all):
    first = make_participant()
    issue_all()
    code = Certificate.objects.get().code
    second = make_participant()
    batch = issue_all()
    assert (batch.total, batch.issued) == (1, 1)
    assert Certificate.objects.count() == 2
    assert Certificate.objects.get(participant=first).code == code  # the first certificate is untouched
    batch = issue_all()
    assert (batch.total, batch.issued, batch.status) == (0, 0, "done")
    assert Certificate.objects.filter(participant=second).count() == 1


def test_a_stale_list_cannot_issue_twice(eligible):
    row = services.eligibility_of(eligible)
    assert services.issue_certificate(row) is not None
    assert services.issue_certificate(row) is None  # row.certificate is stale: the unique constraint decides
    assert Certificate.objects.count() == 1


def test_the_database_refuses_a_second_certificate(eligible):
    certificate, _pdf = services.issue_certificate(services.eligibility_of(eligible))
    duplicate = Certificate.objects.get(pk=certificate.pk)
    duplicate.pk, duplicate.code, duplicate.short_code = None, "X" * 26, "X" * 16
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_failed_render_leaves_no_certificate(programme, make_participant, facilitator, monkeypatch, issue_all):
    good = make_participant(first_name="Good")
    bad = make_participant(first_name="Unlucky")
    real_render = documents.render_pdf

    def render_or_fail(html):
        if "Unlucky" in html:
            raise RuntimeError("WeasyPrint ran out of paper")
        return real_render(html)

    monkeypatch.setattr(documents, "render_pdf", render_or_fail)
    batch = issue_all()
    assert (batch.issued, batch.failed, batch.status) == (1, 1, "done")
    assert batch.errors == [{"participant": bad.pk, "error": "WeasyPrint ran out of paper"}]
    assert list(Certificate.objects.values_list("participant", flat=True)) == [good.pk]
    assert not AuditLogEntry.objects.filter(action="youthcop.certificate.issued", data__participant=bad.pk).exists()


def test_an_issuing_that_cannot_start_says_so_and_can_be_run_again(programme, eligible, facilitator, issue_all):
    # A logo whose file went missing from the media storage: no certificate can be rendered.
    setting = certificate_settings(logos=["Police zone"])
    logo = setting.logos.get()
    logo.image.file.storage.delete(logo.image.file.name)
    batch = issue_all()
    assert batch.status == IssueBatch.Status.FAILED and batch.is_finished and batch.finished_at
    assert batch.errors and batch.errors[0]["participant"] is None
    assert not Certificate.objects.exists()
    logo.delete()  # the facilitator fixes the setting and starts again: not blocked by the failed batch
    batch = issue_all()
    assert (batch.status, batch.issued) == ("done", 1)


def test_one_issuing_at_a_time(programme, facilitator, issue_all):
    running = IssueBatch.objects.create(programme=programme, status=IssueBatch.Status.RUNNING)
    with pytest.raises(services.CertificateError):
        issue_all()
    running.requested_at -= datetime.timedelta(hours=2)  # a worker that died long ago blocks nothing
    running.save()
    assert issue_all().status == "done"


def test_a_batch_runs_once(programme, eligible, facilitator, issue_all):
    batch = issue_all()
    services.run_issue_batch(batch.pk)  # a retried task
    batch.refresh_from_db()
    assert batch.issued == 1 and Certificate.objects.count() == 1


def test_certificates_can_be_emailed_in_the_participants_language(programme, make_participant, facilitator, issue_all):
    participant = make_participant(preferred_language="fr", email="yasmine@example.net")
    make_participant(email="")
    batch = issue_all(send_email=True)
    assert (batch.issued, batch.emailed) == (2, 1)
    [message] = mail.outbox
    assert message.to == ["yasmine@example.net"]
    certificate = Certificate.objects.get(participant=participant)
    assert services.verification_url(certificate) in message.body
    with translation.override("fr"):
        assert message.subject == gettext("Your certificate — %(programme)s") % {"programme": programme.name}
    assert message.subject != f"Your certificate — {programme.name}"  # French, not the English default
    [(filename, content, mime)] = message.attachments
    assert mime == "application/pdf" and filename.endswith(f"{certificate.short_code}.pdf")
    reader, _text = pdf_text(content)
    assert len(reader.pages) == 1 and str(reader.trailer["/Root"]["/Lang"]) == "fr"


def test_codes_are_long_random_and_typeable(programme, make_participant, facilitator, issue_all):
    for _ in range(5):
        make_participant()
    issue_all()
    certificates = list(Certificate.objects.all())
    assert len({c.code for c in certificates}) == len({c.short_code for c in certificates}) == 5
    for certificate in certificates:
        assert len(certificate.code) * 5 >= 128
        assert certificate.code.startswith(certificate.short_code) and len(certificate.short_code) == 16
        typed = certificate.short_code_display.lower().replace("-", " ")
        assert Certificate.objects.for_code(typed).get() == certificate
        assert Certificate.objects.for_code(certificate.code).get() == certificate


def test_code_normalisation():
    assert codes.normalise(" abcd-efgh ijkm-nopq ") == "ABCDEFGH1JKMN0PQ"
    assert codes.normalise("abc!") == ""
    assert codes.display("ABCDEFGHJKMNPQRS") == "ABCD-EFGH-JKMN-PQRS"


def test_revocation_with_a_reason_is_audited(eligible, facilitator):
    certificate, _pdf = services.issue_certificate(services.eligibility_of(eligible))
    with pytest.raises(services.CertificateError):
        services.revoke(certificate, by=facilitator, reason="")
    services.revoke(certificate, by=facilitator, reason="Issued by mistake")
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revocation_reason == "Issued by mistake"
    assert AuditLogEntry.objects.get(action="youthcop.certificate.revoked").data == {"reason": "Issued by mistake"}
    with pytest.raises(services.CertificateError):
        services.revoke(certificate, by=facilitator, reason="again")


# --- Issuing before the last joint workshop (README rule 5) -------------------------------------------


def test_issuing_before_the_last_joint_workshop_needs_a_confirmation_naming_the_sessions_to_come(
    programme, eligible, facilitator, still_to_come, django_capture_on_commit_callbacks
):
    early = services.early_issuing(programme)
    assert (early.last_joint_workshop, early.sessions_to_come) == (still_to_come, 2)
    assert "2 sessions are still to come" in early.message
    with pytest.raises(services.CertificateError, match="2 sessions are still to come"):
        services.start_issuing(programme, by=facilitator)
    with pytest.raises(services.CertificateError, match="2 sessions are still to come"):
        services.start_issuing(programme, by=facilitator, confirmed_sessions_to_come=1, reason="Stale page")
    with pytest.raises(services.CertificateError, match="Give a reason"):
        services.start_issuing(programme, by=facilitator, confirmed_sessions_to_come=2, reason="  ")
    assert not IssueBatch.objects.exists() and not Certificate.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.start_issuing(
            programme, by=facilitator, confirmed_sessions_to_come=2, reason="Yasmine moves abroad next week"
        )
    assert Certificate.objects.get().participant == eligible
    entry = AuditLogEntry.objects.get(action="youthcop.certificate.issued_early")
    assert entry.user == facilitator and entry.object_id == programme.pk
    assert entry.data["sessions_to_come"] == 2 and entry.data["reason"] == "Yasmine moves abroad next week"
    assert entry.message == (
        "Certificate issuing started before the last joint workshop, 2 sessions still to come: Yasmine moves abroad next week"
    )
    assert entry.comment == "Yasmine moves abroad next week"


def test_once_the_last_joint_workshop_is_held_issuing_needs_no_confirmation(
    programme, eligible, facilitator, still_to_come, issue_all
):
    from youthcop.sessions.models import Session

    programme.sessions.filter(status=Session.Status.PLANNED).update(status=Session.Status.CANCELLED)
    assert services.early_issuing(programme) is None  # the last planned workshop is the last held one
    batch = issue_all()
    assert batch.issued == 1
    assert not AuditLogEntry.objects.filter(action="youthcop.certificate.issued_early").exists()
