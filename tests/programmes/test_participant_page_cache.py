"""The participant's page is kept whole in the cache, and never shows what has changed since.

A copy is read until anything is written to youthcop's data (by a save, a
queryset update, another thread), or until what it shows goes stale with time
(a session starting, a rating window closing). The cache holds it encrypted:
neither the link nor anything personal can be read there.
"""

import datetime
import threading

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.advisors.conftest import SECRET, Role, group  # noqa: F401  (the fixture)
from tests.sessions.factories import SessionFactory
from youthcop.advisors import services as advisor_services
from youthcop.core import writes
from youthcop.programmes.models import Participant
from youthcop.sessions.models import Attendance, SessionKind

pytestmark = pytest.mark.django_db


def page_url(group):  # noqa: F811  (the fixture's value)
    return reverse("youthcop_programmes:participant_home", args=[group["young_token"]])


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_second_visit_is_served_from_the_cache_with_one_query(client, group):  # noqa: F811
    url = page_url(group)
    first, rendered = get(client, url)
    second, served = get(client, url)
    assert served == 1 < rendered  # the link (is it live?), and nothing else
    strip = lambda html: BeautifulSoup(html, "html5lib").select("input[name=csrfmiddlewaretoken]")  # noqa: E731
    assert len(strip(second)) == len(strip(first)) > 0
    assert all(field["value"] for field in strip(second))  # the request's own token, not a placeholder
    assert "\x00" not in second


def test_the_cache_holds_neither_the_link_nor_anything_personal(client, group):  # noqa: F811
    advisor_services.send_message(group["young"], SECRET)
    get(client, page_url(group))
    html, _queries = get(client, page_url(group))
    assert SECRET in html and "Zephyrine" in html
    held = b"".join(cache._cache.values())  # as stored: LocMemCache pickles every value
    assert any(":personal:" in key for key in cache._cache)  # the copy is there …
    for secret in (SECRET, "Zephyrine", group["young_token"]):
        assert secret.encode() not in held  # … and unreadable


def test_a_write_shows_at_once_saved_updated_or_from_another_thread(client, group):  # noqa: F811
    url = page_url(group)
    get(client, url)
    advisor_services.answer(group["young"], "We read you, call us on Monday", by=group["staff"][Role.YOUTH_ADVISOR])
    html, _queries = get(client, url)
    assert "call us on Monday" in html

    Participant.objects.filter(pk=group["young"].pk).update(first_name="Renamed")  # no signal is sent
    html, _queries = get(client, url)
    assert "Welcome, Renamed" in html


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_by_another_process_expires_the_copy(client, group):  # noqa: F811
    url = page_url(group)
    get(client, url)
    get(client, url)

    def elsewhere():  # its own connection, as another worker: only its commit can tell this one
        try:
            Participant.objects.filter(pk=group["young"].pk).update(first_name="Elsewhere")
        finally:
            connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert not getattr(connection, "youthcop_unflushed_write", False)
    html, _queries = get(client, url)
    assert "Welcome, Elsewhere" in html


def test_a_session_starting_takes_its_cant_come_button_away(client, group, monkeypatch):  # noqa: F811
    soon = timezone.now() + datetime.timedelta(hours=1)
    SessionFactory(programme=group["programme"], kind=SessionKind.JOINT_WORKSHOP, starts_at=soon,
                   ends_at=soon + datetime.timedelta(hours=3))
    url = page_url(group)
    get(client, url)
    html, served = get(client, url)
    assert served == 1 and 'data-youthcop="cant-come"' in html

    later = soon + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html, _queries = get(client, url)
    assert 'data-youthcop="cant-come"' not in html


def test_a_workshop_ending_brings_its_rating_card(client, group, monkeypatch):  # noqa: F811
    soon = timezone.now() + datetime.timedelta(hours=1)
    session = SessionFactory(programme=group["programme"], kind=SessionKind.JOINT_WORKSHOP, starts_at=soon,
                             ends_at=soon + datetime.timedelta(hours=3))
    Attendance.objects.create(session=session, participant=group["young"], status=Attendance.Status.PRESENT)
    url = page_url(group)
    get(client, url)
    html, _queries = get(client, url)
    assert 'data-youthcop="feedback"' not in html

    ended = session.ends_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: ended)
    html, _queries = get(client, url)
    assert f'data-youthcop="rate-{session.pk}"' in html


def test_a_confirmation_is_shown_once_and_never_kept(client, group):  # noqa: F811
    url = page_url(group)
    get(client, url)
    response = client.post(reverse("youthcop_advisors:message", args=[group["young_token"]]), {"text": "Hello"},
                           follow=True)
    confirmation = BeautifulSoup(response.content, "html5lib").select_one(".yc-messages")
    assert confirmation is not None
    html, _queries = get(client, url)
    assert "yc-messages" not in html


def test_a_form_of_a_served_copy_posts_from_another_browser(client, group):  # noqa: F811
    """The copy's CSRF fields carry the token of the request that reads it, so a new phone can post."""
    from django.test import Client

    url = page_url(group)
    get(client, url)  # the copy is made for this browser
    phone = Client(enforce_csrf_checks=True)
    html = phone.get(url).content.decode()
    form = BeautifulSoup(html, "html5lib").select_one('form[action*="/language/"]')
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    response = phone.post(form["action"], {**fields, "language": "nl"})
    assert response.status_code == 302
    group["young"].refresh_from_db()
    assert group["young"].preferred_language == "nl"


def test_the_copy_is_off_when_the_setting_says_zero(client, group, settings):  # noqa: F811
    settings.YOUTHCOP = {**getattr(settings, "YOUTHCOP", {}), "PERSONAL_PAGE_CACHE_SECONDS": 0}
    url = page_url(group)
    get(client, url)  # warm: the Site, content types
    _html, rendered = get(client, url)
    _html, again = get(client, url)
    assert again == rendered > 1


def test_only_writes_to_watched_tables_count():
    assert writes.writes_watched_table('UPDATE "youthcop_programmes_participant" SET "first_name" = %s')
    assert writes.writes_watched_table('INSERT INTO "youthcop_sessions_attendance" ("session_id") VALUES (%s)')
    assert writes.writes_watched_table('DELETE FROM "youthcop_advisors_advisormessage" WHERE id = 1')
    assert writes.writes_watched_table('TRUNCATE "django_session", "youthcop_programmes_programme";')
    assert not writes.writes_watched_table('SELECT * FROM "youthcop_programmes_participant"')
    assert not writes.writes_watched_table('UPDATE "django_session" SET "expire_date" = %s')
    assert not writes.writes_watched_table('INSERT INTO "youthcop_privacy_auditlogentry" ("action") VALUES (%s)')


@pytest.mark.django_db(transaction=True)
def test_a_write_is_done_when_the_cache_is_out_of_reach(group, monkeypatch, caplog):  # noqa: F811
    """A migration or a command run where the cache is not reachable: the write is kept, the miss logged."""

    def out_of_reach(*args, **kwargs):
        raise ConnectionError("cache out of reach")

    monkeypatch.setattr(cache, "incr", out_of_reach)
    monkeypatch.setattr(cache, "set", out_of_reach)
    with transaction.atomic():  # committed: the bump runs after the commit
        Participant.objects.filter(pk=group["young"].pk).update(first_name="Kept")
    Participant.objects.filter(pk=group["young"].pk).update(last_name="Too")  # autocommit: the bump runs at once
    assert Participant.objects.filter(pk=group["young"].pk, first_name="Kept", last_name="Too").exists()
    assert caplog.text.count("Could not bump the personal pages' cache version") == 2
