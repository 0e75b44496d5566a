"""A facilitator records attendance on a tablet: log in, open the session, one tap per person, save."""

import pytest

from tests.browser.conftest import admin_login
from tests.factories import ParticipantFactory, ProgrammeFactory, officer, programme_staff
from tests.sessions.factories import SessionFactory, days_ago
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions.models import Attendance, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_records_attendance_on_a_tablet(live_server, tablet):
    programme = ProgrammeFactory(name="Second Wave Brussels-North")
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    yasmine = ParticipantFactory(programme=programme, first_name="Yasmine", last_name="Benali")
    lucas = ParticipantFactory(programme=programme, first_name="Lucas", last_name="Janssens")
    amira = ParticipantFactory(programme=programme, first_name="Amira", last_name="Haddad")
    pieter = officer(programme=programme, first_name="Pieter", last_name="Van den Bossche")
    session = SessionFactory(programme=programme, title="Workshop 3: Trust and respect", starts_at=days_ago(0, hour=9))

    page = tablet
    admin_login(page, live_server, facilitator.username)
    page.goto(f"{live_server.url}/admin/youthcop/sessions/")
    page.get_by_role("link", name="Workshop 3: Trust and respect").first.click()
    page.locator("[data-youthcop=take-attendance]").click()
    page.wait_for_selector("[data-youthcop=attendance-sheet]")

    # Each choice is a large tap target that fits the tablet's width.
    choice = page.locator(".yc-att-choice").first.bounding_box()
    assert choice["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 820

    def tap(name, label):
        page.get_by_role("group", name=name).get_by_text(label, exact=True).tap()

    tap("Yasmine Benali", "Present")
    tap("Lucas Janssens", "Late")
    tap("Pieter Van den Bossche", "Present")
    tap("Amira Haddad", "Excused")
    tap("Amira Haddad", "Absent")  # a second tap corrects the first
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.locator("[data-youthcop=save-attendance]").tap()

    page.wait_for_selector("[data-youthcop=session]")
    assert "1 present, 1 late, 0 excused, 1 absent" not in page.locator(".messages").inner_text()
    assert "2 present, 1 late, 0 excused, 1 absent" in page.locator(".messages").inner_text()
    marks = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
    assert marks == {yasmine.pk: "present", lucas.pk: "late", amira.pk: "absent", pieter.pk: "present"}
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    assert page.locator("[data-youthcop=status]").inner_text() == "Held"
    assert posts == [f"{live_server.url}/admin/youthcop/sessions/attendance/{session.pk}/"]  # one request for the sheet
