"""Percentages in scoped views come from the numbers shown beside them, for every role.

A police advisor sees the officers of their group only: "3 of 3 attended" must say 100 %,
not the whole session's 67 %.
"""

import re

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, ParticipantFactory, ProgrammeFactory, officer, programme_staff
from tests.sessions.factories import SessionFactory, days_ago
from youthcop.programmes.models import ProgrammeStaff
from youthcop.reports.figures import percent
from youthcop.sessions import services

pytestmark = pytest.mark.django_db

SHOWN = re.compile(r"(\d+) of (\d+) attended \((\d+) %\)")
Role = ProgrammeStaff.Role


@pytest.fixture
def session_of_nine():
    return nine_on_the_sheet()


def nine_on_the_sheet():
    """Nine on the sheet: six young people (three attended; two of them registered by the youth
    worker, one attended) and three officers (all attended): 6 of 9 for the whole session."""
    programme = ProgrammeFactory()
    youth_worker = programme_staff(programme, Role.YOUTH_WORKER, organisation=OrganisationFactory())
    session = SessionFactory(programme=programme, starts_at=days_ago(1, hour=9))
    ours = [ParticipantFactory(programme=programme, registered_by=youth_worker) for _ in range(2)]
    others = [ParticipantFactory(programme=programme) for _ in range(4)]
    officers = [officer(programme=programme) for _ in range(3)]
    marks = {p.pk: "present" for p in [ours[0], *others[:2], *officers]}
    marks.update({p.pk: "absent" for p in [ours[1], *others[2:]]})
    services.record_attendance(session, marks, notify=False)
    return {"programme": programme, "session": session, "youth_worker": youth_worker}


EXPECTED = {  # role: (attended, on the sheet) as the role sees them
    Role.COORDINATOR: (6, 9),
    Role.FACILITATOR: (6, 9),
    Role.YOUTH_WORKER: (1, 2),
    Role.POLICE_ADVISOR: (3, 3),
    Role.YOUTH_ADVISOR: (3, 6),
}


@pytest.mark.parametrize(
    "role",
    [
        Role.COORDINATOR,
        Role.FACILITATOR,
        Role.YOUTH_WORKER,
        Role.POLICE_ADVISOR,
        Role.YOUTH_ADVISOR,
    ],
)
def test_the_session_page_computes_its_percentage_from_the_counts_it_shows(client, session_of_nine, role):
    programme = session_of_nine["programme"]
    if role == Role.YOUTH_WORKER:
        user = session_of_nine["youth_worker"]
    else:
        organisation = programme.police_zone if role == Role.POLICE_ADVISOR else None
        user = programme_staff(programme, role, organisation=organisation)
    client.force_login(user)
    html = client.get(reverse("youthcop_admin_sessions:inspect", args=[session_of_nine["session"].pk])).content.decode()
    attended, total, shown_percent = map(int, SHOWN.search(html).groups())
    assert (attended, total) == EXPECTED[role]
    assert shown_percent == round(100 * attended / total)


def test_the_percent_helper_uses_one_base():
    assert percent(4, 9) == 44 and percent(0, 0) is None and percent(3, 3) == 100


@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_attendance_report_is_the_programme_managers_with_rates_from_its_own_counts(client, session_of_nine, role):
    programme = session_of_nine["programme"]
    user = session_of_nine["youth_worker"] if role == Role.YOUTH_WORKER else programme_staff(programme, role)
    client.force_login(user)
    response = client.get(reverse("youthcop_reports:attendance"))
    if role not in (Role.COORDINATOR, Role.FACILITATOR):
        # Refused (Wagtail's permission-denied redirect): reports show whole programmes, to their managers only.
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
        return
    [row] = response.context["object_list"]
    assert (row["attended"], row["on_sheet"], row["rate"]) == (6, 9, 67)
    [summary] = client.get(reverse("youthcop_reports:summary")).context["object_list"]
    assert summary["attendance_rate"] == 67
