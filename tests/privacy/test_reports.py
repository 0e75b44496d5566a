"""Anonymous reports: figures per programme and across programmes, exportable, for those who run them."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from tests.certificates.factories import held_sessions
from tests.factories import ProgrammeFactory, add_staff, enrol_participant, officer, programme_staff
from tests.privacy.conftest import Role
from tests.privacy.factories import live_through
from youthcop.reports import figures
from youthcop.privacy.erasure import anonymise_participant
from youthcop.programmes import services
from youthcop.programmes.models import Participant, Programme
from youthcop.sessions.models import Attendance

pytestmark = pytest.mark.django_db

REPORT_NAMES = ["summary", "retention", "attendance"]


def report_url(name, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse(f"youthcop_reports:{name}") + (f"?{query}" if query else "")


def refused(response):
    """Wagtail answers PermissionDenied in the admin with a redirect to the dashboard."""
    return (response.status_code, response.get("Location")) in ((403, None), (302, reverse("wagtailadmin_home")))


def csv_rows(response):
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


@pytest.fixture
def lived(traces):
    live_through(traces)
    return traces


def test_the_summary_counts_sides_signatures_and_certificates(client, lived):
    client.force_login(lived["staff"][Role.COORDINATOR])
    rows = csv_rows(client.get(report_url("summary", export="csv")))
    assert len(rows) == 1, "only the coordinator's programme"
    row = rows[0]
    assert row["Programme"] == "Second Wave North"
    assert (row["Young people in the group"], row["Officers in the group"]) == ("1", "1")
    assert (row["Young people who signed the charter"], row["Officers who signed the charter"]) == ("1", "1")
    assert (row["Sessions held"], row["Attendance (%)"]) == ("3", "100")
    assert (row["Certificates, young people"], row["Certificates, officers"]) == ("1", "0")


def test_reports_hold_no_names_in_any_format(client, lived):
    client.force_login(lived["staff"][Role.COORDINATOR])
    for name in REPORT_NAMES:
        page = client.get(report_url(name))
        assert page.status_code == 200
        exported = b"".join(client.get(report_url(name, export="csv")).streaming_content)
        workbook = load_workbook(io.BytesIO(client.get(report_url(name, export="xlsx")).getvalue()))
        cells = " ".join(str(c.value) for sheet in workbook for r in sheet.iter_rows() for c in r)
        for text in (page.content.decode(), exported.decode(), cells):
            assert "Second Wave North" in text
            for personal in ("Zephyrine", "Quackenbush", "Barnabus", "Whitfield", "example.net"):
                assert personal not in text


def table(response):
    """The report's HTML table as ``{heading: [cell, …]}``."""
    soup = BeautifulSoup(response.content, "html.parser").find(id="listing-results").find("table")
    headings = [" ".join(th.get_text().split()) for th in soup.find("thead").find_all("th")]
    rows = [[" ".join(td.get_text().split()) for td in tr.find_all("td")] for tr in soup.find("tbody").find_all("tr")]
    return {heading: [row[i] for row in rows] for i, heading in enumerate(headings)}


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_the_page_shows_what_the_export_holds(client, lived, name):
    client.force_login(lived["staff"][Role.COORDINATOR])
    exported = csv_rows(client.get(report_url(name, export="csv")))
    shown = table(client.get(report_url(name)))
    assert exported and shown
    for heading, cells in shown.items():
        assert len(cells) == len(exported)
        if heading in ("Young people in the group", "Officers in the group", "Attendance (%)", "Month", "Attended",
                       "Young people in the group at the month's end", "Young people who attended"):
            assert cells == [shown_as(heading, row[heading]) for row in exported], heading


def shown_as(heading, exported):
    """An exported value as the page shows it: a month by name, a dash for nothing."""
    if heading == "Month":
        return formats.date_format(datetime.date.fromisoformat(f"{exported}-01"), "YEAR_MONTH_FORMAT")
    return exported or "—"


def test_retention_follows_the_group_month_by_month(client, db):
    start = (timezone.localdate() - datetime.timedelta(days=75)).replace(day=1)
    programme = ProgrammeFactory(start_date=start)
    coordinator = programme_staff(programme, Role.COORDINATOR)
    staying = enrol_participant(programme).participant
    leaving = enrol_participant(programme).participant
    enrol_participant(programme, side="police")
    enrol_participant(programme, minor=True, paper_consent={"participation": False})  # refused: never in the group
    services.withdraw(leaving, by=coordinator, reason="moved away")
    client.force_login(coordinator)
    rows = csv_rows(client.get(report_url("retention", export="csv")))
    months = [row["Month"] for row in rows]
    assert months[0] == f"{start:%Y-%m}" and months[-1] == f"{timezone.localdate():%Y-%m}"
    last = rows[-1]
    assert (last["Young people in the group at the month's end"], last["Officers in the group at the month's end"]) == ("1", "1")
    assert last["Young people who left"] == "1"
    assert staying.status == Participant.Status.ENROLLED


def test_attendance_per_session(client, people):
    programme = people["programme"]
    sessions = held_sessions(programme, 2)
    Attendance.objects.create(session=sessions[0], participant=people["young"], status=Attendance.Status.PRESENT)
    Attendance.objects.create(session=sessions[0], participant=people["officer"], status=Attendance.Status.ABSENT)
    client.force_login(people["staff"][Role.FACILITATOR])
    rows = csv_rows(client.get(report_url("attendance", export="csv")))
    by_title = {row["Session"]: row for row in rows}
    first = by_title[sessions[0].title]
    assert (first["Expected"], first["Attended"], first["Attendance (%)"]) == ("2", "1", "50")
    assert by_title[sessions[1].title]["Attendance (%)"] == ""


def test_figures_survive_anonymisation(client, lived):
    Programme.objects.filter(pk=lived["programme"].pk).update(status=Programme.Status.COMPLETED)
    client.force_login(lived["staff"][Role.COORDINATOR])
    before = csv_rows(client.get(report_url("summary", export="csv")))
    for participant in (lived["young"], lived["officer"]):
        anonymise_participant(participant)
    after = csv_rows(client.get(report_url("summary", export="csv")))
    assert after == before


def test_per_programme_and_across_programmes(client, people):
    coordinator = people["staff"][Role.COORDINATOR]
    second = ProgrammeFactory(name="Second Wave East")
    add_staff(second, coordinator, Role.COORDINATOR)
    officer(programme=second)
    client.force_login(coordinator)
    across = csv_rows(client.get(report_url("summary", export="csv")))
    assert {row["Programme"] for row in across} == {"Second Wave North", "Second Wave East"}
    one = csv_rows(client.get(report_url("summary", export="csv", programme=second.pk)))
    assert [row["Programme"] for row in one] == ["Second Wave East"]
    # A programme the coordinator does not run cannot be chosen.
    other = csv_rows(client.get(report_url("summary", export="csv", programme=people["other"].pk)))
    assert "Second Wave South" not in {row["Programme"] for row in other}


@pytest.mark.parametrize("who", [Role.YOUTH_WORKER, Role.YOUTH_ADVISOR, Role.POLICE_ADVISOR])
def test_reports_are_refused_to_those_who_do_not_run_a_programme(client, people, who):
    client.force_login(people["staff"][who])
    for name in REPORT_NAMES:
        for url in (report_url(name), report_url(name, export="csv"), reverse(f"youthcop_reports:{name}_results")):
            assert refused(client.get(url))
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert report_url("summary") not in menu


def test_the_reports_menu_shows_to_coordinators(client, people):
    client.force_login(people["staff"][Role.COORDINATOR])
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    for name in REPORT_NAMES:
        assert report_url(name) in menu


def test_anonymous_visitors_go_to_the_login(client, db):
    for name in REPORT_NAMES:
        assert client.get(report_url(name)).status_code == 302


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_report_queries_do_not_grow_with_rows(client, people, name, django_assert_max_num_queries):
    coordinator = people["staff"][Role.COORDINATOR]
    client.force_login(coordinator)

    def grow(n):
        for _ in range(n):
            programme = ProgrammeFactory(start_date=timezone.localdate() - datetime.timedelta(days=200))
            add_staff(programme, coordinator, Role.COORDINATOR)
            for session in held_sessions(programme, 2):
                for person in (enrol_participant(programme).participant, officer(programme=programme)):
                    Attendance.objects.create(session=session, participant=person, status=Attendance.Status.PRESENT)

    def queries(url):
        with django_assert_max_num_queries(60) as counted:
            response = client.get(url)
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)
        return len(counted.captured_queries)

    grow(1)
    client.get(report_url(name))
    small_page, small_export = queries(report_url(name)), queries(report_url(name, export="csv"))
    grow(6)
    assert queries(report_url(name)) <= small_page
    assert queries(report_url(name, export="csv")) <= small_export


def test_months_of_a_programme():
    months = figures.month_ends(datetime.date(2026, 1, 15), datetime.date(2026, 3, 2))
    assert months == [
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)),
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
    ]
