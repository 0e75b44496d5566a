"""Moving or cancelling a session: the notice previewed, who will not get it, guardians of minors told."""

import copy
import datetime

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipantFactory, officer
from tests.sessions.factories import SessionFactory
from youthcop.programmes import services as programme_services
from youthcop.sessions import services
from youthcop.sessions.calendars import session_event
from youthcop.sessions.models import Session

pytestmark = pytest.mark.django_db


def in_days(days, hour=18):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def group(programme):
    minor_birth = datetime.date(programme.start_date.year - 16, 3, 1)
    return {
        "adult": ParticipantFactory(programme=programme, first_name="Amira", last_name="Haddad", email="amira@example.net"),
        "no_email": ParticipantFactory(programme=programme, first_name="Bilal", last_name="Nour", email=""),
        "minor": ParticipantFactory(
            programme=programme, first_name="Chloé", last_name="Martin", email="chloe@example.net",
            date_of_birth=minor_birth, guardian_name="Anne Martin", guardian_email="anne@example.net",
            preferred_language="nl",
        ),
        "minor_no_email": ParticipantFactory(
            programme=programme, first_name="Dylan", last_name="Peeters", email="",
            date_of_birth=minor_birth, guardian_email="guardian.peeters@example.net",
        ),
        "officer": officer(programme=programme, first_name="Eva", last_name="Jacobs", email="eva@police.example"),
    }


@pytest.fixture
def workshop(programme):
    return SessionFactory(programme=programme, title="Workshop 5", starts_at=in_days(10), shared_meal=True)


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html5lib")


def test_the_audience_is_the_expected_people_with_an_address_and_the_guardians_of_minors(workshop, group):
    audience = services.notice_audience(workshop)
    assert sorted(r.email for r in audience.recipients) == sorted(
        ["amira@example.net", "chloe@example.net", "anne@example.net", "guardian.peeters@example.net", "eva@police.example"]
    )
    assert {p.first_name for p in audience.without_email} == {"Bilal", "Dylan"}


def test_moving_previews_the_notice_and_who_will_not_get_it_then_sends_on_confirming(
    client, programme, facilitator, workshop, group, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    move_url = reverse("youthcop_admin_sessions:move", args=[workshop.pk])
    later = in_days(17, hour=17)
    data = {
        "day": later.date().isoformat(), "start_time": "17:00", "end_time": "20:00",
        "venue_name": workshop.venue_name, "venue_address": workshop.venue_address,
    }
    with django_capture_on_commit_callbacks(execute=True):
        soup = soup_of(client.post(move_url, {**data, "confirm": "preview"}))
    assert mail.outbox == []
    workshop.refresh_from_db()
    assert workshop.status == Session.Status.PLANNED and workshop.starts_at == in_days(10)

    notice = soup.select_one("[data-youthcop=notice-text]").get_text()
    subject, _body = services.render_notice(_moved(workshop, later), "moved")
    assert subject.startswith("New date") and subject in notice and "A session of" in notice and "17:00–20:00" in notice
    assert f"{later:%-d} " in notice  # the new date, in the site's language
    without = soup.select_one("[data-youthcop=notice-without-email]").get_text(" ", strip=True)
    assert "Bilal Nour" in without and "Dylan Peeters" in without and "Amira" not in without
    assert "their guardian is told" in without  # Dylan's guardian
    guardians = soup.select_one("[data-youthcop=notice-guardians]").get_text(" ", strip=True)
    assert "Chloé Martin" in guardians and "Dylan Peeters" in guardians and "Amira" not in guardians

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(move_url, {**data, "confirm": "move"}).status_code == 302
    workshop.refresh_from_db()
    assert workshop.status == Session.Status.MOVED and workshop.starts_at == later
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {
        "amira@example.net", "chloe@example.net", "anne@example.net", "guardian.peeters@example.net", "eva@police.example"
    }
    assert sent["amira@example.net"].body.startswith("Hello Amira,")
    assert "Anne Martin" in sent["anne@example.net"].body and "Chloé" in sent["anne@example.net"].body
    assert sent["guardian.peeters@example.net"].body.startswith("Hello,")


def _moved(session, starts_at):
    moved = copy.copy(session)
    moved.starts_at, moved.ends_at = starts_at, starts_at + datetime.timedelta(hours=3)
    return moved


def test_cancelling_shows_the_notice_first_and_sends_only_when_confirmed(
    client, programme, facilitator, workshop, group, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    cancel_url = reverse("youthcop_admin_sessions:cancel", args=[workshop.pk])
    soup = soup_of(client.get(cancel_url))
    notice = soup.select_one("[data-youthcop=notice-text]").get_text()
    assert "Cancelled: Workshop 5" in notice and "is cancelled" in notice
    assert "meal" not in notice
    assert "Bilal Nour" in soup.select_one("[data-youthcop=notice-without-email]").get_text()
    assert "Chloé Martin" in soup.select_one("[data-youthcop=notice-guardians]").get_text()
    assert mail.outbox == [] and Session.objects.get(pk=workshop.pk).status == Session.Status.PLANNED

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(cancel_url, {"reason": "Venue flooded"}).status_code == 302
    assert len(mail.outbox) == 5
    assert all(message.subject.startswith(("Cancelled", "Geannuleerd")) for message in mail.outbox)
    assert not any("meal" in message.body for message in mail.outbox)
    # Chloé's guardian reads it in Chloé's language.
    assert next(m for m in mail.outbox if m.to == ["anne@example.net"]).subject.startswith("Geannuleerd")


def test_a_past_sessions_preview_says_nobody_is_emailed(client, programme, facilitator, group):
    client.force_login(facilitator)
    past = SessionFactory(programme=programme, starts_at=in_days(-3))
    soup = soup_of(client.get(reverse("youthcop_admin_sessions:cancel", args=[past.pk])))
    assert soup.select_one("[data-youthcop=notice-none]")


def test_only_those_who_manage_the_programme_reach_the_preview(client, programme, youth_worker, workshop, group):
    client.force_login(youth_worker)
    assert client.get(reverse("youthcop_admin_sessions:cancel", args=[workshop.pk])).status_code == 404


def test_a_cancelled_session_no_longer_mentions_the_meal(client, programme, workshop, group):
    token = programme_services.issue_link(group["adult"])
    page = client.get(programme_services.participant_page_url(token))
    assert "We share a meal" in page.content.decode()
    assert "shared meal" in str(session_event(workshop).get("description"))

    services.cancel_session(workshop)
    page = client.get(programme_services.participant_page_url(token))
    section = BeautifulSoup(page.content, "html5lib").select_one("[data-youthcop=participant-sessions]")
    assert "Workshop 5" in section.get_text() and "meal" not in section.get_text()
    event = session_event(workshop)
    assert "meal" not in str(event.get("description")) and "cancelled" in str(event.get("description"))
    feed = client.get(reverse("youthcop_sessions:participant_feed", args=[token]))
    calendar = icalendar.Calendar.from_ical(feed.content)
    descriptions = [str(component.get("description")) for component in calendar.walk("VEVENT")]
    assert descriptions and not any("meal" in d for d in descriptions)
    subject, body = services.render_notice(workshop, "cancelled")
    assert "meal" not in body
