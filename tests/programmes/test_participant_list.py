"""The participants list as a daily tool: consent, link, charter and minor columns in words; the waiting list in order."""

import datetime
import re

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from tests.factories import ParticipantFactory, enrol_participant, officer, staff_user
from youthcop.charters import services as charter_services
from youthcop.charters.models import Charter
from youthcop.core import roles
from youthcop.programmes import services
from youthcop.programmes.models import Participant, ProgrammeStaff

Role = ProgrammeStaff.Role
INDEX = reverse("youthcop_admin_participants:index")


def rows(response):
    """``{name: {heading: cell text}}`` of the list's table."""
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.find("table", class_="listing")
    headings = [" ".join(th.get_text(" ", strip=True).split()) for th in table.find("thead").find_all("th")]
    result = {}
    for tr in table.find("tbody").find_all("tr"):
        cells = [" ".join(td.get_text(" ", strip=True).split()) for td in tr.find_all("td")]
        row = dict(zip(headings, cells))
        name = tr.find(id=re.compile(r"^participant_\d+_title$")).get_text(strip=True)
        result[name] = row
    return result


def adopt(programme, facilitator):
    charter = Charter.objects.create(
        programme=programme,
        locale=Locale.objects.get_or_create(language_code="en")[0],
        title="Our charter",
        preamble="We wrote this together.",
        commitments=[("commitment", "We commit to listen before we judge.")],
    )
    return charter_services.adopt_charter(charter, by=facilitator, invite=False)


def test_columns_say_consent_link_charter_and_minor_in_words(client, programme, coordinator):
    enrol_participant(programme, minor=True, first_name="Mina", last_name="Awaited")
    minor_consented = enrol_participant(programme, minor=True, first_name="Omar", last_name="Consented").participant
    services.record_consent(minor_consented, participation=True, photos=False, method="paper", by=coordinator)
    adult = enrol_participant(programme, first_name="Ada", last_name="Adult").participant
    services.issue_link(adult)
    officer(programme=programme, first_name="Otto", last_name="Officer")
    version = adopt(programme, coordinator)
    charter_services.sign(
        adult, version, typed_name="Ada Adult", language="en", method="online", ip="127.0.0.1", user_agent="test"
    )

    client.force_login(coordinator)
    response = client.get(INDEX, {"programme": programme.pk})
    table = rows(response)

    assert table["Mina Awaited"]["Minor"] == "Minor"
    assert table["Mina Awaited"]["Guardian consent"] == "Awaited"
    assert table["Mina Awaited"]["Charter signed"] == ""  # not taking part yet: nothing to sign
    assert table["Omar Consented"]["Guardian consent"] == "Given"
    assert table["Omar Consented"]["Charter signed"] == "Not signed"
    assert table["Ada Adult"]["Minor"] == ""
    assert table["Ada Adult"]["Guardian consent"] == "Not needed"
    assert table["Ada Adult"]["Personal link"] == "Given"
    assert table["Ada Adult"]["Charter signed"] == "Signed"
    assert table["Otto Officer"]["Guardian consent"] == "Not needed"
    assert table["Otto Officer"]["Personal link"] == "Not yet"
    assert table["Otto Officer"]["Registered by"] == ""  # no "None"
    body = BeautifulSoup(response.content, "html.parser").find("table", class_="listing").find("tbody").get_text(" ")
    for raw in ("None", "True", "False"):
        assert raw not in body.split()


def test_a_minor_today_and_a_minor_at_the_start(client, programme, coordinator):
    today = timezone.localdate()
    assert programme.start_date < today - datetime.timedelta(days=10)
    # Eighteen ten days ago: a minor when the programme started, their guardian consented then.
    ParticipantFactory(
        programme=programme,
        first_name="Turned",
        last_name="Eighteen",
        date_of_birth=today.replace(year=today.year - 18) - datetime.timedelta(days=10),
    )
    ParticipantFactory(programme=programme, first_name="Still", last_name="Minor", date_of_birth=today.replace(year=today.year - 15))
    client.force_login(coordinator)
    table = rows(client.get(INDEX))
    assert table["Still Minor"]["Minor"] == "Minor"
    assert table["Turned Eighteen"]["Minor"] == "Minor at the start"


def test_no_charter_adopted_says_so(client, programme, coordinator):
    ParticipantFactory(programme=programme, first_name="Sam", last_name="Noversion")
    client.force_login(coordinator)
    assert rows(client.get(INDEX))["Sam Noversion"]["Charter signed"] == "Not adopted yet"


def test_police_staff_see_no_consent_nor_age_of_a_young_person(client, programme):
    police_coordinator = staff_user(roles.COORDINATOR, organisation=programme.police_zone)
    ProgrammeStaff.objects.create(programme=programme, user=police_coordinator, role=Role.COORDINATOR)
    enrol_participant(programme, minor=True, first_name="Mina", last_name="Secret")
    client.force_login(police_coordinator)
    table = rows(client.get(INDEX))
    assert table["Mina S."]["Guardian consent"] == ""
    assert table["Mina S."]["Minor"] == ""


def _grow(programme, n, coordinator):
    for i in range(n):
        if i % 3 == 0:
            officer(programme=programme, registered_by=coordinator)
        elif i % 3 == 1:
            participant = ParticipantFactory(programme=programme, registered_by=coordinator)
            services.issue_link(participant)
        else:
            enrol_participant(programme, minor=True, registered_by=coordinator)


def test_the_list_costs_the_same_queries_at_5_and_40_participants(client, programme, coordinator):
    adopt(programme, coordinator)
    client.force_login(coordinator)
    url = INDEX
    client.get(url)  # warm caches (site, permissions)

    def count(total):
        _grow(programme, total - programme.participants.count(), coordinator)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert len(rows(response)) == min(total, 20)  # a page of the list
        return len(captured.captured_queries)

    assert count(5) == count(40)


def test_the_waiting_list_in_order_of_position_per_side(client, coordinator):
    programme = coordinator.youthcop_roles.get().programme
    programme.target_size = programme.min_size = 3  # 2 young people, 1 officer
    programme.save()
    people = {}
    for name in ["Y1", "Y2", "Y3", "Y4", "Y5"]:
        people[name] = enrol_participant(programme, first_name=name, last_name="Young").participant
    for name in ["P1", "P2", "P3"]:
        people[name] = enrol_participant(programme, side="police", first_name=name, last_name="Officer").participant
    # Names in reverse alphabetical order of arrival, so that the list's usual order would differ.
    Participant.objects.filter(pk=people["Y3"].pk).update(last_name="Zeta")
    Participant.objects.filter(pk=people["Y5"].pk).update(last_name="Alpha")

    client.force_login(coordinator)
    response = client.get(INDEX, {"status": "waiting"})
    table = rows(response)
    assert list(table) == ["Y3 Zeta", "Y4 Young", "Y5 Alpha", "P2 Officer", "P3 Officer"] or list(table) == [
        "P2 Officer",
        "P3 Officer",
        "Y3 Zeta",
        "Y4 Young",
        "Y5 Alpha",
    ]
    assert [table[name]["Position"] for name in ("Y3 Zeta", "Y4 Young", "Y5 Alpha")] == ["1", "2", "3"]
    assert [table[name]["Position"] for name in ("P2 Officer", "P3 Officer")] == ["1", "2"]
    # The list unfiltered offers the waiting list in one click.
    soup = BeautifulSoup(client.get(INDEX).content, "html.parser")
    links = soup.find_all("a", href=re.compile(r"status=waiting"))
    assert any("Waiting list" in link.get_text() for link in links)


def test_rows_have_bulk_action_checkboxes_described_by_the_name(client, programme, coordinator):
    participant = ParticipantFactory(programme=programme)
    client.force_login(coordinator)
    soup = BeautifulSoup(client.get(INDEX).content, "html.parser")
    checkbox = soup.find("input", attrs={"data-object-id": str(participant.pk)})
    assert checkbox["aria-describedby"] == f"participant_{participant.pk}_title"
    footer = soup.find(attrs={"data-bulk-action-footer": True})
    labels = [a.get_text(strip=True) for a in footer.find_all("a")]
    for label in ("Send personal links", "Print QR slips", "Send signing reminders", "Export"):
        assert any(label in text for text in labels), labels
