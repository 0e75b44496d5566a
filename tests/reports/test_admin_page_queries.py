"""Admin pages whose work must not grow with the data (issue 17): the session list and the attendance report
count attendance for the page shown only, "may see reports" is asked once per request, and the site history
checks its edit links in one query per model, not one per row."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from tests.factories import ParticipantFactory, ProgrammeFactory, add_staff, programme_staff
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes.models import Participant, Programme, ProgrammeStaff
from youthcop.programmes.permissions import listed_together
from youthcop.reports.figures import can_see_reports
from youthcop.sessions.models import Attendance, Session
from youthcop.sessions.permissions import session_policy

pytestmark = pytest.mark.django_db
Role = ProgrammeStaff.Role
PAGE = 50  # the session list's and the reports' page size


def add_programmes(coordinator, count, sessions_each, people=3):
    """``count`` programmes coordinated by ``coordinator``, each with held sessions where all but one attended."""
    first = timezone.now() - datetime.timedelta(days=sessions_each + 1)
    for _ in range(count):
        programme = ProgrammeFactory()
        add_staff(programme, coordinator, Role.COORDINATOR)
        group = Participant.objects.bulk_create(
            ParticipantFactory.build(programme=programme, organisation=programme.police_zone) for _ in range(people)
        )
        sessions = Session.objects.bulk_create(
            Session(
                programme=programme,
                title=f"Workshop {n}",
                starts_at=first + datetime.timedelta(days=n),
                ends_at=first + datetime.timedelta(days=n, hours=2),
                status=Session.Status.HELD,
                attendance_taken_at=first + datetime.timedelta(days=n),
            )
            for n in range(sessions_each)
        )
        Attendance.objects.bulk_create(
            Attendance(
                session=session,
                participant=person,
                status=Attendance.Status.ABSENT if k == 0 else Attendance.Status.PRESENT,
            )
            for session in sessions
            for k, person in enumerate(group)
        )
        log(programme, "wagtail.edit", user=coordinator)
        for item in [*group, *sessions[:3]]:
            log(item, "wagtail.edit", user=coordinator)


@pytest.fixture
def coordinator(db):
    programme = ProgrammeFactory()
    user = programme_staff(programme, Role.COORDINATOR)
    add_programmes(user, 1, 3)
    return user


def get(client, url):
    """The response and the SQL of its queries."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [query["sql"] for query in captured.captured_queries]


def attendance_counted_for(queries):
    """The session ids whose attendance the page's queries count (one query expected)."""
    counting = [sql for sql in queries if "youthcop_sessions_attendance" in sql and "COUNT(" in sql.upper()]
    assert len(counting) == 1, counting
    listed = re.search(r'"session_id" IN \(([^)]*)\)', counting[0])
    assert listed, f"counted without naming the page's sessions: {counting[0]}"
    return {int(pk) for pk in listed.group(1).split(",")}


def test_the_session_list_counts_attendance_for_its_page_only(client, coordinator):
    client.force_login(coordinator)
    url = reverse("youthcop_admin_sessions:index")
    client.get(url)  # warm caches (content types, hooks)
    _response, few = get(client, url)
    add_programmes(coordinator, 3, 20)  # 63 sessions: more than a page
    response, many = get(client, url)
    assert len(many) == len(few)
    shown = {session.pk for session in response.context["page_obj"].object_list}
    assert len(shown) == PAGE < Session.objects.count()
    assert attendance_counted_for(many) == shown
    assert "2 of 3 (67 %)" in BeautifulSoup(response.content, "html5lib").get_text(" ", strip=True)


def test_the_attendance_report_counts_attendance_for_its_page_only(client, coordinator):
    client.force_login(coordinator)
    url = reverse("youthcop_reports:attendance")
    client.get(url)
    _response, few = get(client, url)
    add_programmes(coordinator, 3, 20)
    response, many = get(client, url)
    assert len(many) == len(few)
    shown = response.context["page_obj"].object_list
    assert attendance_counted_for(many) == {session.pk for session in shown}
    assert len(response.context["object_list"]) == PAGE
    assert {(row["on_sheet"], row["attended"], row["rate"]) for row in response.context["object_list"]} == {(3, 2, 67)}


def test_the_attendance_report_export_counts_every_session(client, coordinator):
    add_programmes(coordinator, 3, 20)
    client.force_login(coordinator)
    response = client.get(reverse("youthcop_reports:attendance") + "?export=csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = content.decode().strip().splitlines()[1:]
    assert len(rows) == Session.objects.count() > PAGE
    assert all(",3,2,67," in row for row in rows), rows[:3]


def reports_check_sql(user):
    with CaptureQueriesContext(connection) as captured:
        assert can_see_reports(user)
    [query] = captured.captured_queries
    return query["sql"]


@pytest.mark.parametrize(
    "url_name", ["wagtailadmin_home", "youthcop_admin_sessions:index", "youthcop_reports:attendance"]
)
def test_may_see_reports_is_asked_once_per_request(client, coordinator, url_name):
    client.force_login(coordinator)
    check = reports_check_sql(coordinator)
    _response, queries = get(client, reverse(url_name))
    assert queries.count(check) == 1
    # Asked once, still asked every request: the menu shows the reports again after a login elsewhere.
    _response, queries = get(client, reverse(url_name))
    assert queries.count(check) == 1


def test_the_reports_stay_refused_to_staff_who_run_no_programme(client, coordinator):
    youth_worker = programme_staff(Participant.objects.first().programme, Role.YOUTH_WORKER)
    client.force_login(youth_worker)
    assert client.get(reverse("youthcop_reports:attendance")).status_code in (302, 403)  # Wagtail: back home
    assert "youthcop-attendance" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_site_history_costs_the_same_queries_at_few_and_many_rows(client, coordinator):
    client.force_login(coordinator)
    url = reverse("wagtailadmin_reports:site_history")
    client.get(url)
    _response, few = get(client, url)
    add_programmes(coordinator, 8, 5)  # 7 entries each
    assert AuditLogEntry.objects.count() > PAGE
    response, many = get(client, url)
    assert len(many) == len(few)
    entries = response.context["object_list"]
    assert len(entries) == PAGE
    assert {type(entry.edit_url) for entry in entries} == {str}, "the coordinator may edit every object listed"


def test_edit_links_in_the_site_history_follow_each_objects_permission(client, coordinator):
    """Facilitator of one programme, youth worker of another: only the first one's sessions link to their edit view."""
    add_programmes(coordinator, 1, 3)
    runs, helps = Programme.objects.filter(sessions__isnull=False).distinct().order_by("pk")[:2]
    user = programme_staff(runs, Role.FACILITATOR)
    add_staff(helps, user, Role.YOUTH_WORKER)
    client.force_login(user)
    entries = client.get(reverse("wagtailadmin_reports:site_history")).context["object_list"]
    links = {
        Session.objects.get(pk=entry.object_id).programme_id: bool(entry.edit_url)
        for entry in entries
        if entry.content_type.model == "session"
    }
    assert links == {runs.pk: True, helps.pk: False}


def test_a_policy_answers_the_same_for_objects_listed_together_in_one_query(coordinator, django_assert_num_queries):
    other = ProgrammeFactory()
    add_programmes(programme_staff(other, Role.COORDINATOR), 1, 2)
    sessions = list(Session.objects.all())
    alone = {s.pk: session_policy.user_has_permission_for_instance(coordinator, "change", s) for s in sessions}
    assert set(alone.values()) == {True, False}
    listed_together(sessions)
    with django_assert_num_queries(1):
        together = {s.pk: session_policy.user_has_permission_for_instance(coordinator, "change", s) for s in sessions}
    assert together == alone
