import datetime
import io
import zoneinfo

import pytest
import vobject
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from tests.factories import ParticipantFactory, ProgrammeFactory, officer, programme_staff
from tests.sessions.factories import SessionFactory, brussels
from youthcop.core import tokens
from youthcop.programmes import services as programme_services
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions import calendars, services
from youthcop.sessions.models import SessionKind, StaffCalendarFeed

pytestmark = pytest.mark.django_db
BRUSSELS = "Europe/Brussels"


def parse(content):
    calendar = Calendar.from_ical(content)
    return calendar, {str(event["summary"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def year(programme):
    """A workshop in CEST, one in CET, a youth preparation and a police briefing."""
    return {
        "october": SessionFactory(programme=programme, title="October workshop", starts_at=brussels(2025, 10, 8, 18)),
        "november": SessionFactory(programme=programme, title="November workshop", starts_at=brussels(2025, 11, 12, 18)),
        "youth": SessionFactory(
            programme=programme, title="Youth prep", kind=SessionKind.YOUTH_PREPARATION, starts_at=brussels(2025, 11, 3, 17)
        ),
        "police": SessionFactory(
            programme=programme, title="Briefing", kind=SessionKind.POLICE_BRIEFING, starts_at=brussels(2025, 11, 4, 14)
        ),
    }


def staff_feed_url(programme, user):
    return reverse("youthcop_sessions:staff_feed", args=[services.issue_staff_feed(programme, user)])


def test_staff_feed_has_every_session_in_the_brussels_zone(client, programme, facilitator, year):
    response = client.get(staff_feed_url(programme, facilitator))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar, events = parse(response.content)
    assert set(events) == {"October workshop", "November workshop", "Youth prep", "Briefing"}
    october, november = events["October workshop"], events["November workshop"]
    assert str(october.decoded("dtstart").tzinfo) == BRUSSELS
    assert october["DTSTART"].params["TZID"] == BRUSSELS
    assert october.decoded("dtstart").replace(tzinfo=None) == datetime.datetime(2025, 10, 8, 18)
    assert november.decoded("dtstart").replace(tzinfo=None) == datetime.datetime(2025, 11, 12, 18)
    # The same wall-clock time is a different UTC hour on each side of the DST change.
    assert october.decoded("dtstart").astimezone(datetime.UTC).hour == 16
    assert november.decoded("dtstart").astimezone(datetime.UTC).hour == 17
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [BRUSSELS]
    assert str(october["LOCATION"]) == "Maison de Quartier, Rue Josaphat 120, 1030 Schaerbeek"
    assert calendar["METHOD"] == "PUBLISH"
    # Refresh hints are durations, as RFC 7986 and Outlook read them.
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=6)
    assert b"X-PUBLISHED-TTL:PT6H" in response.content


def test_only_a_hash_of_the_staff_feed_token_is_stored_and_revoking_it_stops_it(client, programme, facilitator, year):
    token = services.issue_staff_feed(programme, facilitator)
    url = reverse("youthcop_sessions:staff_feed", args=[token])
    feed = StaffCalendarFeed.objects.get()
    assert feed.token_hash == tokens.hash_token(token) and token not in feed.token_hash
    assert client.get(url).status_code == 200
    newer = services.issue_staff_feed(programme, facilitator)  # a new link replaces the old
    assert client.get(url).status_code == 404
    services.revoke_staff_feed(programme, facilitator)
    assert client.get(reverse("youthcop_sessions:staff_feed", args=[newer])).status_code == 404
    assert client.get(reverse("youthcop_sessions:staff_feed", args=["not-a-token"])).status_code == 404


def test_a_staff_feed_stops_when_its_owner_leaves_the_programme(client, programme, facilitator, year):
    url = staff_feed_url(programme, facilitator)
    ProgrammeStaff.objects.filter(user=facilitator).delete()
    assert client.get(url).status_code == 404


def test_participant_feed_has_only_the_sessions_of_their_kind(client, programme, year):
    young = ParticipantFactory(programme=programme)
    cop = officer(programme=programme)
    young_url = reverse("youthcop_sessions:participant_feed", args=[programme_services.issue_link(young)])
    cop_url = reverse("youthcop_sessions:participant_feed", args=[programme_services.issue_link(cop)])
    _, young_events = parse(client.get(young_url).content)
    _, cop_events = parse(client.get(cop_url).content)
    assert set(young_events) == {"October workshop", "November workshop", "Youth prep"}
    assert set(cop_events) == {"October workshop", "November workshop", "Briefing"}
    # A cancelled session stays in the personal feed, same UID, marked cancelled.
    services.cancel_session(year["november"])
    _, young_after = parse(client.get(young_url).content)
    cancelled = young_after["Cancelled: November workshop"]
    assert cancelled["STATUS"] == "CANCELLED" and cancelled["SEQUENCE"] == 1
    assert str(cancelled["UID"]) == str(young_events["November workshop"]["UID"])
    assert cancelled.decoded("dtstart").replace(tzinfo=None) == datetime.datetime(2025, 11, 12, 18)


def test_participant_feed_is_not_served_for_a_revoked_link(client, programme, year):
    young = ParticipantFactory(programme=programme)
    url = reverse("youthcop_sessions:participant_feed", args=[programme_services.issue_link(young)])
    programme_services.revoke_links(young)
    assert client.get(url).status_code == 404


def test_uids_are_stable_and_changes_raise_the_sequence(client, programme, facilitator, django_capture_on_commit_callbacks):
    coming = SessionFactory(programme=programme, title="Coming", starts_at=timezone.now() + datetime.timedelta(days=20))
    dropped = SessionFactory(programme=programme, title="Dropped", starts_at=timezone.now() + datetime.timedelta(days=40))
    url = staff_feed_url(programme, facilitator)
    _, first = parse(client.get(url).content)
    _, again = parse(client.get(url).content)
    assert {k: str(e["UID"]) for k, e in first.items()} == {k: str(e["UID"]) for k, e in again.items()}
    assert first["Coming"]["SEQUENCE"] == 0

    new_start = coming.starts_at + datetime.timedelta(days=1)
    services.move_session(coming, starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=3))
    services.cancel_session(dropped)
    _, after = parse(client.get(url).content)
    moved = after["Coming"]
    cancelled = after["Cancelled: Dropped"]
    assert str(moved["UID"]) == str(first["Coming"]["UID"]) == f"{coming.uid}@youthcop"
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("dtstart") == new_start.replace(microsecond=0)
    assert str(cancelled["UID"]) == str(first["Dropped"]["UID"])
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == 1
    assert first["Dropped"]["STATUS"] == "CONFIRMED"


def test_feeds_never_carry_facilitator_notes_or_names(programme):
    session = SessionFactory(programme=programme, facilitator_notes="Sam is struggling at home", theme="Trust")
    content = calendars.sessions_calendar([session], "x").decode()
    assert "struggling" not in content
    assert "Theme: Trust" in content


def test_every_client_reads_the_same_instants_across_two_years_of_clock_changes(client, programme, facilitator):
    """vobject reads the feed's VTIMEZONE itself; it used to see only the first date of an RDATE list."""
    starts = [brussels(2025 + month // 12, month % 12 + 1, 10, 18) for month in range(24)]
    # The mornings of the four clock changes, and the evening before each.
    for day in [(2025, 3, 30), (2025, 10, 26), (2026, 3, 29), (2026, 10, 25)]:
        starts += [brussels(*day, hour=10), brussels(*day, hour=18) - datetime.timedelta(days=1)]
    for number, start in enumerate(starts):
        SessionFactory(programme=programme, title=f"Session {number}", starts_at=start)
    expected = {f"Session {number}": start.astimezone(datetime.UTC) for number, start in enumerate(starts)}
    content = client.get(staff_feed_url(programme, facilitator)).content

    calendar, events = parse(content)
    assert {title: event.decoded("dtstart").astimezone(datetime.UTC) for title, event in events.items()} == expected
    # icalendar resolves the TZID from its own database; read the feed's VTIMEZONE too.
    (zone,) = calendar.walk("VTIMEZONE")
    own_zone = zone.to_tz(lookup_tzid=False)
    read_with_own_zone = {
        title: event.decoded("dtstart").replace(tzinfo=own_zone).astimezone(datetime.UTC)
        for title, event in events.items()
    }
    assert read_with_own_zone == expected

    vobject.icalendar.__dict__["__tzidMap"].pop(BRUSSELS, None)  # forget a zone read earlier in this process
    parsed = vobject.readOne(content.decode())
    read_by_vobject = {
        event.summary.value: event.dtstart.value.astimezone(datetime.UTC) for event in parsed.vevent_list
    }
    assert read_by_vobject == expected
    # One yearly rule per kind of change, as the tz database's exports write them.
    assert b"RDATE" not in content and "RRULE" in zone.walk("DAYLIGHT")[0] and "RRULE" in zone.walk("STANDARD")[0]


def test_attendance_sheet_pdf_lists_the_names_and_the_date(client, programme, facilitator):
    ParticipantFactory(programme=programme, first_name="Yasmine", last_name="Benali")
    officer(programme=programme, first_name="Pieter", last_name="Van den Bossche")
    ParticipantFactory(programme=programme, first_name="<b>Bold</b>", last_name="Tag")
    ParticipantFactory(programme=programme, first_name="Waiting", last_name="Person", status="waiting")
    session = SessionFactory(programme=programme, title="Workshop 3", starts_at=brussels(2025, 11, 12, 18))
    client.force_login(facilitator)
    response = client.get(reverse("youthcop_admin_sessions:sheet_pdf", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Yasmine Benali" in text
    assert "Pieter Van den Bossche" in text
    assert "<b>Bold</b> Tag" in text  # printed as typed, not as markup
    assert "Waiting Person" not in text
    assert "12/11/2025" in text
    assert "Workshop 3" in text


def test_attendance_sheet_pdf_is_refused_outside_ones_programmes(client, facilitator):
    other = SessionFactory(programme=ProgrammeFactory())
    client.force_login(facilitator)
    assert client.get(reverse("youthcop_admin_sessions:sheet_pdf", args=[other.pk])).status_code == 404
    worker = programme_staff(other.programme, ProgrammeStaff.Role.YOUTH_WORKER)
    client.force_login(worker)
    assert client.get(reverse("youthcop_admin_sessions:sheet_pdf", args=[other.pk])).status_code == 404


@pytest.mark.parametrize(
    "zone_name",
    [
        "Europe/Brussels",
        "Europe/Dublin",
        "America/New_York",
        "Australia/Sydney",
        "Africa/Casablanca",
        "Asia/Tehran",
        "UTC",
    ],
)
def test_the_vtimezone_gives_every_instant_the_zones_offset_in_both_parsers(zone_name):
    """Yearly rules, rules that stop (Tehran 2022), moving dates (Casablanca), negative DST (Dublin), none (UTC)."""
    zone = zoneinfo.ZoneInfo(zone_name)
    ical = Calendar()
    ical.add_component(calendars.vtimezone(zone, datetime.date(2020, 1, 1), datetime.date(2027, 6, 1)))
    content = ical.to_ical()
    from_icalendar = Calendar.from_ical(content).walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    vobject.icalendar.__dict__["__tzidMap"].pop(zone_name, None)
    from_vobject = vobject.readOne(content.decode()).vtimezone.gettzinfo()
    # Every day at noon UTC, and the hours around each change, from a year into the window.
    start = datetime.datetime(2021, 1, 1, 12, tzinfo=datetime.UTC)
    instants = [start + datetime.timedelta(days=n) for n in range(365 * 6)]
    for transition, _before, _after in calendars._transitions(zone, start, instants[-1]):
        instants += [transition + datetime.timedelta(minutes=m) for m in (-61, -1, 0, 1, 61)]
    for instant in instants:
        wall = instant.astimezone(zone)
        expected = wall.utcoffset()
        assert instant.astimezone(from_icalendar).utcoffset() == expected, (zone_name, instant)
        assert instant.astimezone(from_vobject).utcoffset() == expected, (zone_name, instant)
