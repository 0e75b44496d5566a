"""Facilitators' admin pages: eligibility, hand decisions, issuing, revocation, downloads."""

import io
import zipfile

import pytest
from django.urls import reverse

from tests.factories import ProgrammeFactory, programme_staff
from youthcop.certificates import services
from youthcop.certificates.models import Certificate, EligibilityDecision
from youthcop.programmes.models import ProgrammeStaff

from .factories import certificate_for
from .helpers import pdf_text

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"youthcop_admin_certificates:{name}", args=args)


def issue(participant):
    return services.issue_certificate(services.eligibility_of(participant))[0]


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


def test_the_menu_opens_the_facilitators_programmes(staff_client, programme, eligible):
    issue(eligible)
    ProgrammeFactory(name="Someone else's programme")
    html = staff_client.get(url("programmes")).content.decode()
    assert "Second Wave Test" in html
    assert "Someone else" not in html


def test_the_list_says_why_each_person_is_or_is_not_eligible(staff_client, programme, make_participant):
    make_participant(first_name="Ready", attended=4)
    make_participant(first_name="Absent", attended=1)
    make_participant(first_name="Unsigned", attended=4, signed=False)
    response = staff_client.get(url("programme", programme.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Attended 4 of 4 held sessions (100 %, threshold 75 %)." in html
    assert "below the threshold of 75 %" in html
    assert "Has not signed the current charter." in html


def test_names_are_escaped_in_the_admin(staff_client, programme, make_participant):
    make_participant(first_name="<img src=x onerror=alert(1)>")
    html = staff_client.get(url("programme", programme.pk)).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_issue_from_the_page_and_see_the_progress(staff_client, programme, eligible, make_participant, django_capture_on_commit_callbacks):
    make_participant(attended=0)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url("programme", programme.pk), {"send_email": ""})
    assert response.status_code == 302
    assert Certificate.objects.get().participant == eligible
    html = staff_client.get(url("programme", programme.pk)).content.decode()
    assert "1 issued" in html
    assert 'http-equiv="refresh"' not in html  # finished: no more polling
    progress = staff_client.get(url("batch", programme.certificate_batches.get().pk)).json()
    assert progress["status"] == "done" and progress["issued"] == 1


def test_the_page_refreshes_while_issuing(staff_client, programme, facilitator):
    from youthcop.certificates.models import IssueBatch

    IssueBatch.objects.create(programme=programme, requested_by=facilitator, status="running", total=10, issued=4)
    html = staff_client.get(url("programme", programme.pk)).content.decode()
    assert 'http-equiv="refresh"' in html
    assert "40" in html


def test_a_stopped_issuing_shows_the_error_and_stops_refreshing(staff_client, programme, facilitator, eligible):
    from youthcop.certificates.models import IssueBatch

    IssueBatch.objects.create(
        programme=programme,
        requested_by=facilitator,
        status=IssueBatch.Status.FAILED,
        total=1,
        failed=1,
        errors=[{"participant": eligible.pk, "error": "The <signature> image is missing"}],
    )
    html = staff_client.get(url("programme", programme.pk)).content.decode()
    assert "Stopped by an error" in html
    assert "Yasmine Benali: The &lt;signature&gt; image is missing" in html
    assert 'http-equiv="refresh"' not in html
    assert "Issue the certificates of everyone eligible" in html  # and it can be started again


def test_decide_by_hand_needs_a_reason(staff_client, programme, make_participant):
    participant = make_participant(attended=0)
    response = staff_client.post(url("decide", participant.pk), {"decision": "award", "reason": ""})
    assert response.status_code == 200
    assert not EligibilityDecision.objects.exists()
    response = staff_client.post(url("decide", participant.pk), {"decision": "award", "reason": "Was ill"})
    assert response.status_code == 302
    assert services.eligibility_of(participant).eligible
    staff_client.post(url("decide", participant.pk), {"decision": "automatic", "reason": ""})
    assert not services.eligibility_of(participant).eligible


def test_revoke_from_the_admin(staff_client, eligible):
    certificate = issue(eligible)
    response = staff_client.post(url("revoke", certificate.pk), {"reason": "Wrong person"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Wrong person"


def test_zip_of_the_programmes_valid_certificates(
    staff_client, programme, make_participant, facilitator, django_capture_on_commit_callbacks
):
    certificates = [issue(make_participant()) for _ in range(3)]
    services.revoke(certificates[0], by=facilitator, reason="mistake")
    with django_capture_on_commit_callbacks(execute=True):  # the tests' immediate task backend builds it at once
        staff_client.post(url("programme_zip", programme.pk))
    response = staff_client.get(url("zip_download", programme.certificate_archives.get().pk))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert sorted(names) == sorted(services.pdf_filename(c) for c in certificates[1:])
    assert len(pdf_text(archive.read(names[0]))[0].pages) == 1


def test_the_certificate_list_and_inspect_page(staff_client, eligible):
    certificate = issue(eligible)
    html = staff_client.get(url("index")).content.decode()
    assert certificate.short_code_display in html
    assert url("pdf", certificate.pk) in html and url("revoke", certificate.pk) in html
    response = staff_client.get(url("inspect", certificate.pk))
    assert response.status_code == 200
    assert url("pdf", certificate.pk) in response.content.decode()
    assert staff_client.get(url("history", certificate.pk)).status_code == 200


def test_pdf_download_from_the_admin(staff_client, eligible):
    certificate = issue(eligible)
    response = staff_client.get(url("pdf", certificate.pk))
    assert response.status_code == 200
    assert "Yasmine Benali" in pdf_text(b"".join(response.streaming_content))[1]


def test_other_programmes_answer_404(client, programme, eligible):
    certificate = issue(eligible)
    other = programme_staff(ProgrammeFactory(), ProgrammeStaff.Role.FACILITATOR)
    client.force_login(other)
    for target in [
        url("programme", programme.pk),
        url("programme_zip", programme.pk),
        url("decide", eligible.pk),
        url("revoke", certificate.pk),
        url("pdf", certificate.pk),
        url("inspect", certificate.pk),
    ]:
        assert client.get(target).status_code == 404, target
    assert client.post(url("programme", programme.pk)).status_code == 404
    assert "Yasmine" not in client.get(url("index")).content.decode()


def test_a_youth_worker_sees_but_cannot_issue_or_revoke(client, programme, eligible):
    certificate = issue(eligible)
    worker = programme_staff(programme, ProgrammeStaff.Role.YOUTH_WORKER)
    eligible.registered_by = worker
    eligible.save()
    client.force_login(worker)
    assert client.get(url("programmes")).status_code == 302  # straight to the certificates they follow
    assert "Yasmine" in client.get(url("index")).content.decode()
    assert client.get(url("pdf", certificate.pk)).status_code == 200
    assert client.get(url("programme", programme.pk)).status_code == 404
    assert client.post(url("revoke", certificate.pk), {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_list_pages_do_not_grow_in_queries(staff_client, programme, make_participant, size, django_assert_max_num_queries):
    for _ in range(size):
        certificate_for(make_participant())
    with django_assert_max_num_queries(40):
        assert staff_client.get(url("index")).status_code == 200
    with django_assert_max_num_queries(30):
        assert staff_client.get(url("programme", programme.pk)).status_code == 200
    with django_assert_max_num_queries(30):
        assert staff_client.get(url("programmes")).status_code == 200


def test_certificate_settings_edit_page(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("wagtailsettings:edit", args=["youthcop_certificates", "certificatesettings"]), follow=True)
    assert response.status_code == 200
    assert "Signatures" in response.content.decode()


def test_logos_and_signatures_set_in_the_site_setting_appear_on_certificates(client, admin_user, facilitator, eligible):
    from wagtail.models import Site
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from .factories import wagtail_image

    site = Site.objects.get(is_default_site=True)
    logo, signature = wagtail_image("Zone logo", (20, 60, 120)), wagtail_image("Signature", (0, 0, 0))
    client.force_login(admin_user)
    edit_url = reverse("wagtailsettings:edit", args=["youthcop_certificates", "certificatesettings", site.pk])
    response = client.post(
        edit_url,
        nested_form_data(
            {
                "footer_text": "Police zone & youth house",
                "logos": inline_formset([{"image": logo.pk, "name": "Police zone"}]),
                "signatures": inline_formset([{"user": facilitator.pk, "image": signature.pk}]),
            }
        ),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    _certificate, pdf = services.issue_certificate(services.eligibility_of(eligible))
    reader, text = pdf_text(pdf)
    assert len(reader.pages[0].images) == 2  # the logo and the facilitator's signature
    assert "Police zone & youth house" in text


def test_issuing_runs_in_the_background_and_the_page_follows_it(staff_client, programme, eligible, settings, django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    from youthcop.certificates.models import IssueBatch

    # A queue that keeps tasks for a worker, as django-tasks-db does in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url("programme", programme.pk), {"send_email": ""})
    batch = IssueBatch.objects.get()
    [queued] = default_task_backend.results
    assert queued.task.name == "issue_certificates" and queued.args == [batch.pk]
    assert batch.status == IssueBatch.Status.PENDING and not Certificate.objects.exists()
    html = staff_client.get(url("programme", programme.pk)).content.decode()
    assert "Waiting to start" in html and 'http-equiv="refresh"' in html
    assert "Issue the certificates of everyone eligible" not in html  # no second request while one waits

    queued.task.call(*queued.args)  # the worker picks it up
    assert Certificate.objects.get().participant == eligible
    html = staff_client.get(url("programme", programme.pk)).content.decode()
    assert "1 issued" in html and 'http-equiv="refresh"' not in html


def test_the_page_shows_the_basis_of_each_decision(staff_client, programme, make_participant, facilitator):
    make_participant(first_name="Ready", attended=4)
    refused = make_participant(first_name="Refused", attended=4)
    services.decide_by_hand(refused, decision="refuse", reason="Left the group in June", by=facilitator)
    make_participant(first_name="Once", attended=1, signed=False)
    html = staff_client.get(url("programme", programme.pk)).content.decode()
    assert "4 / 4 (100 %)" in html and "1 / 4 (25 %)" in html  # sessions attended of those expected
    assert "threshold 75 %" in html and "minimum 2" in html
    assert "Attended 4 of 4 joint workshops (minimum 2)." in html
    assert "Attended only 1 of 4 joint workshops, below the minimum of 2." in html
    assert "Not signed" in html and "Refuse by hand" in html and "Left the group in June" in html


def test_issuing_early_from_the_page_asks_to_confirm_and_for_a_reason(
    staff_client, admin_client, programme, eligible, still_to_come, django_capture_on_commit_callbacks
):
    from youthcop.privacy.models import AuditLogEntry

    page = staff_client.get(url("programme", programme.pk)).content.decode()
    assert 'data-early-issuing="2"' in page and "2 sessions are still to come" in page
    response = staff_client.post(url("programme", programme.pk), {"sessions_to_come": "2"})
    assert response.status_code == 200  # the form again, with its errors
    html = response.content.decode()
    assert "Tick the box to confirm" in html and "Give a reason for issuing" in html
    assert not programme.certificate_batches.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url("programme", programme.pk), {"sessions_to_come": "2", "confirm_early": "on", "reason": "Moves abroad"}
        )
    assert response.status_code == 302
    assert Certificate.objects.get().participant == eligible
    assert AuditLogEntry.objects.get(action="youthcop.certificate.issued_early").data["reason"] == "Moves abroad"
    history = admin_client.get(reverse("youthcop_admin_programmes:history", args=[programme.pk])).content.decode()
    assert "Certificate issuing started before the last joint workshop, 2 sessions still to come: Moves abroad" in history


def test_the_minimum_and_the_logos_are_edited_in_the_admin(admin_client, programme):
    from tests.certificates.factories import wagtail_image

    html = admin_client.get(reverse("youthcop_admin_programmes:edit", args=[programme.pk])).content.decode()
    assert 'name="min_joint_workshops"' in html and "even for a late joiner who was expected at only a few" in html
    zone = programme.police_zone
    image = wagtail_image("Zone logo")
    response = admin_client.post(
        reverse("youthcop_admin_organisations:edit", args=[zone.pk]),
        {"name": zone.name, "kind": zone.kind, "city": "", "website": "", "logo": image.pk},
    )
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.logo == image
