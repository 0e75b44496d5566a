"""The year planner: every kind in one pass, numbered, within the programme's dates."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from tests.factories import ProgrammeFactory, programme_staff
from tests.sessions.factories import SessionFactory, brussels
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions import services
from youthcop.sessions.models import Session, SessionKind

pytestmark = pytest.mark.django_db

START, END = datetime.date(2030, 9, 1), datetime.date(2031, 6, 30)
KINDS = ["joint_workshop", "youth_preparation", "police_briefing", "steering_committee"]


@pytest.fixture
def school_year():
    return ProgrammeFactory(start_date=START, end_date=END)


@pytest.fixture
def planner(client, school_year):
    user = programme_staff(school_year, ProgrammeStaff.Role.FACILITATOR)
    client.force_login(user)
    return user


def plan_url(programme):
    return reverse("youthcop_admin_sessions:plan", args=[programme.pk])


def form_values(soup):
    """What the browser would post for the page's form as it stands."""
    values = {}
    for field in soup.select("form input[name], form select[name], form textarea[name]"):
        name = field["name"]
        if field.name == "select":
            option = field.select_one("option[selected]") or field.select_one("option")
            values[name] = option.get("value", "") if option else ""
        elif field.name == "textarea":
            values[name] = field.get_text()
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                values.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") not in ("submit", "button"):
            values[name] = field.get("value", "")
    values.pop("csrfmiddlewaretoken", None)
    return values


def defaults(client, programme):
    response = client.get(plan_url(programme))
    assert response.status_code == 200
    return form_values(BeautifulSoup(response.content, "html5lib"))


def only(values, *kinds):
    """``values`` with every section but ``kinds`` switched off."""
    values = dict(values)
    for kind in KINDS:
        if kind not in kinds:
            values.pop(f"{kind}-enabled", None)
    return values


def test_one_pass_plans_every_kind_with_numbered_titles_and_the_meal_for_workshops(client, school_year, planner):
    SessionFactory(programme=school_year, title="Kick-off workshop", starts_at=brussels(2030, 9, 2))
    values = defaults(client, school_year)
    # One section per kind, each switched on, starting on the programme's first day.
    assert {f"{kind}-enabled" for kind in KINDS} <= set(values)
    assert values["joint_workshop-first_date"] == "2030-09-01"
    assert values["joint_workshop-shared_meal"] == ["on"]
    assert "youth_preparation-shared_meal" not in values

    preview = client.post(plan_url(school_year), {**values, "confirm": "preview"})
    soup = BeautifulSoup(preview.content, "html5lib")
    for kind in KINDS:
        assert soup.select(f"[data-youthcop=preview-{kind}] tbody tr"), kind
    assert "Workshop 2" in soup.select_one("[data-youthcop=preview-joint_workshop]").get_text()
    assert Session.objects.count() == 1 and not mail.outbox

    response = client.post(plan_url(school_year), {**values, "confirm": "create"})
    assert response.status_code == 302
    sessions = list(school_year.sessions.exclude(title="Kick-off workshop").order_by("starts_at"))
    by_kind = {kind: [s for s in sessions if s.kind == kind] for kind in KINDS}
    assert all(by_kind[kind] for kind in KINDS)
    # Ten second Wednesdays from September to June: numbered after the workshop already there.
    assert [s.title for s in by_kind["joint_workshop"]] == [f"Workshop {n}" for n in range(2, 12)]
    assert [s.title for s in by_kind["youth_preparation"]][:2] == ["Youth preparation 1", "Youth preparation 2"]
    assert all(s.shared_meal for s in by_kind["joint_workshop"])
    assert not any(s.shared_meal for s in sessions if s.kind != SessionKind.JOINT_WORKSHOP)
    assert all(START <= s.scheduled_on <= END for s in sessions)
    assert AuditLogEntry.objects.filter(action="youthcop.schedule.generated").count() == 1
    # Running it again duplicates nothing.
    client.post(plan_url(school_year), {**values, "confirm": "create"})
    assert school_year.sessions.count() == len(sessions) + 1


def test_nothing_is_planned_after_the_programmes_end_and_the_preview_says_how_many_fewer(
    client, school_year, planner
):
    values = only(defaults(client, school_year), "joint_workshop")
    values["joint_workshop-count"] = "12"  # only ten second Wednesdays fit before 30 June 2031
    soup = BeautifulSoup(client.post(plan_url(school_year), {**values, "confirm": "preview"}).content, "html5lib")
    warning = soup.select_one("[data-youthcop=beyond-end]").get_text(" ", strip=True)
    assert "2 sessions fewer than the 12 asked" in warning
    assert len(soup.select("[data-youthcop=preview-joint_workshop] tbody tr")) == 10
    assert "2031" in warning and "July" not in soup.select_one("[data-youthcop=preview]").get_text()

    client.post(plan_url(school_year), {**values, "confirm": "create"})
    assert school_year.sessions.count() == 10
    assert max(s.scheduled_on for s in school_year.sessions.all()) == datetime.date(2031, 6, 11)


def test_a_first_date_before_the_start_plans_from_the_programmes_first_day(client, school_year, planner):
    values = only(defaults(client, school_year), "youth_preparation")
    values.update({"youth_preparation-first_date": "2030-06-01", "youth_preparation-count": "3"})
    soup = BeautifulSoup(client.post(plan_url(school_year), {**values, "confirm": "preview"}).content, "html5lib")
    assert "before the programme starts" in soup.select_one("[data-youthcop=preview-youth_preparation]").get_text()
    client.post(plan_url(school_year), {**values, "confirm": "create"})
    # First Wednesdays: none lost in June–August, all three from September on.
    assert [s.scheduled_on for s in school_year.sessions.all()] == [
        datetime.date(2030, 9, 4),
        datetime.date(2030, 10, 2),
        datetime.date(2030, 11, 6),
    ]


def test_skipped_dates_are_passed_over_for_every_kind(client, school_year, planner):
    values = only(defaults(client, school_year), "joint_workshop", "police_briefing")
    values.update(
        {
            "joint_workshop-count": "3",
            "police_briefing-count": "3",
            "skip_dates": "2030-10-09\n2030-10-01",  # a second Wednesday, a first Tuesday
        }
    )
    soup = BeautifulSoup(client.post(plan_url(school_year), {**values, "confirm": "preview"}).content, "html5lib")
    assert "9 October 2030" in soup.select_one("[data-youthcop=preview-joint_workshop]").get_text()
    client.post(plan_url(school_year), {**values, "confirm": "create"})
    workshops = school_year.sessions.filter(kind="joint_workshop").values_list("scheduled_on", flat=True)
    briefings = school_year.sessions.filter(kind="police_briefing").values_list("scheduled_on", flat=True)
    assert list(workshops) == [datetime.date(2030, 9, 11), datetime.date(2030, 11, 13), datetime.date(2030, 12, 11)]
    assert datetime.date(2030, 10, 1) not in briefings and len(briefings) == 3


def test_a_section_switched_off_plans_nothing_and_does_not_block_the_others(client, school_year, planner):
    values = only(defaults(client, school_year), "steering_committee")
    values["joint_workshop-first_date"] = "not a date"
    response = client.post(plan_url(school_year), {**values, "confirm": "create"})
    assert response.status_code == 302
    assert set(school_year.sessions.values_list("kind", flat=True)) == {"steering_committee"}
    # Every three months on the first Thursday, from September: Sep, Dec, Mar, Jun.
    assert school_year.sessions.count() == 4


def test_a_switched_on_section_with_a_missing_field_says_so(client, school_year, planner):
    values = only(defaults(client, school_year), "joint_workshop")
    values["joint_workshop-start_time"] = ""
    response = client.post(plan_url(school_year), {**values, "confirm": "create"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Session.objects.exists()


def test_another_programmes_planner_answers_404(client, school_year, planner):
    assert client.get(plan_url(ProgrammeFactory())).status_code == 404


def test_numbering_continues_after_the_sessions_of_the_same_kind():
    programme = ProgrammeFactory(start_date=START, end_date=END)
    SessionFactory.create_batch(2, programme=programme, kind=SessionKind.POLICE_BRIEFING)
    rule = services.ScheduleRule(
        kind=SessionKind.POLICE_BRIEFING, title="Briefing", numbered=True, first_date=START, count=2,
        weekday=1, nth=1, start_time=datetime.time(14), end_time=datetime.time(15),
    )
    assert [s.title for s in services.create_plan(programme, [rule])] == ["Briefing 3", "Briefing 4"]


def test_a_programme_already_over_plans_nothing_by_default(client, planner):
    over = ProgrammeFactory(start_date=datetime.date(2020, 9, 1), end_date=datetime.date(2021, 6, 30))
    programme_staff(over, ProgrammeStaff.Role.FACILITATOR)
    client.force_login(over.staff.get().user)
    values = defaults(client, over)
    assert not any(f"{kind}-enabled" in values for kind in KINDS)
