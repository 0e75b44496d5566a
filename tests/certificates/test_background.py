"""Issuing and the ZIP of certificates in the background: progress as JSON, the page's words, the private ZIP."""

import datetime
import io
import os
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ProgrammeFactory, programme_staff
from youthcop.certificates import services
from youthcop.certificates.models import Certificate, CertificateArchive, IssueBatch
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes.models import ProgrammeStaff

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def url(name, *args):
    return reverse(f"youthcop_admin_certificates:{name}", args=args)


def issue(participant):
    return services.issue_certificate(services.eligibility_of(participant))[0]


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def worker(settings, django_capture_on_commit_callbacks):
    """A queue that keeps tasks for a worker, as django-tasks-db does in production.

    ``post()`` posts and enqueues what the view queued on commit (the test's transaction never
    commits); ``run()`` is the worker.
    """
    from django_tasks import default_task_backend

    settings.TASKS = DUMMY

    class Worker:
        @staticmethod
        def post(client, path, data=None):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(path, data or {})

        @staticmethod
        def run():
            for result in list(default_task_backend.results):
                result.task.call(*result.args)
            default_task_backend.clear()

    return Worker


def page(client, programme):
    return client.get(url("programme", programme.pk)).content.decode()


# --- Issuing ---------------------------------------------------------------------------------------


def test_the_json_progress_follows_the_batch(staff_client, programme, facilitator):
    batch = IssueBatch.objects.create(programme=programme, requested_by=facilitator, status="running", total=9, issued=3, failed=1)
    progress = staff_client.get(url("batch", batch.pk), HTTP_ACCEPT="application/json").json()
    assert progress["status"] == "running" and progress["finished"] is False
    assert (progress["done"], progress["total"], progress["percent"]) == (4, 9, 44)
    assert progress["text"] == "Issuing has started: 4 of 9 handled."
    batch.status, batch.issued, batch.failed, batch.skipped = IssueBatch.Status.DONE, 7, 1, 1
    batch.save()
    progress = staff_client.get(url("batch", batch.pk)).json()
    assert progress["finished"] is True and progress["percent"] == 100
    assert progress["status_label"] == "Done"
    assert progress["text"] == "Issuing is done: 7 issued, 1 already had one, 1 failed."


def test_the_json_progress_of_another_programme_answers_404(client, programme, facilitator):
    batch = IssueBatch.objects.create(programme=programme, requested_by=facilitator)
    client.force_login(programme_staff(ProgrammeFactory(), ProgrammeStaff.Role.FACILITATOR))
    assert client.get(url("batch", batch.pk)).status_code == 404
    assert client.get(url("programme_zip", programme.pk)).status_code == 404
    assert client.post(url("programme_zip", programme.pk)).status_code == 404
    assert not CertificateArchive.objects.exists()


def test_a_youth_worker_of_the_programme_gets_no_progress(client, programme, facilitator):
    batch = IssueBatch.objects.create(programme=programme, requested_by=facilitator)
    client.force_login(programme_staff(programme, ProgrammeStaff.Role.YOUTH_WORKER))
    assert client.get(url("batch", batch.pk)).status_code == 404


def test_while_issuing_runs_the_page_says_it_started_and_follows_it_live(staff_client, programme, eligible, worker):
    worker.post(staff_client, url("programme", programme.pk), {"send_email": ""})
    html = page(staff_client, programme)
    assert "Issuing has started" in html
    assert 'data-controller="yc-progress"' in html and 'data-yc-progress-running-value="true"' in html
    assert "youthcop_certificates/progress.js" in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html  # without scripts
    assert 'role="status"' in html and "<progress" in html
    assert 'id="yc-zip" class="w-mb-8" aria-labelledby="yc-zip-title" hidden' in html  # no ZIP while issuing


def test_once_done_the_page_never_says_it_has_started(staff_client, programme, eligible, make_participant, worker):
    make_participant(attended=0)
    worker.post(staff_client, url("programme", programme.pk), {"send_email": ""})
    assert "Issuing has started" in page(staff_client, programme)
    worker.run()
    html = page(staff_client, programme)
    assert "has started" not in html
    assert "Issuing is done: 1 issued, 0 failed." in html
    assert "http-equiv" not in html and 'data-yc-progress-running-value="false"' in html
    assert "Prepare the ZIP of all certificates" in html and 'id="yc-zip" class="w-mb-8" aria-labelledby="yc-zip-title">' in html


@pytest.mark.django_db(transaction=True)
def test_issuing_and_the_zip_that_ran_at_once_say_done_not_started(staff_client, programme, eligible, settings):
    # The immediate task backend (the demo): the task ran on commit, before the page is shown again.
    response = staff_client.post(url("programme", programme.pk), {"send_email": ""}, follow=True)
    html = response.content.decode()
    assert Certificate.objects.filter(participant=eligible).exists()
    assert "has started" not in html
    assert html.count("Issuing is done: 1 issued, 0 failed.") == 2  # the message, and the batch's status

    response = staff_client.post(url("programme_zip", programme.pk), follow=True)
    html = response.content.decode()
    archive = CertificateArchive.objects.get()
    assert "has started" not in html and html.count("The ZIP of 1 certificate is ready") == 2
    path = archive.file.path
    assert not os.path.abspath(path).startswith(os.path.abspath(settings.MEDIA_ROOT))  # not in public media
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    archive.delete()
    assert not os.path.exists(path)


# --- The ZIP -----------------------------------------------------------------------------------------


@pytest.fixture
def certified(make_participant, facilitator):
    """Three certificates, one of them revoked: two in the ZIP."""
    certificates = [issue(make_participant(last_name=name)) for name in ("Adams", "Baker", "Clarke")]
    services.revoke(certificates[0], by=facilitator, reason="mistake")
    return certificates[1:]


def test_the_zip_is_built_in_the_background_with_its_progress(staff_client, programme, certified, worker):
    worker.post(staff_client, url("programme_zip", programme.pk))
    archive = CertificateArchive.objects.get()
    assert archive.status == CertificateArchive.Status.PENDING and not archive.file
    progress = staff_client.get(url("programme_zip", programme.pk)).json()
    assert progress["text"] == "Preparing the ZIP has started. It begins in a moment." and not progress["download_url"]
    assert "Preparing the ZIP has started" in page(staff_client, programme)
    assert staff_client.get(url("zip_download", archive.pk)).status_code == 404  # not ready

    worker.run()
    progress = staff_client.get(url("programme_zip", programme.pk)).json()
    assert progress["finished"] is True and (progress["done"], progress["total"], progress["percent"]) == (2, 2, 100)
    assert progress["text"].startswith("The ZIP of 2 certificates is ready (kept until ")
    assert progress["download_url"] == url("zip_download", archive.pk)
    html = page(staff_client, programme)
    assert "has started" not in html and f'href="{url("zip_download", archive.pk)}"' in html

    response = staff_client.get(url("zip_download", archive.pk))
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert sorted(names) == sorted(services.pdf_filename(c) for c in certified)


def built(programme, by):
    archive = services.start_archive(programme, by=by)
    services.run_archive(archive.pk)
    archive.refresh_from_db()
    return archive


def test_only_those_who_issue_the_programmes_certificates_download_it(client, programme, certified, facilitator):
    archive = built(programme, facilitator)
    coordinator = programme_staff(programme, ProgrammeStaff.Role.COORDINATOR)
    client.force_login(coordinator)
    assert client.get(url("zip_download", archive.pk)).status_code == 200
    for user in [
        programme_staff(programme, ProgrammeStaff.Role.YOUTH_WORKER),
        programme_staff(programme, ProgrammeStaff.Role.YOUTH_ADVISOR),
        programme_staff(ProgrammeFactory(), ProgrammeStaff.Role.FACILITATOR),
    ]:
        client.force_login(user)
        assert client.get(url("zip_download", archive.pk)).status_code == 404, user
    downloads = AuditLogEntry.objects.filter(action="youthcop.personal_data.downloaded", user=coordinator)
    assert sorted(downloads.values_list("object_id", flat=True)) == sorted(c.pk for c in certified)


def test_police_staff_get_a_zip_of_the_officers_only(client, programme, make_participant, facilitator):
    young = issue(make_participant(last_name="Benali"))
    officer_certificate = issue(make_participant(police=True, last_name="Peeters"))
    police_facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR, organisation=programme.police_zone)
    everyone = built(programme, facilitator)
    officers = built(programme, police_facilitator)
    assert officers.officers_only and officers.certificates == [officer_certificate.pk]
    assert sorted(everyone.certificates) == sorted([young.pk, officer_certificate.pk])
    client.force_login(police_facilitator)
    assert client.get(url("zip_download", everyone.pk)).status_code == 404  # it prints young people's full names
    assert client.get(url("zip_download", officers.pk)).status_code == 200


def test_a_zip_is_deleted_when_it_expires_or_the_certificates_change(programme, certified, facilitator, make_participant):
    archive = built(programme, facilitator)
    path = archive.file.path
    services.revoke(certified[0], by=facilitator, reason="mistake")  # it would still hold a revoked certificate
    assert not CertificateArchive.objects.exists() and not os.path.exists(path)

    archive = built(programme, facilitator)
    services.start_issuing(programme, by=facilitator)  # a new batch: the ZIP would miss its certificates
    assert not CertificateArchive.objects.filter(pk=archive.pk).exists()

    archive = built(programme, facilitator)
    again = built(programme, facilitator)  # a newer one replaces it
    assert list(CertificateArchive.objects.all()) == [again]

    services.anonymise_participant(certified[1].participant)  # it prints their full name
    assert not CertificateArchive.objects.exists()

    old = built(programme, facilitator)
    CertificateArchive.objects.filter(pk=old.pk).update(
        requested_at=timezone.now() - services.ARCHIVE_KEPT_FOR - datetime.timedelta(minutes=1)
    )
    assert services.latest_archive(programme, facilitator) is None
    assert services.delete_expired_archives() == 1 and not os.path.exists(old.file.path)


def test_a_zip_replaced_before_its_task_ran_is_not_built(programme, certified, facilitator):
    first = services.start_archive(programme, by=facilitator)
    second = services.start_archive(programme, by=facilitator)
    assert services.run_archive(first.pk) is None  # the task of the replaced one finds nothing to do
    assert services.run_archive(second.pk).status == CertificateArchive.Status.DONE
    assert services.run_archive(second.pk).file  # run twice (a retried task): built once
    assert list(CertificateArchive.objects.all()) == [second]


def test_the_certificates_page_queries_do_not_grow_with_a_batch_and_a_zip(
    staff_client, programme, make_participant, facilitator, django_assert_max_num_queries
):
    for _ in range(3):
        issue(make_participant())
    IssueBatch.objects.create(programme=programme, requested_by=facilitator, status="done", total=3, issued=3)
    built(programme, facilitator)
    with django_assert_max_num_queries(40) as few:
        staff_client.get(url("programme", programme.pk))
    for _ in range(6):
        issue(make_participant())
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(url("programme", programme.pk))


def test_the_daily_command_deletes_expired_zips(programme, certified, facilitator):
    from django.core.management import call_command

    kept, old = built(programme, facilitator), built(ProgrammeFactory(), facilitator)
    CertificateArchive.objects.filter(pk=old.pk).update(requested_at=timezone.now() - datetime.timedelta(days=2))
    out = io.StringIO()
    call_command("youthcop_delete_certificate_zips", stdout=out)
    assert "Deleted 1 expired ZIP(s)" in out.getvalue()
    assert list(CertificateArchive.objects.all()) == [kept]


def test_the_processing_register_names_the_zip_and_how_long_it_is_kept():
    from youthcop.privacy.register import processing_register

    [row] = [row for row in processing_register() if "ZIP" in str(row["data"])]
    assert str(row["retention"]).startswith("Deleted after 12 hours")
