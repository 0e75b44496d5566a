"""A coordinator offers a waiting place to a chosen person from the participants list (tablet);
the person accepts it on their phone with the emailed link, in their language."""

import re

import pytest
from django.core import mail

from tests.browser.conftest import admin_login
from tests.factories import ProgrammeFactory, enrol_participant, programme_staff
from youthcop.programmes import services
from youthcop.programmes.models import Participant, ProgrammeStaff

SCREENS = None  # a folder to keep screenshots in while working on the pages, e.g. "/tmp/offers"


def _shot(page, name):
    if SCREENS:
        page.screenshot(path=f"{SCREENS}/{name}.png", full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_coordinator_offers_a_place_and_the_person_accepts_it_on_their_phone(tablet, phone, live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2, waiting_list_auto=False)
    coordinator = programme_staff(programme, ProgrammeStaff.Role.COORDINATOR)
    held = [enrol_participant(programme).participant for _ in range(2)]
    enrol_participant(programme, first_name="Ada", last_name="First", email="ada@example.net")
    chosen = enrol_participant(
        programme, first_name="Yassin", last_name="Chosen", email="yassin@example.net", preferred_language="nl"
    ).participant
    services.withdraw(held[0])
    mail.outbox.clear()

    admin_login(tablet, live_server, coordinator.username)
    tablet.goto(f"{live_server.url}/admin/youthcop/participants/?programme={programme.pk}&status=waiting")
    row = tablet.locator("tr", has_text="Yassin Chosen")
    row.locator("[data-w-dropdown-target='toggle']").click()
    row.get_by_role("link", name="Offer the place").click()
    tablet.get_by_text("number 2 on the waiting list").wait_for()
    _shot(tablet, "offer_form")
    tablet.get_by_label("Reason").fill("A sceptical voice the group lacks")
    tablet.get_by_role("button", name="Continue").click()
    tablet.get_by_text("A sceptical voice the group lacks").wait_for()
    _shot(tablet, "offer_confirm")
    tablet.get_by_role("button", name="Offer the place").click()
    tablet.get_by_text("The place is offered to Yassin Chosen").wait_for()
    assert tablet.locator("tr", has_text="Yassin Chosen").get_by_text("Place offered, to accept by").count() == 1
    _shot(tablet, "offer_list")

    (offer_mail,) = [message for message in mail.outbox if message.to == ["yassin@example.net"]]
    link = re.search(r"http\S+/youthcop/offer/\S+/", offer_mail.body).group(0)
    phone.goto(link)
    assert phone.locator("html").get_attribute("lang") == "nl"
    _shot(phone, "offer_accept")
    phone.locator("button[type=submit]").click()
    phone.locator(".yc-message--success").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(phone, "offer_accepted")
    chosen.refresh_from_db()
    assert chosen.status == Participant.Status.ENROLLED
