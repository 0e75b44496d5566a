"""A facilitator issues the certificates and prepares the ZIP: the bars move to 100 % without reloading the page."""

import pytest

from tests.browser.conftest import admin_login
from tests.certificates.factories import adopt_version, attend, held_sessions, sign
from tests.factories import ParticipantFactory, ProgrammeFactory, officer, programme_staff
from youthcop.certificates import services
from youthcop.certificates.models import Certificate, CertificateArchive, IssueBatch
from youthcop.programmes.models import ProgrammeStaff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A queue kept for a worker, as django-tasks-db in production: the test plays the worker.
QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def wait_for(query, page):
    """The row ``query`` finds, once the live server has committed it."""
    for _ in range(100):
        found = query()
        if found is not None:
            return found
        page.wait_for_timeout(100)
    raise AssertionError("the page started no background work")


def test_issuing_and_the_zip_follow_their_progress_live(live_server, desktop, settings):
    settings.TASKS = QUEUE
    programme = ProgrammeFactory(name="Second Wave Brussels-North", min_joint_workshops=2)
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    sessions, version = held_sessions(programme, 4), adopt_version(programme)
    people = [
        ParticipantFactory(programme=programme, first_name="Yasmine", last_name="Benali"),
        ParticipantFactory(programme=programme, first_name="Lucas", last_name="Janssens"),
        officer(programme=programme, first_name="Pieter", last_name="Van den Bossche"),
    ]
    for person in people:
        attend(person, sessions, 4)
        sign(person, version)

    page = desktop
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    admin_login(page, live_server, facilitator.username)
    page.goto(f"{live_server.url}/admin/youthcop/certificates/programmes/{programme.pk}/")
    page.get_by_role("button", name="Issue the certificates of everyone eligible").click()
    status = page.locator("[data-youthcop=batch-status]")
    status.get_by_text("Issuing has started").wait_for()
    assert page.get_by_role("button", name="Prepare the ZIP of all certificates").is_hidden()  # not while issuing
    page.evaluate("window.__notReloaded = true")

    batch = wait_for(lambda: IssueBatch.objects.filter(programme=programme).first(), page)
    services.run_issue_batch(batch.pk)  # the worker

    status.get_by_text("Issuing is done: 3 issued, 0 failed.").wait_for()
    bar = page.get_by_role("progressbar", name="Issue certificates")
    assert bar.get_attribute("value") == "100"
    assert page.locator("[data-yc-progress-target=percent]").first.inner_text() == "100 %"
    assert "has started" not in status.inner_text()
    assert status.get_attribute("role") == "status"  # read out as it changes
    assert page.evaluate("window.__notReloaded") is True
    assert Certificate.objects.filter(programme=programme).count() == 3

    # The ZIP is offered once issuing is done.
    page.get_by_role("button", name="Prepare the ZIP of all certificates").click()
    zip_status = page.locator("[data-youthcop=zip-status]")
    zip_status.get_by_text("Preparing the ZIP has started").wait_for()
    page.evaluate("window.__notReloaded = true")
    archive = wait_for(lambda: CertificateArchive.objects.filter(programme=programme).first(), page)
    services.run_archive(archive.pk)  # the worker
    zip_status.get_by_text("The ZIP of 3 certificates is ready").wait_for()
    assert page.get_by_role("progressbar", name="All certificates in one ZIP").get_attribute("value") == "100"
    assert page.evaluate("window.__notReloaded") is True
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the ZIP").click()
    assert download.value.suggested_filename == "certificates-second-wave-brussels-north.zip"
    assert errors == []
