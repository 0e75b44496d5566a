"""A young person, on a phone, switches their personal page to Dutch: the page, the programme's texts and every
following page read in Dutch, and their choice is kept for the next time they open their link."""

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory
from tests.i18n.participant_texts import translated_programme
from youthcop.programmes import services


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_participant_switches_their_page_to_dutch_on_a_phone(phone, live_server):
    participant = ParticipantFactory(programme=translated_programme(), preferred_language="fr")
    token = services.issue_link(participant)
    home = live_server.url + services.participant_page_url(token)

    phone.goto(home)
    assert phone.locator("html").get_attribute("lang") == "fr"
    switch = phone.get_by_role("navigation", name="Langue")
    assert switch.get_by_role("button", name="Français").get_attribute("aria-current") == "true"
    dutch = switch.get_by_role("button", name="Nederlands")
    assert dutch.get_attribute("lang") == "nl"
    box = dutch.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 390  # a thumb's target, on the screen
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    dutch.click()
    phone.wait_for_url(home)
    assert phone.locator("html").get_attribute("lang") == "nl"
    phone.get_by_role("heading", name="Tweede Golf Schaarbeek").wait_for()
    phone.get_by_text("Neem tram 55 naar Verboekhoven.").wait_for()
    assert phone.get_by_role("navigation", name="Taal").get_by_role("button", name="Nederlands").get_attribute(
        "aria-current"
    ) == "true"
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    participant.refresh_from_db()
    assert participant.preferred_language == "nl"

    phone.goto(live_server.url + reverse("youthcop_charters:charter", args=[token]))  # the next link, later
    assert phone.locator("html").get_attribute("lang") == "nl"
    assert "Tweede Golf Schaarbeek" in phone.title()
