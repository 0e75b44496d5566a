"""The programme overview: where a programme opens, what each role sees on it, and its query count."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.certificates.factories import adopt_version
from tests.charters.factories import charter_for
from tests.factories import ParticipantFactory, officer, programme_staff
from tests.sessions.factories import SessionFactory, days_ago
from youthcop.charters.models import Signature
from youthcop.programmes.models import Participant, ProgrammeStaff, Side, SteeringCommitteeMember
from youthcop.sessions.models import AbsenceFlag, Attendance, Session

pytestmark = pytest.mark.django_db
Role = ProgrammeStaff.Role


def overview_url(programme):
    return reverse("youthcop_admin_programmes:inspect", args=[programme.pk])


def page(client, programme):
    response = client.get(overview_url(programme))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html5lib")


def held(programme, days, youth, police):
    """A joint workshop ``days`` ago whose attendance was taken."""
    return SessionFactory(
        programme=programme,
        starts_at=days_ago(days),
        status=Session.Status.HELD,
        attendance_taken_at=days_ago(days),
        attended_youth=youth,
        attended_police=police,
    )


def grow(programme, size, sessions, version):
    """People up to ``size`` (two young people per officer, officers of three services), present at ``sessions``, half signed."""
    units = [Participant.PoliceUnit.COMMUNITY, Participant.PoliceUnit.INTERVENTION, Participant.PoliceUnit.INVESTIGATION]
    start = programme.participants.count()
    people = Participant.objects.bulk_create(
        ParticipantFactory.build(
            programme=programme,
            organisation=programme.police_zone,
            side=Side.POLICE if n % 3 == 0 else Side.YOUTH,
            police_unit=units[n % 9 // 3] if n % 3 == 0 else "",
            date_of_birth=None if n % 3 == 0 else datetime.date(2005, 5, 1),
        )
        for n in range(start, size)
    )
    Attendance.objects.bulk_create(
        Attendance(session=session, participant=person, status=Attendance.Status.PRESENT)
        for session in sessions
        for person in people
    )
    Signature.objects.bulk_create(
        Signature(participant=person, version=version, language="en", text_sha256="0" * 64, typed_name="x")
        for person in people[::2]
    )


def test_the_overview_issues_as_many_queries_at_300_participants_as_at_30(client, programme):
    facilitator = programme_staff(programme, Role.FACILITATOR)
    sessions = [held(programme, days, 10, 5) for days in (60, 30, 7)]
    SessionFactory(programme=programme, starts_at=days_ago(-7))
    charter_for(programme)
    version = adopt_version(programme)
    SteeringCommitteeMember.objects.create(programme=programme, name="Sam Peeters", represents="youth")
    client.force_login(facilitator)
    client.get(overview_url(programme))  # warm the caches (site, permissions)

    def queries_at(size):
        grow(programme, size, sessions, version)
        AbsenceFlag.objects.create(participant=programme.participants.last(), session=sessions[-1])
        with CaptureQueriesContext(connection) as captured:
            soup = page(client, programme)
        for section in ("programme-composition", "programme-sessions", "programme-charter", "programme-certificates"):
            assert soup.select_one(f'[data-youthcop="{section}"]'), section
        assert soup.select_one('[data-youthcop="chart-attendance"]')
        return len(captured)

    at_30 = queries_at(30)
    at_300 = queries_at(300)
    assert at_300 == at_30, (at_30, at_300)


def test_a_programme_opens_on_its_overview_from_the_list(client, programme):
    client.force_login(programme_staff(programme, Role.COORDINATOR))
    soup = BeautifulSoup(client.get(reverse("youthcop_admin_programmes:index")).content, "html5lib")
    link = soup.find("a", string=lambda text: text and text.strip() == programme.name)
    assert link["href"] == overview_url(programme)


def test_saving_a_programme_returns_to_its_overview(client, programme):
    coordinator = programme_staff(programme, Role.COORDINATOR)
    client.force_login(coordinator)
    edit = client.get(reverse("youthcop_admin_programmes:edit", args=[programme.pk]))
    form = edit.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {
        "start_date": programme.start_date.isoformat(),
        "end_date": programme.end_date.isoformat() if programme.end_date else "",
        "police_zone": programme.police_zone_id,
        "partner_organisations": [],
        "staff-TOTAL_FORMS": 1, "staff-INITIAL_FORMS": 1, "staff-MIN_NUM_FORMS": 0, "staff-MAX_NUM_FORMS": 1000,
        "staff-0-id": programme.staff.get().pk, "staff-0-user": coordinator.pk, "staff-0-role": "coordinator",
        "staff-0-ORDER": 1, "staff-0-DELETE": "",
        "steering_members-TOTAL_FORMS": 0, "steering_members-INITIAL_FORMS": 0,
        "steering_members-MIN_NUM_FORMS": 0, "steering_members-MAX_NUM_FORMS": 1000,
    }
    data.pop("reward_description", None)
    response = client.post(reverse("youthcop_admin_programmes:edit", args=[programme.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == overview_url(programme)


def links(soup):
    """The header's links and the overview's action bar's, by their text."""
    found = soup.select("header a[href], [data-youthcop=programme-actions] a[href]")
    return {a.get_text(" ", strip=True): a["href"] for a in found}


def test_the_header_and_the_action_bar_offer_what_the_role_may_do(client, programme):
    client.force_login(programme_staff(programme, Role.COORDINATOR))
    offered = links(page(client, programme))
    assert offered["Edit"] == reverse("youthcop_admin_programmes:edit", args=[programme.pk])
    assert offered["Plan the year"] == reverse("youthcop_admin_sessions:plan", args=[programme.pk])
    assert offered["Calendar"] == reverse("youthcop_admin_sessions:programme_calendar", args=[programme.pk])
    assert offered["Participants"] == reverse("youthcop_admin_participants:index") + f"?programme={programme.pk}"
    assert offered["Register"] == reverse("youthcop_admin_participants:add") + f"?programme={programme.pk}"

    client.force_login(programme_staff(programme, Role.YOUTH_WORKER))
    offered = links(page(client, programme))
    assert "Edit" not in offered and "Plan the year" not in offered
    assert {"Participants", "Register", "Calendar"} <= set(offered)


def test_the_next_session_offers_attendance_to_those_who_run_it(client, programme):
    today = SessionFactory(programme=programme, title="Workshop 4", starts_at=timezone.now() + datetime.timedelta(minutes=5))
    SessionFactory(programme=programme, title="Workshop 3", starts_at=days_ago(14))  # attendance never taken

    client.force_login(programme_staff(programme, Role.FACILITATOR))
    section = page(client, programme).select_one('[data-youthcop="programme-sessions"]')
    assert "Workshop 4" in section.get_text()
    button = section.select_one('[data-youthcop="take-attendance"]')
    assert button["href"] == reverse("youthcop_admin_sessions:attendance", args=[today.pk])
    assert "Workshop 3" in section.select_one('[data-youthcop="attendance-not-taken"]').get_text()

    client.force_login(programme_staff(programme, Role.YOUTH_WORKER))
    section = page(client, programme).select_one('[data-youthcop="programme-sessions"]')
    assert "Workshop 4" in section.get_text()
    assert not section.select_one('[data-youthcop="take-attendance"]')


def test_the_attendance_chart_draws_each_session_by_side_with_a_table(client, programme):
    held(programme, 30, youth=12, police=5)
    SessionFactory(programme=programme, starts_at=days_ago(-20))
    client.force_login(programme_staff(programme, Role.FACILITATOR))
    figure = page(client, programme).select_one('[data-youthcop="chart-attendance"]')
    svg = figure.select_one("svg[role=img]")
    assert svg.title.get_text() == "Attendance per session, by side"
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in figure.select("table tbody tr")]
    assert [row[1:] for row in rows] == [["12", "5"], ["Attendance not taken yet"]]
    assert not figure.select("[style]")


def test_the_steering_committee_is_checked_against_the_four_groups(client, programme):
    for name, represents in [("Sam Peeters", "youth"), ("Insp. Dubois", "police"), ("Ana Lopes", "municipality")]:
        SteeringCommitteeMember.objects.create(programme=programme, name=name, represents=represents)
    client.force_login(programme_staff(programme, Role.COORDINATOR))
    committee = page(client, programme).select_one('[data-youthcop="steering-committee"]')
    rows = {row["data-group"]: row.td.get_text(strip=True) for row in committee.select("tr")}
    assert rows == {
        "youth": "Sam Peeters",
        "police": "Insp. Dubois",
        "youth_work": "Missing",
        "facilitation": "Missing",
        "municipality": "Ana Lopes",
    }
    warnings = [p.get_text(strip=True) for p in committee.select(".help-warning")]
    assert warnings == [
        "No one represents this group on the steering committee: Youth work.",
        "No one represents this group on the steering committee: Facilitation.",
    ]

    # Police staff know a young representative by first name and initial, as in the workshop.
    police_staff = programme_staff(programme, Role.FACILITATOR, organisation=programme.police_zone)
    client.force_login(police_staff)
    committee = page(client, programme).select_one('[data-youthcop="steering-committee"]')
    assert committee.select_one('[data-group="youth"] td').get_text(strip=True) == "Sam P."


def test_officers_of_one_service_only_are_warned_about(client, programme):
    for _ in range(3):
        officer(programme=programme)
    client.force_login(programme_staff(programme, Role.COORDINATOR))
    section = page(client, programme).select_one('[data-youthcop="programme-composition"]')
    assert section.select_one('[data-youthcop="police-units"]').get_text(strip=True) == "Community policing: 3"
    assert "officers of different services, not only community officers" in section.get_text()

    Participant.objects.filter(pk=programme.participants.first().pk).update(police_unit="investigation")
    section = page(client, programme).select_one('[data-youthcop="programme-composition"]')
    assert "different services" not in section.get_text()


def test_a_youth_worker_sees_counts_not_other_youth_workers_young_people(client, programme):
    other_worker = programme_staff(programme, Role.YOUTH_WORKER)
    ParticipantFactory(programme=programme, first_name="Zinedine", last_name="Othersyoung", registered_by=other_worker)
    ParticipantFactory(
        programme=programme, last_name="Minorwaiting", status=Participant.Status.AWAITING_CONSENT, registered_by=other_worker
    )
    client.force_login(programme_staff(programme, Role.YOUTH_WORKER))
    soup = page(client, programme)
    text = soup.get_text()
    assert "Othersyoung" not in text and "Minorwaiting" not in text
    assert soup.select_one('[data-youthcop="youth"]').get_text() == "2"
    assert "1 place reserved awaiting guardian consent" in text
    assert not soup.select('[data-youthcop="programme-charter"], [data-youthcop="programme-certificates"]')
