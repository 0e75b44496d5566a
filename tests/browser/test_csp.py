"""The site's Content-Security-Policy in Chromium: nothing in the admin or on public pages is blocked; they work."""

import pytest

from tests.browser.conftest import admin_login
from tests.charters.factories import charter_for
from tests.factories import ParticipantFactory, ProgrammeFactory, UserFactory, officer, programme_staff
from tests.pages.factories import make_index, make_programme_page
from tests.sessions.factories import SessionFactory, days_ago
from youthcop.charters import services as charter_services
from youthcop.programmes import services
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions.models import Attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every violation the page reports, whatever the console shows.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
"""


def violations(page):
    return page.evaluate("window.__violations")


def test_the_admin_and_the_public_pages_work_under_the_policy(live_server, browser):
    programme = ProgrammeFactory(name="Second Wave Brussels-North")
    page_of_programme = make_programme_page(programme, parent=make_index())
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    yasmine = ParticipantFactory(programme=programme, first_name="Yasmine", last_name="Benali")
    officer(programme=programme, first_name="Pieter", last_name="Van den Bossche")
    session = SessionFactory(programme=programme, title="Workshop 3", starts_at=days_ago(0, hour=9))
    charter = charter_for(programme)
    charter_services.adopt_charter(charter, by=facilitator)
    admin = UserFactory(is_superuser=True, is_staff=True)
    token = services.issue_link(yasmine)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = {}

    def visit(path):
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert response.headers.get("content-security-policy"), path
        found[path] = violations(page)

    admin_login(page, live_server, admin.username)
    visit("/admin/")
    visit("/admin/youthcop/participants/")
    visit(f"/admin/youthcop/participants/edit/{yasmine.pk}/")
    visit(f"/admin/youthcop/programmes/edit/{programme.pk}/")
    page.click("#id_start_date")  # Wagtail's date chooser, set up by an inline script
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for()
    visit(f"/admin/pages/{page_of_programme.pk}/edit/")
    page.locator(".Draftail-Editor").first.wait_for()  # the rich-text editors rendered
    visit(f"/admin/snippets/youthcop_charters/charter/signatures/{charter.pk}/in-person/{yasmine.pk}/")
    visit(f"/admin/youthcop/sessions/attendance/{session.pk}/")
    page.get_by_role("group", name="Yasmine Benali").get_by_text("Late", exact=True).click()
    page.locator("[data-youthcop=save-attendance]").click()
    page.wait_for_selector("[data-youthcop=session]")
    assert Attendance.objects.get(session=session, participant=yasmine).status == "late"
    found["attendance saved"] = violations(page)
    visit(page_of_programme.url)  # signed in: Wagtail's userbar on a public page
    context.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.add_init_script(LISTEN)
    young = phone.new_page()
    young.on("pageerror", lambda error: errors.append(str(error)))
    page = young
    visit(page_of_programme.url)
    visit(f"/youthcop/p/{token}/")
    visit(f"/youthcop/charter/{token}/")
    phone.close()

    assert {path: blocked for path, blocked in found.items() if blocked} == {}
    assert errors == []
