"""Public pages cost the same number of queries however much is behind them.

The programme page is measured with the demo content — sessions, an adopted
charter made public — so that the sections the sessions and charters apps add
through ``youthcop_programme_page_sections`` are counted too.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ParticipantFactory, ProgrammeFactory, officer
from youthcop.sessions.models import Attendance, Session

from .factories import home_page, make_index, make_programme_page
from .public_fixtures import load_demo_site

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
PROGRAMME_PAGES = ["/en/programmes/second-wave-brussels-north/", "/fr/programmes/second-wave-bruxelles-nord/"]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def cold_and_warm(client, url):
    """Queries of the first request after every cache was emptied, then of the next one."""
    cache.clear()
    return count_queries(client, url), count_queries(client, url)


def set_session_count(programme, count):
    """Keep ``count`` sessions, half held with everyone's attendance, half to come."""
    programme.sessions.all().delete()
    people = list(programme.participants.all())
    start = timezone.now() - datetime.timedelta(days=count * 7)
    for n in range(count):
        held = n < count // 2 or count == 1
        session = Session.objects.create(
            programme=programme,
            title=f"Workshop {n}",
            starts_at=start + datetime.timedelta(days=14 * n),
            ends_at=start + datetime.timedelta(days=14 * n, hours=3),
            status=Session.Status.HELD if held else Session.Status.PLANNED,
        )
        if held:
            Attendance.objects.bulk_create(Attendance(session=session, participant=p, status="present") for p in people)


def test_programme_page_queries_do_not_grow_with_sessions_or_participants(client, django_capture_on_commit_callbacks):
    programme = load_demo_site(django_capture_on_commit_callbacks)["programme"]
    html = client.get(PROGRAMME_PAGES[0]).content.decode()
    assert 'data-youthcop="programme-sessions"' in html and 'id="yc-public-charter"' in html  # both sections count
    measured = {}
    for sessions, extra_people in [(1, 0), (12, 10), (50, 60)]:
        for _ in range(extra_people):
            ParticipantFactory(programme=programme)
            officer(programme=programme)
        set_session_count(programme, sessions)
        measured[sessions] = [cold_and_warm(client, url) for url in PROGRAMME_PAGES]
    assert measured[1] == measured[12] == measured[50], measured
    worst_warm = max(warm for counts in measured.values() for _cold, warm in counts)
    print("programme page queries (cold, warm) per session count:", measured)
    assert worst_warm <= MAX_QUERIES, measured


def test_index_and_home_queries_do_not_grow_with_programmes(client):
    index = make_index()
    for _ in range(2):
        make_programme_page(ProgrammeFactory(), parent=index)
    few = [cold_and_warm(client, url) for url in (index.url, home_page().url)]
    for _ in range(13):
        make_programme_page(ProgrammeFactory(), parent=index)
    many = [cold_and_warm(client, url) for url in (index.url, home_page().url)]
    assert few == many
    assert all(warm <= MAX_QUERIES for _cold, warm in many), many
