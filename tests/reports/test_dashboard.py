"""Each role's dashboard: what they must do next, for current programmes only, within their scope.

Every panel runs the same number of queries with few and many rows.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.charters.factories import charter_for
from tests.factories import (
    OrganisationFactory,
    ParticipantFactory,
    PoliceZoneFactory,
    ProgrammeFactory,
    add_staff,
    enrol_participant,
    programme_staff,
)
from tests.sessions.factories import SessionFactory, days_ago, make_group
from youthcop.charters import services as charters
from youthcop.charters.models import Proposal
from youthcop.charters.viewsets import charter_viewset
from youthcop.privacy import notes
from youthcop.programmes import services as programmes
from youthcop.programmes.models import Participant, Programme, ProgrammeStaff, Side
from youthcop.sessions import services as sessions
from youthcop.sessions.models import SessionKind

pytestmark = pytest.mark.django_db
Role = ProgrammeStaff.Role
HOME = reverse("wagtailadmin_home")


def dashboard(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html5lib")


def text_of(soup, name):
    found = soup.select_one(f"[data-youthcop={name}]")
    return found.get_text(" ", strip=True) if found else ""


def links_of(soup, name):
    found = soup.select_one(f"[data-youthcop={name}]")
    return [a["href"] for a in found.select("a[href]")] if found else []


def end_programme(programme, how):
    if how == "completed":
        programme.status = Programme.Status.COMPLETED
    elif how == "archived":
        programme.status = Programme.Status.ARCHIVED
    else:  # its end date passed, its status never changed
        programme.start_date = timezone.localdate() - datetime.timedelta(days=400)
        programme.end_date = timezone.localdate() - datetime.timedelta(days=35)
    programme.save()


def absent_twice(programme):
    """Two held sessions in a row that nobody attended: every participant of ``programme`` is flagged."""
    for days in (30, 10):
        sessions.record_attendance(SessionFactory(programme=programme, starts_at=days_ago(days)), {}, notify=False)


# --- Youth worker ---------------------------------------------------------------------------------------


@pytest.fixture
def worker(programme):
    return programme_staff(programme, Role.YOUTH_WORKER)


def test_youth_worker_sees_the_consents_awaited_the_nearest_deadline_first(client, programme, worker):
    later = enrol_participant(programme, registered_by=worker, minor=True, first_name="Later").participant
    sooner = enrol_participant(programme, registered_by=worker, minor=True, first_name="Sooner").participant
    Participant.objects.filter(pk=sooner.pk).update(reserved_until=timezone.now() + datetime.timedelta(hours=30))
    enrol_participant(programme, minor=True, first_name="Someoneelses")  # another youth worker's

    soup = dashboard(client, worker)
    awaited = soup.select_one("[data-youthcop=consents-awaited]")
    names = [li.a.get_text(strip=True) for li in awaited.select("li")]
    assert names == [sooner.full_name, later.full_name]
    assert awaited.select_one("li [data-youthcop=deadline-near]")  # the first one's place goes soon
    assert len(awaited.select("[data-youthcop=deadline-near]")) == 1
    first = awaited.select_one("li")
    assert first.select_one("[data-youthcop=record-consent]")["href"] == reverse(
        "youthcop_admin_participants:consent", args=[sooner.pk]
    )
    resend = reverse("youthcop_admin_participants:resend_guardian_request", args=[sooner.pk])
    assert first.select_one("[data-youthcop=resend-guardian-request]")["href"] == f"{resend}?next=/admin/"
    assert "2 guardian consents awaited" in text_of(soup, "dashboard-youth-worker")


def test_youth_worker_sees_the_personal_links_still_to_give(client, programme, worker):
    given = ParticipantFactory(programme=programme, registered_by=worker, first_name="Given")
    waiting = ParticipantFactory(programme=programme, registered_by=worker, first_name="Notyet")
    revoked = ParticipantFactory(programme=programme, registered_by=worker, first_name="Revoked")
    programmes.issue_link(given)
    programmes.issue_link(revoked)
    programmes.revoke_links(revoked)

    soup = dashboard(client, worker)
    to_give = text_of(soup, "links-to-give")
    assert "Notyet" in to_give and "Revoked" in to_give and "Given" not in to_give
    assert reverse("youthcop_admin_participants:link", args=[waiting.pk]) in links_of(soup, "links-to-give")


def test_youth_worker_sees_the_absence_flags_of_their_young_people_only(client, programme, worker):
    mine = ParticipantFactory(programme=programme, registered_by=worker, first_name="Followed")
    ParticipantFactory(programme=programme, first_name="Notmine")
    absent_twice(programme)

    soup = dashboard(client, worker)
    flags = text_of(soup, "absence-flags")
    assert "Followed" in flags and "Notmine" not in flags
    assert reverse("youthcop_admin_participants:inspect", args=[mine.pk]) in links_of(soup, "absence-flags")
    assert soup.select_one("[data-youthcop=absence-flags] form")["action"].startswith("/admin/youthcop/sessions/")


def test_a_youth_worker_of_a_partner_organisation_sees_its_young_people(client, programme):
    organisation = OrganisationFactory()
    programme.partner_organisations.add(organisation)
    colleague = programme_staff(programme, Role.YOUTH_WORKER, organisation=organisation)
    partner_worker = programme_staff(ProgrammeFactory(), Role.YOUTH_WORKER, organisation=organisation)
    ParticipantFactory(programme=programme, registered_by=colleague, first_name="Colleagues")

    assert "Colleagues" in text_of(dashboard(client, partner_worker), "links-to-give")


# --- Facilitator ----------------------------------------------------------------------------------------


def test_facilitator_takes_attendance_of_todays_session_from_the_dashboard(client, programme, facilitator):
    under_way = timezone.now() - datetime.timedelta(minutes=10)  # attendance is open, whatever the hour
    today = SessionFactory(programme=programme, title="Today's workshop", starts_at=under_way)
    SessionFactory(programme=programme, title="Next week", starts_at=days_ago(-7))

    soup = dashboard(client, facilitator)
    assert "Today's workshop" in text_of(soup, "next-sessions") and "Next week" not in text_of(soup, "next-sessions")
    button = soup.select_one("[data-youthcop=next-sessions] [data-youthcop=take-attendance]")
    assert button["href"] == reverse("youthcop_admin_sessions:attendance", args=[today.pk])


def test_a_next_session_in_the_future_has_no_attendance_button_yet(client, programme, facilitator):
    SessionFactory(programme=programme, title="Next week", starts_at=days_ago(-7))
    SessionFactory(programme=programme, title="Cancelled", starts_at=days_ago(-2), status="cancelled")

    soup = dashboard(client, facilitator)
    assert "Next week" in text_of(soup, "next-sessions") and "Cancelled" not in text_of(soup, "next-sessions")
    assert soup.select_one("[data-youthcop=take-attendance]") is None


def test_facilitator_sees_the_sessions_held_without_attendance(client, programme, facilitator):
    make_group(programme, youth=2, police=1)
    missing = SessionFactory(programme=programme, title="Forgotten", starts_at=days_ago(5))
    sessions.record_attendance(SessionFactory(programme=programme, title="Taken", starts_at=days_ago(12)), {})
    SessionFactory(programme=programme, title="Steering", kind=SessionKind.STEERING_COMMITTEE, starts_at=days_ago(3))

    soup = dashboard(client, facilitator)
    listed = text_of(soup, "attendance-missing")
    assert "Forgotten" in listed and "Taken" not in listed and "Steering" not in listed
    assert reverse("youthcop_admin_sessions:attendance", args=[missing.pk]) in links_of(soup, "attendance-missing")


def test_facilitator_sees_the_charter_proposals_to_answer(client, programme, facilitator):
    author = ParticipantFactory(programme=programme, first_name="Author")
    open_one = Proposal.objects.create(programme=programme, author=author, text="We commit to listen.")
    Proposal.objects.create(programme=programme, author=author, text="Already declined", status=Proposal.Status.DECLINED)

    soup = dashboard(client, facilitator)
    listed = text_of(soup, "proposals-to-answer")
    assert "We commit to listen." in listed and "Author" in listed and "Already declined" not in listed
    assert links_of(soup, "proposals-to-answer") == [reverse("youthcop_admin_proposals:edit", args=[open_one.pk])]


def test_facilitator_sees_who_has_not_signed_the_current_charter(client, programme, facilitator):
    signer, unsigned = ParticipantFactory(programme=programme), ParticipantFactory(programme=programme, first_name="Unsigned")
    charter = charter_for(programme)
    version = charters.adopt_charter(charter, by=facilitator, invite=False)
    charters.sign(signer, version, typed_name=signer.full_name, language="en", method="online", ip=None, user_agent="")

    soup = dashboard(client, facilitator)
    listed = text_of(soup, "unsigned")
    assert "Unsigned" in listed and signer.full_name not in listed and "version 1" in listed
    in_person = reverse(charter_viewset.get_url_name("in_person"), args=[charter.pk, unsigned.pk])
    assert links_of(soup, "unsigned") == [in_person]
    assert soup.select_one("[data-youthcop=signatures]")["href"] == reverse(
        charter_viewset.get_url_name("signatures"), args=[charter.pk]
    )


def test_before_a_charter_is_adopted_nobody_is_listed_as_unsigned(client, programme, facilitator):
    ParticipantFactory(programme=programme)
    charter_for(programme)
    assert dashboard(client, facilitator).select_one("[data-youthcop=unsigned]") is None


# --- Coordinator ----------------------------------------------------------------------------------------


@pytest.fixture
def coordinator(programme):
    return programme_staff(programme, Role.COORDINATOR)


def test_coordinator_sees_composition_warnings_linked_to_the_programme(client, programme, coordinator):
    make_group(programme, youth=4, police=2)

    soup = dashboard(client, coordinator)
    assert "fewer than the 25 the method asks for" in text_of(soup, "composition-warnings")
    assert soup.select_one("[data-youthcop=programme-overview]")["href"] == reverse(
        "youthcop_admin_programmes:inspect", args=[programme.pk]
    )


def test_coordinator_sees_places_free_while_people_wait(client, programme, coordinator):
    make_group(programme, youth=17, police=9)
    for _ in range(2):
        ParticipantFactory(programme=programme, status=Participant.Status.WAITING, waiting_since=timezone.now())

    soup = dashboard(client, coordinator)
    assert "Young people: 1 place free — 2 people waiting" in text_of(soup, "places-free")
    assert soup.select_one("[data-youthcop=waiting-list]")["href"] == (
        reverse("youthcop_admin_participants:index") + f"?programme={programme.pk}&status=waiting"
    )


def police_officer(programme, unit):
    return ParticipantFactory(
        programme=programme, side=Side.POLICE, date_of_birth=None, organisation=programme.police_zone, police_unit=unit
    )


def balanced_group(programme):
    """18 young people and 9 officers of three services: nothing for the method to warn about."""
    make_group(programme, youth=18, police=0)
    for unit in ["community"] * 3 + ["intervention"] * 3 + ["investigation"] * 3:
        police_officer(programme, unit)


def test_a_place_offered_and_not_yet_answered_is_not_free(client, programme, coordinator):
    make_group(programme, youth=17, police=9)
    ParticipantFactory(
        programme=programme, status=Participant.Status.OFFERED, offer_expires_at=timezone.now() + datetime.timedelta(days=2)
    )
    ParticipantFactory(programme=programme, status=Participant.Status.WAITING, waiting_since=timezone.now())

    assert dashboard(client, coordinator).select_one("[data-youthcop=places-free]") is None


def test_a_complete_balanced_group_leaves_the_coordinator_nothing_to_do_but_its_overview_is_one_click_away(
    client, programme, coordinator
):
    balanced_group(programme)
    ParticipantFactory(programme=programme, status=Participant.Status.WAITING, waiting_since=timezone.now())

    soup = dashboard(client, coordinator)
    assert soup.select_one("[data-youthcop=composition-warnings]") is None
    assert soup.select_one("[data-youthcop=places-free]") is None
    assert "Complete and balanced" in text_of(soup, "dashboard-coordinator")
    link = soup.select_one("[data-youthcop=coordinator-programme] [data-youthcop=programme-overview]")
    assert link["href"] == reverse("youthcop_admin_programmes:inspect", args=[programme.pk])


def test_the_dashboard_warns_as_the_programme_overview_does(programme):
    """The dashboard counts every programme in one query; its warnings are the overview's, word for word."""
    from youthcop.programmes.composition import composition, compositions_of

    make_group(programme, youth=5, police=2)
    police_officer(programme, "")
    full = ProgrammeFactory()
    balanced_group(full)
    results = compositions_of([programme, full])
    for each in (programme, full):
        assert results[each.pk].warnings == composition(each).warnings
    assert results[full.pk].warnings == []


# --- Confidential advisor -------------------------------------------------------------------------------


def test_advisor_sees_their_group_and_their_notes(client, programme):
    advisor = programme_staff(programme, Role.YOUTH_ADVISOR)
    young, officers = make_group(programme, youth=2, police=1)
    notes.add_note(young[0], text="Talked after the workshop.", by=advisor)
    notes.add_note(young[0], text="Second talk.", by=advisor)

    soup = dashboard(client, advisor)
    group = soup.select_one("[data-youthcop=advised-group]")
    rows = {tr.td.get_text(strip=True): tr.get_text(" ", strip=True) for tr in group.select("tbody tr")}
    assert set(rows) == {young[0].full_name, young[1].full_name}  # not the officer: another advisor's group
    assert "2 notes, the last on" in rows[young[0].full_name]
    assert "Talked after" not in group.get_text()  # counts only: reading a note is logged, the dashboard reads none
    assert reverse("youthcop_admin_privacy:notes", args=[young[1].pk]) in links_of(soup, "advised-group")
    assert soup.select_one("[data-youthcop=open-group]")["href"] == (
        reverse("youthcop_admin_participants:index") + f"?programme={programme.pk}&side=youth"
    )


def test_police_advisor_sees_the_officers_only(client, programme):
    advisor = programme_staff(programme, Role.POLICE_ADVISOR, organisation=programme.police_zone)
    young, officers = make_group(programme, youth=2, police=1)

    group = text_of(dashboard(client, advisor), "advised-group")
    assert officers[0].full_name in group and young[0].last_name not in group


# --- Several roles, ended programmes, scope -------------------------------------------------------------


def test_a_user_with_several_roles_sees_each_panel(client, programme):
    user = programme_staff(programme, Role.COORDINATOR)
    add_staff(programme, user, Role.FACILITATOR)
    add_staff(ProgrammeFactory(), user, Role.YOUTH_ADVISOR)

    soup = dashboard(client, user)
    assert soup.select_one("[data-youthcop=dashboard-coordinator]")
    assert soup.select_one("[data-youthcop=dashboard-facilitator]")
    assert soup.select_one("[data-youthcop=dashboard-advisor]")
    assert soup.select_one("[data-youthcop=dashboard-youth-worker]") is None


def test_a_superuser_runs_every_current_programme(client, programme):
    from tests.factories import UserFactory

    make_group(programme, youth=2, police=1)
    SessionFactory(programme=programme, title="Forgotten", starts_at=days_ago(5))
    ended = ProgrammeFactory(name="Ended long ago")
    make_group(ended, youth=1, police=0)
    end_programme(ended, "completed")

    soup = dashboard(client, UserFactory(is_superuser=True))
    assert "Forgotten" in text_of(soup, "attendance-missing")
    assert programme.name in text_of(soup, "dashboard-coordinator")
    assert "Ended long ago" not in soup.get_text()
    assert soup.select_one("[data-youthcop=dashboard-youth-worker]") is None  # a role they do not hold
    assert soup.select_one("[data-youthcop=dashboard-advisor]") is None  # notes are the advisors' only


def test_a_user_without_a_role_in_a_current_programme_sees_no_panel(client, programme):
    user = programme_staff(programme, Role.FACILITATOR)
    end_programme(programme, "completed")
    assert dashboard(client, user).select_one("[data-youthcop^=dashboard-]") is None


@pytest.mark.parametrize("how", ["completed", "archived", "end date past"])
def test_an_ended_programme_shows_nothing(client, programme, how):
    """Last year's absence flags, consents, links, sessions, proposals and warnings leave the dashboard."""
    worker = programme_staff(programme, Role.YOUTH_WORKER)
    facilitator = programme_staff(programme, Role.FACILITATOR)
    coordinator = programme_staff(programme, Role.COORDINATOR)
    advisor = programme_staff(programme, Role.YOUTH_ADVISOR)
    ParticipantFactory(programme=programme, registered_by=worker, last_name="Lastyear")
    enrol_participant(programme, registered_by=worker, minor=True, last_name="Lastyearminor")
    absent_twice(programme)
    SessionFactory(programme=programme, title="Lastyear session", starts_at=days_ago(2))
    Proposal.objects.create(programme=programme, text="Lastyear proposal")
    end_programme(programme, how)

    for user in (worker, facilitator, coordinator, advisor):
        soup = dashboard(client, user)
        panels = " ".join(panel.get_text(" ") for panel in soup.select("[data-youthcop^=dashboard-]"))
        assert "Lastyear" not in panels, user
    # The youth worker (by group) still has their panel, with nothing in it.
    assert "Nothing to do" in text_of(dashboard(client, worker), "dashboard-youth-worker")


def test_a_facilitator_sees_only_their_programmes(client, programme, facilitator):
    other = ProgrammeFactory()
    SessionFactory(programme=other, title="Elsewhere", starts_at=days_ago(-1))
    SessionFactory(programme=other, title="Elsewhere held", starts_at=days_ago(4))
    Proposal.objects.create(programme=other, text="Elsewhere proposal")
    make_group(other, youth=2, police=1)
    charters.adopt_charter(charter_for(other), by=programme_staff(other, Role.FACILITATOR), invite=False)

    panel = text_of(dashboard(client, facilitator), "dashboard-facilitator")
    assert "Elsewhere" not in panel and other.name not in panel


def test_police_staff_see_young_people_by_first_name_and_initial(client, programme):
    police_facilitator = programme_staff(programme, Role.FACILITATOR, organisation=PoliceZoneFactory())
    young = ParticipantFactory(programme=programme, first_name="Yasmine", last_name="Benali")
    Proposal.objects.create(programme=programme, author=young, text="We commit to respect.")
    charters.adopt_charter(charter_for(programme), by=police_facilitator, invite=False)

    panel = text_of(dashboard(client, police_facilitator), "dashboard-facilitator")
    assert "Yasmine B." in panel and "Benali" not in panel


def test_a_coordinator_sees_only_their_programmes(client, programme, coordinator):
    other = ProgrammeFactory(name="Not theirs")
    make_group(other, youth=1, police=0)
    assert "Not theirs" not in text_of(dashboard(client, coordinator), "dashboard-coordinator")


@pytest.mark.parametrize("in_groups", [True, False], ids=["in each role's group", "youth workers' group only"])
def test_every_link_of_every_panel_opens_for_its_user(client, programme, in_groups):
    """No typing URLs: what the dashboard links to is where the job is done, and the user may open it.

    A role held without its group's permissions shows the jobs without links that would refuse.
    """
    from django.contrib.auth.models import Group

    from tests.factories import ROLE_GROUPS

    user = programme_staff(programme, Role.YOUTH_WORKER)
    for role in (Role.FACILITATOR, Role.COORDINATOR, Role.YOUTH_ADVISOR):
        add_staff(programme, user, role)
        if in_groups:
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    young, officers = make_group(programme, youth=3, police=1, registered_by=user)
    enrol_participant(programme, registered_by=user, minor=True)
    ParticipantFactory(programme=programme, status=Participant.Status.WAITING, waiting_since=timezone.now())
    absent_twice(programme)
    SessionFactory(programme=programme, starts_at=timezone.now() - datetime.timedelta(minutes=10))
    SessionFactory(programme=programme, starts_at=days_ago(3))
    Proposal.objects.create(programme=programme, author=young[0], text="We commit to listen.")
    charters.adopt_charter(charter_for(programme), by=user, invite=False)

    soup = dashboard(client, user)
    panels = soup.select("[data-youthcop^=dashboard-]")
    assert len(panels) == 4
    hrefs = {a["href"] for panel in panels for a in panel.select("a[href]")}
    assert len(hrefs) > (15 if in_groups else 5)
    for href in sorted(hrefs):
        assert client.get(href).status_code == 200, href


# --- Query counts ---------------------------------------------------------------------------------------


def queries_for(client, user):
    client.force_login(user)
    client.get(HOME)  # warm the caches (site, locale, permissions)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def add_rows(programme, worker, n):
    """``n`` of every row each panel lists."""
    young, officers = make_group(programme, youth=n, police=n, registered_by=worker)
    for _ in range(n):
        enrol_participant(programme, registered_by=worker, minor=True)
        ParticipantFactory(programme=programme, status=Participant.Status.WAITING, waiting_since=timezone.now())
        SessionFactory(programme=programme, starts_at=days_ago(-1 - n))
        SessionFactory(programme=programme, starts_at=days_ago(40 + n))
        Proposal.objects.create(programme=programme, author=young[0], text="A proposal")
    absent_twice(programme)
    charter = programme.youthcop_test_charter
    charter.title += "!"  # something new to adopt
    charter.save()
    charters.adopt_charter(charter, by=None, invite=False)
    for participant in young:
        notes.add_note(participant, text="A note", by=None)


@pytest.mark.parametrize("role", [Role.YOUTH_WORKER, Role.FACILITATOR, Role.COORDINATOR, Role.YOUTH_ADVISOR])
def test_each_panel_runs_the_same_queries_with_few_and_many_rows(client, role):
    programme = ProgrammeFactory(target_size=30, max_size=30)
    user = programme_staff(programme, role)
    worker = user if role == Role.YOUTH_WORKER else programme_staff(programme, Role.YOUTH_WORKER)
    programme.youthcop_test_charter = charter_for(programme)
    add_rows(programme, worker, 1)
    few = queries_for(client, user)
    add_rows(programme, worker, 12)
    many = queries_for(client, user)
    assert many == few
