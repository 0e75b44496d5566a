"""Public pages cost at most two cache round trips, and never show a stale copy.

Every call that reaches the cache backend (``get``, ``get_many``, ``set``,
``incr``…) is counted as one round trip, as it would be with Redis; calls a
backend makes to itself (LocMemCache's ``get_many`` calls ``get``) count once.
A request's versions are read once (``youthcop.core.cache``), with the Site
(the example site's middleware) and what the last request of the same path
read, in one ``get_many``; a programme page and a home page then serve their
whole HTML, one copy per page, language and versions.
"""

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from tests.factories import OrganisationFactory
from tests.sessions.factories import SessionFactory
from youthcop.core.cache import PAGES, version

from .factories import home_page
from .public_fixtures import load_demo_site, participant_path

pytestmark = pytest.mark.django_db

MAX_ROUND_TRIPS = 2
CALLS = ("get", "get_many", "has_key", "set", "add", "touch", "delete", "incr", "decr", "set_many", "delete_many")


@pytest.fixture
def round_trips(monkeypatch):
    """The names of the cache calls made since the list was last cleared."""
    backend = caches["default"]
    made, depth = [], [0]
    for name in CALLS:
        original = getattr(backend, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            if not depth[0]:
                made.append(_name)
            depth[0] += 1
            try:
                return _original(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(backend, name, counted)
    return made


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    context = load_demo_site(django_capture_on_commit_callbacks)
    page = context["programme_page"]
    french = Page.objects.get(translation_key=page.translation_key, locale__language_code="fr")
    return {**context, "urls": [page.url, french.url, home_page().url, "/fr/"]}


def get(client, url, round_trips):
    round_trips.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), list(round_trips), len(queries)


def test_programme_and_home_pages_make_at_most_two_round_trips(client, demo, round_trips):
    for url in demo["urls"]:
        first, _trips, _queries = get(client, url, round_trips)
        for _ in range(2):  # the second request learns what the first read; the third reads it at once
            html, trips, queries = get(client, url, round_trips)
        assert len(trips) <= MAX_ROUND_TRIPS, (url, trips)
        assert trips.count("get") + trips.count("get_many") == len(trips), (url, trips)  # reads only
        assert html == first, url  # the cached copy is the page itself
        assert queries <= 3, (url, queries)


def test_the_participant_page_makes_at_most_two_round_trips(client, demo, round_trips):
    url = participant_path(demo["programme"].participants.order_by("pk").first())
    get(client, url, round_trips)
    for _ in range(2):  # the second request learns what the first read; the third reads it at once
        _html, trips, queries = get(client, url, round_trips)
    assert len(trips) <= MAX_ROUND_TRIPS, trips
    assert trips.count("get") + trips.count("get_many") == len(trips), trips  # reads only
    assert queries == 1  # is the link live? The page itself is the cached copy (youthcop.core.personal_pages)


def test_each_language_has_its_own_copy_and_editors_never_get_it(client, demo, round_trips, admin_user):
    english, french = demo["urls"][0], demo["urls"][1]
    for url in (english, french, english, french):
        html, _trips, _queries = get(client, url, round_trips)
        language = "fr" if url == french else "en"
        assert f'<html lang="{language}">' in html
    client.force_login(admin_user)
    html, _trips, _queries = get(client, english, round_trips)
    assert "userbar" in html  # Wagtail's user bar: rendered for the editor, never kept for the public


def planned(html):
    return re.search(r"(\d+) sessions? planned", html).group(1)


def test_a_change_shows_at_once(client, demo, round_trips, django_capture_on_commit_callbacks):
    """A publication, a programme or organisation change, a new session: the very next request shows it."""
    page, programme = demo["programme_page"], demo["programme"]
    for url in (page.url, home_page().url):
        get(client, url, round_trips)
        before, _trips, _queries = get(client, url, round_trips)  # from the cache

    page.title = "A brand new title"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    html, _trips, _queries = get(client, page.url, round_trips)
    assert "A brand new title" in html
    home, _trips, _queries = get(client, home_page().url, round_trips)
    assert "A brand new title" in home  # the home page lists it

    zone = programme.police_zone
    zone.name = "Zone Renamed Today"
    partner = OrganisationFactory(name="A Partner Added Today")
    with django_capture_on_commit_callbacks(execute=True):
        zone.save()
        programme.partner_organisations.add(partner)
    html, _trips, _queries = get(client, page.url, round_trips)
    assert "Zone Renamed Today" in html and "A Partner Added Today" in html
    home, _trips, _queries = get(client, home_page().url, round_trips)
    assert "Zone Renamed Today" in home

    count = int(planned(html))
    with django_capture_on_commit_callbacks(execute=True):
        SessionFactory(programme=programme, starts_at=timezone.now() + datetime.timedelta(days=30))
    html, _trips, _queries = get(client, page.url, round_trips)
    assert int(planned(html)) == count + 1


def test_a_bump_within_a_request_is_read_by_that_request():
    """The request's memo follows its own bumps (a view that publishes, then renders)."""
    from youthcop.core import cache as youthcop_cache
    from youthcop.core.cache import bump

    youthcop_cache.request_started(environ={"HTTP_HOST": "testserver", "PATH_INFO": "/"})
    try:
        before = version(PAGES)
        bump(PAGES)
        assert version(PAGES) != before
    finally:
        youthcop_cache.request_finished()
