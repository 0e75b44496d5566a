"""Each role does its main job from the dashboard, by clicks only: the one URL typed is the admin's home.

The clicks follow the dashboard panels' ``data-youthcop`` attributes (youthcop/templates/youthcop/admin/dashboard/),
so changes to the pages they open do not break these tests.
"""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from tests.browser.conftest import admin_login
from tests.factories import ParticipantFactory, ProgrammeFactory, officer, programme_staff
from tests.sessions.factories import SessionFactory
from youthcop.privacy.models import AdvisorNote
from youthcop.programmes import services
from youthcop.programmes.models import Participant, ProgrammeStaff
from youthcop.sessions.models import Attendance, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Role = ProgrammeStaff.Role


def open_dashboard(page, live_server, user):
    admin_login(page, live_server, user.username)
    page.goto(f"{live_server.url}/admin/")


def test_youth_worker_gives_a_personal_link_from_the_dashboard(live_server, desktop):
    programme = ProgrammeFactory(name="Second Wave Ghent")
    worker = programme_staff(programme, Role.YOUTH_WORKER)
    yasmine = ParticipantFactory(programme=programme, registered_by=worker, first_name="Yasmine", last_name="Benali")

    page = desktop
    open_dashboard(page, live_server, worker)
    page.locator("[data-youthcop=links-to-give] li", has_text="Yasmine Benali").locator(
        "[data-youthcop=give-link]"
    ).click()
    page.get_by_role("button", name="Show the link and QR code").click()

    link = page.locator("[data-youthcop-link]").input_value()
    assert f"{live_server.url}/youthcop/" in link
    assert page.locator(".youthcop-qr svg").is_visible()
    assert services.has_live_link(yasmine)
    # Back on the dashboard, the link is given: nothing left to do for her.
    page.goto(f"{live_server.url}/admin/")
    assert page.locator("[data-youthcop=links-to-give]").count() == 0


def test_facilitator_takes_attendance_from_the_dashboard(live_server, tablet):
    programme = ProgrammeFactory(name="Second Wave Brussels-North")
    facilitator = programme_staff(programme, Role.FACILITATOR)
    ParticipantFactory(programme=programme, first_name="Yasmine", last_name="Benali")
    lucas = ParticipantFactory(programme=programme, first_name="Lucas", last_name="Janssens")
    pieter = officer(programme=programme, first_name="Pieter", last_name="Van den Bossche")
    starts = timezone.now() - datetime.timedelta(minutes=10)  # under way: attendance is open, whatever the hour
    session = SessionFactory(programme=programme, title="Workshop 4: Our neighbourhood", starts_at=starts)

    page = tablet
    open_dashboard(page, live_server, facilitator)
    assert "Workshop 4: Our neighbourhood" in page.locator("[data-youthcop=next-sessions]").inner_text()
    page.locator("[data-youthcop=next-sessions] [data-youthcop=take-attendance]").click()
    page.wait_for_selector("[data-youthcop=attendance-sheet]")

    def tap(name, label):
        page.get_by_role("group", name=name).get_by_text(label, exact=True).tap()

    tap("Yasmine Benali", "Present")
    tap("Lucas Janssens", "Late")
    tap("Pieter Van den Bossche", "Present")
    page.locator("[data-youthcop=save-attendance]").tap()

    page.wait_for_selector("[data-youthcop=session]")
    assert "2 present, 1 late, 0 excused, 0 absent" in page.locator(".messages").inner_text()
    marks = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
    assert marks[lucas.pk] == "late" and marks[pieter.pk] == "present"
    session.refresh_from_db()
    assert session.status == Session.Status.HELD


def test_coordinator_opens_the_programme_and_its_waiting_list_from_the_dashboard(live_server, desktop):
    programme = ProgrammeFactory(name="Second Wave Liège")
    coordinator = programme_staff(programme, Role.COORDINATOR)
    for _ in range(3):
        ParticipantFactory(programme=programme)
    ParticipantFactory(
        programme=programme, first_name="Waiting", last_name="Person", status=Participant.Status.WAITING,
        waiting_since=timezone.now(),
    )

    page = desktop
    open_dashboard(page, live_server, coordinator)
    warning = page.locator("[data-youthcop=composition-warnings] li").first.inner_text()
    assert "fewer than the 25" in warning
    page.locator("[data-youthcop=programme-overview]", has_text="Second Wave Liège").click()
    page.wait_for_url(f"{live_server.url}/admin/youthcop/programmes/**")
    assert "Second Wave Liège" in page.locator("main").inner_text()
    assert warning in page.locator("main").inner_text()  # the overview says what the dashboard said

    page.go_back()
    page.locator("[data-youthcop=waiting-list]").click()
    page.wait_for_url(f"{live_server.url}/admin/youthcop/participants/**")
    assert "Waiting Person" in page.locator("main").inner_text()


def test_advisor_writes_a_note_from_the_dashboard_in_french(live_server, phone):
    programme = ProgrammeFactory(name="Deuxième vague Namur")
    advisor = programme_staff(programme, Role.YOUTH_ADVISOR)
    profile = UserProfile.get_for_user(advisor)
    profile.preferred_language = "fr"
    profile.save()
    amira = ParticipantFactory(programme=programme, first_name="Amira", last_name="Haddad")
    officer(programme=programme, first_name="Pieter", last_name="Peeters")

    page = phone
    open_dashboard(page, live_server, advisor)
    assert page.locator("html").get_attribute("lang") == "fr"
    group = page.locator("[data-youthcop=advised-group]")
    assert "Amira Haddad" in group.inner_text() and "Peeters" not in group.inner_text()
    group.locator("tr", has_text="Amira Haddad").locator("[data-youthcop=write-note]").click()
    with translation.override("fr"):
        page.locator("textarea[name=text]").fill("Elle veut parler de l'atelier 3.")
        page.get_by_role("button", name=gettext("Save the note")).click()
        assert gettext("The note is saved.") in page.locator(".messages").inner_text()
    assert "Elle veut parler de l'atelier 3." in page.locator("[data-youthcop-note]").first.inner_text()
    assert AdvisorNote.objects.get().participant == amira
    # The dashboard now counts the note, without showing it.
    page.goto(f"{live_server.url}/admin/")
    row = page.locator("[data-youthcop=advised-group] tr", has_text="Amira Haddad").inner_text()
    assert "1" in row and "l'atelier 3" not in row
