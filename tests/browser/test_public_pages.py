"""The public pages in Chromium: no serious accessibility violation (axe-core), usable with the keyboard."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.pages.public_fixtures import certificate_code, load_demo_site, participant_path
from tests.factories import ProgrammeFactory
from tests.pages.factories import make_programme_page
from youthcop.programmes.models import Participant, Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING = {"serious", "critical"}


@pytest.fixture
def demo_site(transactional_db):
    return load_demo_site()


def blocking_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:5]}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_public_pages_have_no_serious_accessibility_violation(live_server, demo_site, phone, desktop):
    participant = Participant.objects.filter(programme=demo_site["programme"], status="enrolled").first()
    paths = [
        "/en/",
        "/en/programmes/",
        "/en/programmes/second-wave-brussels-north/",
        "/fr/programmes/second-wave-bruxelles-nord/",
        participant_path(participant),
        f"/youthcop/verify/{certificate_code(demo_site['programme'])}/",
    ]
    failures = {}
    for page in (phone, desktop):
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            found = blocking_violations(page)
            if found:
                failures[f"{page.viewport_size['width']}px {path}"] = found
    assert not failures, failures


def test_phone_layout_does_not_scroll_sideways(live_server, demo_site, phone):
    for path in ("/en/", "/en/programmes/", "/en/programmes/second-wave-brussels-north/"):
        phone.goto(live_server.url + path)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def focus_by_tab(page, selector, limit=40):
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


def test_keyboard_skip_link_language_switch_and_filters(live_server, demo_site, desktop):
    page = desktop
    page.goto(live_server.url + "/en/programmes/second-wave-brussels-north/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('yc-skip')")
    assert page.locator(".yc-skip").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(live_server.url + "/en/programmes/second-wave-brussels-north/")
    focus_by_tab(page, ".yc-languages a[lang=fr]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/fr/programmes/second-wave-bruxelles-nord/")
    assert page.locator("html").get_attribute("lang") == "fr"

    other = ProgrammeFactory(name="Second Wave Liège", status=Programme.Status.COMPLETED)
    make_programme_page(other, parent=demo_site["programme_index_page"])
    page.goto(live_server.url + "/en/programmes/")
    assert page.locator(".yc-programme-card").count() == 2
    focus_by_tab(page, "#yc-filter-status")
    page.keyboard.press("ArrowDown")  # choose the first status with the keyboard
    focus_by_tab(page, ".yc-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/programmes/?*status=*")
    assert page.locator(".yc-programme-card").count() == 1


def test_focus_is_always_visible(live_server, demo_site, desktop):
    page = desktop
    page.goto(live_server.url + "/en/")
    for _ in range(8):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
        assert outline != "none" or shadow != "none", page.evaluate("document.activeElement.outerHTML")
