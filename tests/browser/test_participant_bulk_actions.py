"""A youth worker ticks participants in the list and sends them their links; the list read on a tablet."""

import os

import pytest
from django.utils import timezone

from tests.browser.conftest import admin_login
from tests.factories import ParticipantFactory, ProgrammeFactory, enrol_participant, programme_staff
from youthcop.programmes.models import Participant, ProgrammeStaff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("YOUTHCOP_SCREENSHOTS")  # a folder: the pages are saved there too


def test_youth_worker_sends_links_to_the_ticked_participants(live_server, desktop, tablet, mailoutbox):
    programme = ProgrammeFactory(name="Second Wave Ghent")
    worker = programme_staff(programme, ProgrammeStaff.Role.YOUTH_WORKER)
    ticked = [
        ParticipantFactory(programme=programme, registered_by=worker, first_name=name, last_name="Janssens")
        for name in ("Amal", "Bram")
    ]
    ParticipantFactory(programme=programme, registered_by=worker, first_name="Chris", last_name="Peeters")
    enrol_participant(programme, minor=True, registered_by=worker, first_name="Dina", last_name="Minor")
    ParticipantFactory(
        programme=programme,
        registered_by=worker,
        first_name="Eli",
        last_name="Waiting",
        status=Participant.Status.WAITING,
        waiting_since=timezone.now(),
    )

    mailoutbox.clear()  # the guardian's request
    page = desktop
    admin_login(page, live_server, worker.username)
    page.goto(f"{live_server.url}/admin/youthcop/participants/")
    for participant in ticked:
        page.locator(f"input[data-object-id='{participant.pk}']").check()
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "participants-desktop.png"), full_page=True)
    page.locator("[data-bulk-action-footer] a", has_text="Send personal links").click()

    page.wait_for_url("**/bulk/youthcop_programmes/participant/send_links/**")
    assert "Amal Janssens" in page.locator("main").inner_text()
    assert "Chris Peeters" not in page.locator("main").inner_text()
    page.get_by_role("button", name="Send the links").click()

    page.wait_for_url(f"{live_server.url}/admin/youthcop/participants/")
    assert "The personal link was sent to 2 participants." in page.locator(".messages").inner_text()
    assert sorted(email.to[0] for email in mailoutbox) == ["amal@example.net", "bram@example.net"]
    row = page.locator("tr", has_text="Amal Janssens")
    assert "Given" in row.inner_text()

    # On a tablet: the columns say what to do next, in words.
    admin_login(tablet, live_server, worker.username)
    tablet.goto(f"{live_server.url}/admin/youthcop/participants/")
    assert "Awaited" in tablet.locator("tr", has_text="Dina Minor").inner_text()
    if SCREENSHOTS:
        tablet.screenshot(path=os.path.join(SCREENSHOTS, "participants-tablet.png"), full_page=True)
