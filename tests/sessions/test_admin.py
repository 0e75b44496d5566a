import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from tests.factories import ParticipantFactory, ProgrammeFactory, UserFactory, officer, programme_staff
from tests.sessions.factories import SessionFactory, days_ago, make_group
from youthcop.programmes import services as programme_services
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions import services
from youthcop.sessions.models import AbsenceFlag, Attendance, Session

pytestmark = pytest.mark.django_db
Role = ProgrammeStaff.Role


def url(name, *args):
    return reverse(f"youthcop_admin_sessions:{name}", args=args)


def text(response):
    return BeautifulSoup(response.content, "html5lib").get_text(" ", strip=True)


@pytest.fixture
def other_session():
    return SessionFactory(programme=ProgrammeFactory(), title="Elsewhere")


def test_facilitators_see_and_run_only_their_programmes_sessions(client, programme, facilitator, other_session):
    mine = SessionFactory(programme=programme, title="Ours")
    client.force_login(facilitator)
    index = client.get(url("index"))
    assert "Ours" in text(index) and "Elsewhere" not in text(index)
    for name in ("inspect", "edit", "delete", "attendance", "sheet_pdf", "cancel"):
        assert client.get(url(name, other_session.pk)).status_code == 404, name
    assert client.get(url("inspect", mine.pk)).status_code == 200
    assert client.get(url("attendance", mine.pk)).status_code == 200
    assert client.get(url("programme", other_session.programme_id)).status_code == 404
    assert client.get(url("plan", other_session.programme_id)).status_code == 404


def test_youth_workers_view_sessions_of_their_programmes_but_cannot_run_them(client, programme, youth_worker):
    session = SessionFactory(programme=programme, title="Ours")
    client.force_login(youth_worker)
    assert "Ours" in text(client.get(url("index")))
    assert client.get(url("inspect", session.pk)).status_code == 200
    assert client.get(url("programme", programme.pk)).status_code == 200
    for name in ("attendance", "sheet_pdf", "cancel"):
        assert client.get(url(name, session.pk)).status_code == 404, name
    assert client.post(url("attendance", session.pk), {}).status_code == 404
    assert client.get(url("edit", session.pk)).status_code in (302, 403)
    assert client.get(url("plan", programme.pk)).status_code == 404
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED


def test_a_facilitator_who_is_only_youth_worker_elsewhere_cannot_run_that_programme(client, facilitator, other_session):
    ProgrammeStaff.objects.create(programme=other_session.programme, user=facilitator, role=Role.YOUTH_WORKER)
    client.force_login(facilitator)
    assert client.get(url("inspect", other_session.pk)).status_code == 200
    assert client.get(url("edit", other_session.pk)).status_code == 404
    assert client.post(url("cancel", other_session.pk), {"reason": ""}).status_code == 404
    assert client.get(url("attendance", other_session.pk)).status_code == 404
    other_session.refresh_from_db()
    assert other_session.status == Session.Status.PLANNED


def test_a_youth_worker_sees_attendance_only_of_the_people_they_follow(client, programme, youth_worker):
    mine = ParticipantFactory(programme=programme, registered_by=youth_worker, first_name="Mine")
    ParticipantFactory(programme=programme, first_name="Someone", last_name="Else")
    session = SessionFactory(programme=programme)
    client.force_login(youth_worker)
    page = text(client.get(url("inspect", session.pk)))
    assert mine.full_name in page
    assert "Someone Else" not in page


def test_the_attendance_sheet_saves_everyone_in_one_post(client, programme, facilitator):
    young, officers = make_group(programme, youth=2, police=1)
    session = SessionFactory(programme=programme)
    client.force_login(facilitator)
    page = client.get(url("attendance", session.pk))
    soup = BeautifulSoup(page.content, "html5lib")
    assert len(soup.select("fieldset")) == 3
    assert {i["value"] for i in soup.select(f"input[name=mark-{young[0].pk}]")} == {"present", "late", "excused", "absent"}
    response = client.post(
        url("attendance", session.pk),
        {f"mark-{young[0].pk}": "present", f"mark-{young[1].pk}": "late", f"note-{young[1].pk}": "Train"},
    )
    assert response.status_code == 302
    marks = dict(Attendance.objects.values_list("participant_id", "status"))
    assert marks == {young[0].pk: "present", young[1].pk: "late", officers[0].pk: "absent"}
    session.refresh_from_db()
    assert session.status == Session.Status.HELD


def test_mark_everyone_present_fills_the_sheet_without_saving(client, programme, facilitator):
    young, _ = make_group(programme, youth=2, police=0)
    session = SessionFactory(programme=programme)
    client.force_login(facilitator)
    response = client.post(url("attendance", session.pk), {"prefill": "present", f"mark-{young[0].pk}": "late"})
    soup = BeautifulSoup(response.content, "html5lib")
    assert soup.select_one(f"input[name=mark-{young[0].pk}][checked]")["value"] == "late"
    assert soup.select_one(f"input[name=mark-{young[1].pk}][checked]")["value"] == "present"
    assert not Attendance.objects.exists()


def test_a_coming_session_sends_the_facilitator_back_instead_of_a_sheet(client, programme, facilitator):
    session = SessionFactory(programme=programme, starts_at=days_ago(-5))
    client.force_login(facilitator)
    response = client.get(url("attendance", session.pk))
    assert response.status_code == 302 and response.url == url("inspect", session.pk)


def queries_for(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


def test_the_session_list_does_not_grow_in_queries(client, django_assert_max_num_queries):
    programme = ProgrammeFactory()
    user = programme_staff(programme, Role.FACILITATOR)
    young, officers = make_group(programme, youth=2, police=1)

    def add_sessions(count, offset):
        for i in range(count):
            session = SessionFactory(programme=programme, starts_at=days_ago(offset + i + 1))
            services.record_attendance(session, {young[0].pk: "present"})

    add_sessions(1, 0)
    client.force_login(user)
    few = queries_for(client, url("index"))
    add_sessions(25, 1)
    with django_assert_max_num_queries(few):
        response = client.get(url("index"))
    assert len(BeautifulSoup(response.content, "html5lib").select("tbody tr")) == 26
    assert "1 of 3 (33 %)" in text(response)


def test_the_programme_overview_does_not_grow_in_queries(client, django_assert_max_num_queries):
    programme = ProgrammeFactory()
    user = programme_staff(programme, Role.FACILITATOR)

    def add_people_and_sessions(youth, police, sessions):
        young, officers = make_group(programme, youth=youth, police=police)
        for _ in range(sessions):
            session = SessionFactory(programme=programme, starts_at=days_ago(SessionFactory._meta.model.objects.count() + 1))
            services.record_attendance(session, {p.pk: "present" for p in young})

    add_people_and_sessions(2, 1, 1)
    client.force_login(user)
    few = queries_for(client, url("programme", programme.pk))
    add_people_and_sessions(18, 9, 10)
    with django_assert_max_num_queries(few):
        response = client.get(url("programme", programme.pk))
    soup = BeautifulSoup(response.content, "html5lib")
    assert len(soup.select("[data-youthcop=people] tbody tr")) == 30
    assert len(soup.select("[data-youthcop=sessions] tbody tr")) == 11
    assert "100 %" in text(response) and "0 %" in text(response)


def test_ratio_alerts_show_on_the_session_and_the_programme(client, programme, facilitator):
    young, officers = make_group(programme, youth=6, police=3)
    session = SessionFactory(programme=programme, title="Unbalanced")
    services.record_attendance(session, {p.pk: "present" for p in young} | {officers[0].pk: "present"})
    client.force_login(facilitator)
    inspect = BeautifulSoup(client.get(url("inspect", session.pk)).content, "html5lib")
    assert inspect.select_one("[data-youthcop=ratio-alert]")
    overview = BeautifulSoup(client.get(url("programme", programme.pk)).content, "html5lib")
    assert overview.select_one("[data-youthcop=programme-ratio-alert]")
    listing = text(client.get(url("programmes")))
    assert programme.name in listing


def test_absence_flags_reach_the_youth_workers_dashboard_and_can_be_handled(client, programme, youth_worker):
    mine = ParticipantFactory(programme=programme, registered_by=youth_worker, first_name="Followed")
    other = ParticipantFactory(programme=programme, first_name="NotMine")
    for days in (30, 10):
        services.record_attendance(SessionFactory(programme=programme, starts_at=days_ago(days)), {})
    assert AbsenceFlag.objects.count() == 2
    client.force_login(youth_worker)
    dashboard = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html5lib")
    flags = dashboard.select_one("[data-youthcop=absence-flags]")
    assert mine.full_name in flags.get_text() and other.full_name not in flags.get_text()
    flag = AbsenceFlag.objects.get(participant=mine)
    response = client.post(url("resolve_flag", flag.pk), {"note": "Spoke to her", "next": "/admin/"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_by == youth_worker and flag.resolution_note == "Spoke to her"
    other_flag = AbsenceFlag.objects.get(participant=other)
    assert client.post(url("resolve_flag", other_flag.pk), {}).status_code == 404


def test_the_dashboard_shows_the_next_sessions_of_ones_programmes(client, programme, facilitator, other_session):
    SessionFactory(programme=programme, title="Next one", starts_at=days_ago(-3))
    SessionFactory(programme=other_session.programme, title="Not ours", starts_at=days_ago(-3))
    client.force_login(facilitator)
    dashboard = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html5lib")
    upcoming = dashboard.select_one("[data-youthcop=next-sessions]").get_text()
    assert "Next one" in upcoming and "Not ours" not in upcoming


def test_plan_the_year_previews_then_creates(client, programme, facilitator):
    client.force_login(facilitator)
    programme.start_date, programme.end_date = datetime.date(2030, 9, 1), datetime.date(2031, 8, 31)
    programme.save()
    data = {
        "joint_workshop-enabled": "on",
        "joint_workshop-title": "Workshop",
        "joint_workshop-frequency": "monthly",
        "joint_workshop-nth": "2",
        "joint_workshop-weekday": "2",
        "joint_workshop-interval": "1",
        "joint_workshop-first_date": "2030-09-01",
        "joint_workshop-count": "12",
        "joint_workshop-start_time": "18:00",
        "joint_workshop-end_time": "21:00",
        "skip_dates": "2030-10-09\n2030-12-11",
        "facilitators": [facilitator.pk],
    }
    preview = client.post(url("plan", programme.pk), {**data, "confirm": "preview"})
    assert preview.status_code == 200
    soup = BeautifulSoup(preview.content, "html5lib")
    # Two skipped: only ten second Wednesdays are left before the end of August.
    assert len(soup.select("[data-youthcop=preview] tbody tr")) == 10
    assert "9 October 2030" in soup.select_one("[data-youthcop=preview]").get_text()  # listed as skipped
    assert not Session.objects.exists()
    created = client.post(url("plan", programme.pk), {**data, "confirm": "create"})
    assert created.status_code == 302
    assert programme.sessions.count() == 10
    assert list(programme.sessions.first().facilitators.all()) == [facilitator]
    client.post(url("plan", programme.pk), {**data, "confirm": "create"})
    assert programme.sessions.count() == 10


def test_a_session_can_only_be_added_to_a_managed_programme(client, programme, facilitator, other_session):
    client.force_login(facilitator)
    soup = BeautifulSoup(client.get(url("add")).content, "html5lib")
    options = {o["value"] for o in soup.select("select[name=programme] option") if o["value"]}
    assert options == {str(programme.pk)}
    response = client.post(
        url("add"),
        {
            "programme": other_session.programme_id,
            "kind": "joint_workshop",
            "title": "Sneaky",
            "starts_at": "2030-01-01 18:00",
            "ends_at": "2030-01-01 21:00",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert not Session.objects.filter(title="Sneaky").exists()


def workshop_in_ten_days(programme):
    starts = timezone.localtime(timezone.now() + datetime.timedelta(days=10))
    return SessionFactory(
        programme=programme, starts_at=starts.replace(hour=18, minute=0, second=0, microsecond=0), title="Workshop"
    )


def test_moving_a_session_in_the_edit_form_tells_the_participants(
    client, programme, facilitator, django_capture_on_commit_callbacks
):
    ParticipantFactory(programme=programme, email="amira@example.net", preferred_language="fr")
    session = workshop_in_ten_days(programme)
    starts = session.starts_at
    client.force_login(facilitator)
    later = starts + datetime.timedelta(days=7)
    fields = {
        "kind": "joint_workshop",
        "title": "Workshop",
        "starts_at": later.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (later + datetime.timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
        "status": "planned",
        "venue_name": session.venue_name,
        "venue_address": session.venue_address,
    }
    # First the email they will get, and nothing saved or sent.
    with django_capture_on_commit_callbacks(execute=True):
        preview = client.post(url("edit", session.pk), fields)
    assert preview.status_code == 200
    soup = BeautifulSoup(preview.content, "html5lib")
    assert "New date: Workshop" in soup.select_one("[data-youthcop=notice-text]").get_text()
    assert soup.select_one("input[name=notice_confirmed]")
    assert not mail.outbox and Session.objects.get(pk=session.pk).starts_at == starts
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("edit", session.pk), {**fields, "notice_confirmed": "1"})
    assert response.status_code == 302, text(response)[:2000]
    session.refresh_from_db()
    assert session.starts_at == later
    assert session.status == Session.Status.MOVED and session.sequence == 1
    assert [m.to for m in mail.outbox] == [["amira@example.net"]]


def test_participant_page_shows_their_next_sessions_and_a_calendar_link(client, programme):
    young = ParticipantFactory(programme=programme)
    SessionFactory(programme=programme, title="Next workshop", starts_at=days_ago(-4))
    SessionFactory(programme=programme, title="Past workshop", starts_at=days_ago(4), status=Session.Status.HELD)
    SessionFactory(programme=programme, title="Police only", kind="police_briefing", starts_at=days_ago(-5))
    token = programme_services.issue_link(young)
    response = client.get(programme_services.participant_page_url(token))
    soup = BeautifulSoup(response.content, "html5lib")
    section = soup.select_one("[data-youthcop=participant-sessions]")
    assert "Next workshop" in section.get_text()
    assert "Past workshop" not in section.get_text() and "Police only" not in section.get_text()
    links = [a["href"] for a in section.select("a")]
    assert any(href.startswith("webcal://") and href.endswith(f"/p/{token}/sessions.ics") for href in links)
    assert reverse("youthcop_sessions:participant_feed", args=[token]) in links


def test_programme_page_section_has_counts_and_next_date_but_no_names(programme):
    young = ParticipantFactory(programme=programme, first_name="Yasmine")
    held = SessionFactory(programme=programme, title="Secret title")
    services.record_attendance(held, {young.pk: "present"})
    SessionFactory(programme=programme, starts_at=days_ago(-10))
    request = RequestFactory().get("/")
    html = "".join(fn(request, programme) for fn in hooks.get_hooks("youthcop_programme_page_sections"))
    assert "2 sessions planned, 1 held." in html
    assert "Next session" in html
    assert "Yasmine" not in html


def test_export_and_anonymise_hooks(programme):
    young = ParticipantFactory(programme=programme)
    first = SessionFactory(programme=programme, title="First", starts_at=days_ago(20))
    second = SessionFactory(programme=programme, title="Second", starts_at=days_ago(10))
    services.record_attendance(first, {}, notes={young.pk: "Family matter"})
    services.record_attendance(second, {})
    flag = AbsenceFlag.objects.get()
    services.resolve_absence_flag(flag, by=UserFactory(), note="Called the family")

    exported = {}
    for fn in hooks.get_hooks("youthcop_export_participant"):
        exported.update(fn(young))
    assert [(r["session"], r["attendance"], r["absence_flag"]) for r in exported["sessions"]] == [
        ("First", "absent", False),
        ("Second", "absent", True),
    ]
    assert exported["sessions"][0]["note"] == "Family matter"

    for fn in hooks.get_hooks("youthcop_anonymise_participant"):
        fn(young)
    assert set(Attendance.objects.values_list("note", flat=True)) == {""}
    assert AbsenceFlag.objects.get().resolution_note == ""
    assert Attendance.objects.filter(participant=young).count() == 2  # attendance itself is kept


def test_dietary_counts_show_on_a_shared_meal_session(client, programme, facilitator):
    ParticipantFactory(programme=programme, dietary_needs=["halal"], first_name="Amira")
    officer(programme=programme, dietary_needs=["halal", "vegetarian"])
    session = SessionFactory(programme=programme, shared_meal=True)
    client.force_login(facilitator)
    soup = BeautifulSoup(client.get(url("inspect", session.pk)).content, "html5lib")
    dietary = soup.select_one("[data-youthcop=dietary]").get_text(" ", strip=True)
    assert "Halal: 2" in dietary and "Vegetarian: 1" in dietary
    assert "Amira" not in dietary


def test_people_on_the_waiting_list_get_no_sessions_on_their_page_or_feed(client, programme):
    waiting = ParticipantFactory(programme=programme, status="waiting", waiting_since=timezone.now())
    SessionFactory(programme=programme, title="Next workshop", starts_at=days_ago(-4))
    token = programme_services.issue_link(waiting)
    page = client.get(programme_services.participant_page_url(token))
    assert "Next workshop" not in text(page)
    feed = client.get(reverse("youthcop_sessions:participant_feed", args=[token]))
    assert feed.status_code == 200 and b"VEVENT" not in feed.content


def test_saving_the_attendance_sheet_takes_the_same_queries_for_5_and_30_people(client):
    def sheet_of(size):
        programme = ProgrammeFactory()
        user = programme_staff(programme, Role.FACILITATOR)
        young, officers = make_group(programme, youth=size * 2 // 3, police=size - size * 2 // 3)
        people = young + officers
        services.record_attendance(SessionFactory(programme=programme, starts_at=days_ago(40)), {})
        post = {f"mark-{p.pk}": "present" for p in people}
        post[f"mark-{people[0].pk}"] = "absent"  # a second absence in a row: one flag
        post[f"note-{people[1].pk}"] = "Came by bus"
        return user, SessionFactory(programme=programme), post, people

    counts = []
    for user, session, post, people in (sheet_of(5), sheet_of(30)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url("attendance", session.pk), post)
        assert response.status_code == 302 and response.url == url("inspect", session.pk)
        counts.append(len(queries))
        marks = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
        assert marks == {p.pk: ("absent" if p == people[0] else "present") for p in people}
        assert Attendance.objects.get(session=session, participant=people[1]).note == "Came by bus"
        assert AbsenceFlag.objects.filter(session=session).count() == 1
    # The first request may warm caches; the sheet of 30 must never cost more than the sheet of 5.
    assert counts[1] <= counts[0] <= 30, counts


def test_an_absence_flag_shows_on_the_session_page(client, programme, facilitator):
    ParticipantFactory(programme=programme, first_name="Twice", last_name="Absent")
    present = ParticipantFactory(programme=programme, first_name="Always", last_name="There")
    services.record_attendance(SessionFactory(programme=programme, starts_at=days_ago(30)), {present.pk: "present"})
    second = SessionFactory(programme=programme, starts_at=days_ago(10))
    services.record_attendance(second, {present.pk: "present"})
    client.force_login(facilitator)
    soup = BeautifulSoup(client.get(url("inspect", second.pk)).content, "html5lib")
    rows = {tr.select_one("td").get_text(strip=True): tr for tr in soup.select("tbody tr")}
    assert rows["Twice Absent"].select_one("[data-youthcop=absence-flag]")
    assert not rows["Always There"].select_one("[data-youthcop=absence-flag]")
    services.resolve_absence_flag(AbsenceFlag.objects.get(), by=facilitator)
    soup = BeautifulSoup(client.get(url("inspect", second.pk)).content, "html5lib")
    assert not soup.select("[data-youthcop=absence-flag]")


def test_the_plan_preview_shows_the_sites_wall_clock_times_to_a_user_in_another_zone(client, programme, facilitator):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(facilitator)
    profile.current_time_zone = "America/New_York"
    profile.save()
    programme.start_date, programme.end_date = datetime.date(2030, 9, 1), datetime.date(2031, 8, 31)
    programme.save()
    client.force_login(facilitator)
    data = {
        "joint_workshop-enabled": "on", "joint_workshop-title": "Workshop", "joint_workshop-frequency": "monthly",
        "joint_workshop-nth": "2", "joint_workshop-weekday": "2", "joint_workshop-first_date": "2030-09-01",
        "joint_workshop-count": "3", "joint_workshop-start_time": "18:00", "joint_workshop-end_time": "21:00",
        "confirm": "preview",
    }
    rows = BeautifulSoup(client.post(url("plan", programme.pk), data).content, "html5lib").select(
        "[data-youthcop=preview] tbody tr"
    )
    assert [tr.select("td")[1].get_text(strip=True) for tr in rows] == ["18:00–21:00"] * 3
    assert "Wednesday 11 September 2030" in rows[0].get_text()


def test_a_second_absence_saved_on_the_sheet_emails_the_youth_worker_in_their_language(
    client, programme, facilitator, youth_worker, django_capture_on_commit_callbacks
):
    from wagtail.users.models import UserProfile

    youth_worker.email = "karim@example.org"
    youth_worker.save()
    profile = UserProfile.get_for_user(youth_worker)
    profile.preferred_language = "nl"
    profile.save()
    followed = ParticipantFactory(programme=programme, registered_by=youth_worker, first_name="Lina", last_name="Aziz")
    steady = ParticipantFactory(programme=programme)
    services.record_attendance(SessionFactory(programme=programme, starts_at=days_ago(30)), {steady.pk: "present"})
    second = SessionFactory(programme=programme, starts_at=days_ago(2))
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("attendance", second.pk), {f"mark-{followed.pk}": "absent", f"mark-{steady.pk}": "present"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["karim@example.org"]]
    assert mail.outbox[0].subject == "Lina Aziz miste twee sessies na elkaar"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Lina Aziz" in m for m in messages)


def test_cancelling_in_the_edit_form_tells_the_participants_in_their_language(
    client, programme, facilitator, django_capture_on_commit_callbacks
):
    ParticipantFactory(programme=programme, email="noah@example.net", preferred_language="nl")
    session = workshop_in_ten_days(programme)
    starts = session.starts_at
    client.force_login(facilitator)
    fields = {
        "kind": "joint_workshop", "title": "Workshop", "status": "cancelled",
        "starts_at": starts.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
        "venue_name": session.venue_name, "venue_address": session.venue_address,
    }
    assert client.post(url("edit", session.pk), fields).status_code == 200  # the notice, to confirm
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("edit", session.pk), {**fields, "notice_confirmed": "1"}).status_code == 302
    session.refresh_from_db()
    assert (session.status, session.sequence) == (Session.Status.CANCELLED, 1)
    assert [m.to for m in mail.outbox] == [["noah@example.net"]]
    assert mail.outbox[0].subject.startswith("Geannuleerd")
