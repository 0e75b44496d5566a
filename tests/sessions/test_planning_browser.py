"""A facilitator plans the year, looks at the calendar and moves a session, on a desktop and on a phone."""

import datetime
import os

import pytest

from tests.browser.conftest import admin_login, browser, desktop, phone, tablet  # noqa: F401 (fixtures)
from tests.browser.test_csp import LISTEN
from tests.factories import ParticipantFactory, ProgrammeFactory, programme_staff
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a folder to keep screenshots of the pages (docs/screenshots).
SCREENSHOTS = os.environ.get("YOUTHCOP_SCREENSHOTS")


def no_csp_violation(page):
    assert page.evaluate("window.__violations") == []


def shot(page, name, full_page=False):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=full_page)


def test_facilitator_plans_the_year_and_moves_a_session_from_the_calendar(live_server, desktop):  # noqa: F811
    start = datetime.date.today().replace(day=1) + datetime.timedelta(days=40)
    programme = ProgrammeFactory(name="Second Wave Brussels-North", start_date=start)
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    ParticipantFactory(programme=programme, first_name="Bilal", last_name="Nour", email="")
    page = desktop
    page.add_init_script(LISTEN)
    admin_login(page, live_server, facilitator.username)
    page.goto(f"{live_server.url}/admin/youthcop/sessions/programme/{programme.pk}/")
    page.get_by_role("link", name="Plan the year").click()
    page.wait_for_selector("[data-youthcop=plan-joint_workshop]")
    no_csp_violation(page)
    shot(page, "planner-desktop")
    page.get_by_role("button", name="Preview the dates").click()
    page.wait_for_selector("[data-youthcop=preview]")
    shot(page, "planner-preview-desktop", full_page=True)
    assert page.locator("[data-youthcop=preview-steering_committee] tbody tr").count() >= 1
    page.locator("[data-youthcop=create-sessions]").click()

    page.wait_for_selector("[data-youthcop=calendar-list]")
    kinds = set(programme.sessions.values_list("kind", flat=True))
    assert kinds == {"joint_workshop", "youth_preparation", "police_briefing", "steering_committee"}
    assert not programme.sessions.filter(scheduled_on__gt=programme.end_date).exists()
    page.locator("[data-youthcop=month-view]").click()
    page.wait_for_selector("[data-youthcop=calendar-month]")
    page.locator("[data-youthcop=next-month]").click()
    page.wait_for_selector("[data-youthcop=calendar-month]")
    no_csp_violation(page)
    shot(page, "calendar-desktop")

    workshop = programme.sessions.filter(kind="joint_workshop").order_by("starts_at").first()
    page.goto(f"{live_server.url}/admin/youthcop/sessions/programme/{programme.pk}/sessions-calendar/?view=list")
    page.locator(f"a[data-youthcop=move-link][href$='/move/{workshop.pk}/']").click()
    new_day = workshop.scheduled_on + datetime.timedelta(days=7)
    page.fill("input[name=day]", new_day.isoformat())
    page.get_by_role("button", name="Preview the notice").click()
    page.wait_for_selector("[data-youthcop=notice-text]")
    assert "Bilal Nour" in page.locator("[data-youthcop=notice-without-email]").inner_text()
    no_csp_violation(page)
    shot(page, "move-preview-desktop")
    page.locator("[data-youthcop=confirm-move]").click()
    page.wait_for_selector("[data-youthcop=calendar-month]")
    workshop.refresh_from_db()
    assert workshop.status == Session.Status.MOVED


def test_the_calendar_is_a_list_on_a_phone_that_fits_its_width(live_server, phone):  # noqa: F811
    programme = ProgrammeFactory(name="Second Wave Brussels-North")
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    page = phone
    admin_login(page, live_server, facilitator.username)
    page.goto(f"{live_server.url}/admin/youthcop/sessions/programme/{programme.pk}/plan/")
    page.wait_for_selector("[data-youthcop=plan-joint_workshop]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "planner-phone")
    page.get_by_role("button", name="Preview the dates").click()
    page.locator("[data-youthcop=create-sessions]").click()
    page.wait_for_selector("[data-youthcop=calendar-list]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "calendar-phone")


def test_planner_and_calendar_on_a_tablet(live_server, tablet):  # noqa: F811
    programme = ProgrammeFactory(name="Second Wave Brussels-North")
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    page = tablet
    admin_login(page, live_server, facilitator.username)
    page.goto(f"{live_server.url}/admin/youthcop/sessions/programme/{programme.pk}/plan/")
    page.wait_for_selector("[data-youthcop=plan-joint_workshop]")
    shot(page, "planner-tablet")
    page.get_by_role("button", name="Preview the dates").click()
    page.locator("[data-youthcop=create-sessions]").click()
    page.wait_for_selector("[data-youthcop=calendar-list]")
    page.locator("[data-youthcop=month-view]").click()
    page.wait_for_selector("[data-youthcop=calendar-month]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 820
    shot(page, "calendar-tablet")
