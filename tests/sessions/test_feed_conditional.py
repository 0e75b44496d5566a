"""Calendar feeds answer conditional requests: a poll of an unchanged feed costs one lookup, no rendering."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from icalendar import Calendar

from tests.factories import ParticipantFactory
from tests.sessions.factories import SessionFactory, brussels
from youthcop.programmes import services as programme_services
from youthcop.core.cache import KEY, calendar_feeds
from youthcop.programmes.models import Participant, ProgrammeStaff
from youthcop.sessions import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(programme):
    return [
        SessionFactory(programme=programme, title=f"Workshop {n}", starts_at=brussels(2026, 1 + n, 14, 18))
        for n in range(3)
    ]


@pytest.fixture
def staff_url(programme, facilitator, sessions):
    return reverse("youthcop_sessions:staff_feed", args=[services.issue_staff_feed(programme, facilitator)])


@pytest.fixture
def young(programme):
    return ParticipantFactory(programme=programme)


@pytest.fixture
def young_url(young, sessions):
    return reverse("youthcop_sessions:participant_feed", args=[programme_services.issue_link(young)])


def settle(programme):
    """The programme's feeds last changed an hour ago.

    HTTP dates count whole seconds, so until the second of a change is over
    the Last-Modified is "now" and an ``If-Modified-Since`` of the same second
    gets the whole feed again (the ETag tells that second's changes apart).
    """
    cache.set(KEY.format(calendar_feeds(programme.pk)), time.time_ns() - 3600 * 10**9, None)


def wait_for_the_next_second():
    time.sleep(1.05 - time.time() % 1)


def starts(content):
    return {
        str(event["summary"]): event.decoded("dtstart").replace(tzinfo=None)
        for event in Calendar.from_ical(content).walk("VEVENT")
    }


def session_queries(queries):
    return [query["sql"] for query in queries if "youthcop_sessions_session" in query["sql"]]


def test_an_unchanged_staff_feed_answers_304_after_one_query(client, programme, staff_url, django_assert_num_queries):
    settle(programme)
    first = client.get(staff_url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and len(etag) > 10
    # Revalidated at every poll and kept by the client (no-store would make it forget the ETag).
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert "no-store" not in first["Cache-Control"]
    with django_assert_num_queries(1):  # the link's lookup, with the "still staff there" check in it
        not_modified = client.get(staff_url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    with django_assert_num_queries(1):
        since = client.get(staff_url, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert since.status_code == 304 and since.content == b""
    # Another client's stale ETag gets the whole feed.
    assert client.get(staff_url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_changed_feed_is_rendered_once_per_change_not_per_poll(client, staff_url, sessions):
    with CaptureQueriesContext(connection) as first_poll:
        first = client.get(staff_url)
    assert len(session_queries(first_poll.captured_queries)) == 1  # rendered: the sessions were read
    with CaptureQueriesContext(connection) as second_poll:
        second = client.get(staff_url)  # no conditional header: a client that keeps nothing
    assert second.status_code == 200 and second.content == first.content
    assert session_queries(second_poll.captured_queries) == []  # served from the cached body
    assert len(second_poll.captured_queries) == 1

    workshop = sessions[0]
    new_start = workshop.starts_at + datetime.timedelta(days=1, hours=1)
    services.move_session(workshop, starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=3))

    with CaptureQueriesContext(connection) as after_move:
        moved = client.get(staff_url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert moved.status_code == 200
    assert moved["ETag"] != first["ETag"]
    assert starts(moved.content)["Workshop 0"] == datetime.datetime(2026, 1, 15, 19)
    assert len(session_queries(after_move.captured_queries)) == 1  # rendered again, once
    with CaptureQueriesContext(connection) as polled_again:
        assert client.get(staff_url).content == moved.content
    assert session_queries(polled_again.captured_queries) == []
    assert client.get(staff_url, HTTP_IF_NONE_MATCH=moved["ETag"]).status_code == 304


def test_a_client_that_sends_only_if_modified_since_sees_a_change(client, programme, staff_url, sessions):
    settle(programme)
    first = client.get(staff_url)
    services.cancel_session(sessions[1])
    after = client.get(staff_url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert after.status_code == 200
    assert "Cancelled: Workshop 1" in starts(after.content)
    assert after["Last-Modified"] != first["Last-Modified"]
    wait_for_the_next_second()
    settled = client.get(staff_url)["Last-Modified"]
    assert client.get(staff_url, HTTP_IF_MODIFIED_SINCE=settled).status_code == 304
    # A date from before the feed's last change gets the whole feed; Last-Modified is never in the future.
    old = http_date((timezone.now() - datetime.timedelta(days=1)).timestamp())
    assert client.get(staff_url, HTTP_IF_MODIFIED_SINCE=old).status_code == 200
    assert datetime.datetime.strptime(after["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT").replace(
        tzinfo=datetime.UTC
    ) <= timezone.now()


def test_a_deleted_session_changes_the_feed(client, staff_url, sessions):
    first = client.get(staff_url)
    sessions[2].delete()
    after = client.get(staff_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and "Workshop 2" not in starts(after.content)


def test_a_participant_feed_answers_304_after_one_query(client, young_url, django_assert_num_queries):
    client.get(young_url, {"lang": "nl"})  # the site's own caches warm (another body)
    with django_assert_num_queries(2):  # their link, with their programme; their sessions
        first = client.get(young_url)
    assert first.status_code == 200 and set(starts(first.content)) == {"Workshop 0", "Workshop 1", "Workshop 2"}
    with django_assert_num_queries(1):
        assert client.get(young_url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # Another language is another body and another ETag.
    french = client.get(young_url, {"lang": "fr"})
    assert french["ETag"] != first["ETag"] and french.content != first.content
    assert client.get(young_url, {"lang": "fr"}, HTTP_IF_NONE_MATCH=french["ETag"]).status_code == 304


def test_a_participants_own_changes_change_their_feed(client, young, young_url):
    first = client.get(young_url)
    young.preferred_language = "fr"
    young.save()
    french = client.get(young_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert french.status_code == 200 and "mes séances" in Calendar.from_ical(french.content)["X-WR-CALNAME"]
    young.status = Participant.Status.WAITING  # on the waiting list: no sessions of theirs
    young.save()
    waiting = client.get(young_url, HTTP_IF_NONE_MATCH=french["ETag"])
    assert waiting.status_code == 200 and starts(waiting.content) == {}
    programme_services.withdraw(young)  # withdrawing revokes their links
    assert client.get(young_url, HTTP_IF_NONE_MATCH=waiting["ETag"]).status_code == 404


def test_participants_of_one_side_share_one_rendered_body(client, programme, young_url, sessions):
    first = client.get(young_url)
    other = ParticipantFactory(programme=programme)  # saving a participant is a change too
    other_url = reverse("youthcop_sessions:participant_feed", args=[programme_services.issue_link(other)])
    client.get(young_url)
    with CaptureQueriesContext(connection) as queries:
        theirs = client.get(other_url)
    assert session_queries(queries.captured_queries) == []
    assert theirs.content == client.get(young_url).content
    assert theirs["ETag"] != first["ETag"]


def test_revoked_and_bad_links_still_answer_404_with_a_matching_etag(client, programme, young, young_url, staff_url):
    young_etag = client.get(young_url)["ETag"]
    staff_etag = client.get(staff_url)["ETag"]
    programme_services.revoke_links(young)
    assert client.get(young_url, HTTP_IF_NONE_MATCH=young_etag).status_code == 404
    ProgrammeStaff.objects.filter(programme=programme).delete()  # the owner left the programme
    assert client.get(staff_url, HTTP_IF_NONE_MATCH=staff_etag).status_code == 404
    bad = reverse("youthcop_sessions:staff_feed", args=["not-a-token"])
    assert client.get(bad, HTTP_IF_NONE_MATCH=staff_etag).status_code == 404
