"""Public pages cost the same number of queries however much is behind them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory, ParticipantFactory, ProgrammeFactory, officer
from tests.sessions.factories import SessionFactory, days_ago
from youthcop.programmes.models import Side
from youthcop.sessions.models import Attendance, Session

from .factories import home_page, make_index, make_programme_page

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


def _programme_with(sessions, participants, index):
    programme = ProgrammeFactory()
    programme.partner_organisations.set(OrganisationFactory.create_batch(3))
    people = [ParticipantFactory(programme=programme, side=Side.YOUTH) for _ in range(participants)]
    people += [officer(programme=programme) for _ in range(max(1, participants // 2))]
    for n in range(sessions):
        held = n % 2 == 0
        session = SessionFactory(
            programme=programme,
            starts_at=days_ago(60 - n) if held else days_ago(-n - 1),
            status=Session.Status.HELD if held else Session.Status.PLANNED,
        )
        if held:
            Attendance.objects.bulk_create(
                Attendance(session=session, participant=person, status="present") for person in people
            )
    return make_programme_page(programme, parent=index)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _cold_and_warm(client, url, django_cache):
    django_cache.clear()
    cold = _count(client, url)
    warm = _count(client, url)
    return cold, warm


@pytest.fixture
def django_cache():
    from django.core.cache import cache

    return cache


def test_programme_page_queries_do_not_grow_with_sessions_or_participants(client, django_cache):
    index = make_index()
    sizes = [(1, 3), (12, 27), (50, 60)]
    counts = [_cold_and_warm(client, _programme_with(s, p, index).url, django_cache) for s, p in sizes]
    colds, warms = {cold for cold, _ in counts}, {warm for _, warm in counts}
    assert len(colds) == 1, counts
    assert len(warms) == 1, counts
    assert warms.pop() <= MAX_QUERIES, counts


def test_index_and_home_queries_do_not_grow_with_programmes(client, django_cache):
    index = make_index()
    for _ in range(2):
        make_programme_page(ProgrammeFactory(), parent=index)
    few = [_cold_and_warm(client, url, django_cache) for url in (index.url, home_page().url)]
    for _ in range(13):
        make_programme_page(ProgrammeFactory(), parent=index)
    many = [_cold_and_warm(client, url, django_cache) for url in (index.url, home_page().url)]
    assert few == many
    assert all(warm <= MAX_QUERIES for _cold, warm in many), many
