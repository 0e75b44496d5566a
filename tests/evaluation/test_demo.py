"""The demo's year of answers gives charts with something real: enough answers per side and round, and an improvement."""

import datetime

import pytest
from django.utils import timezone

from tests.evaluation.factories import group
from tests.factories import ProgrammeFactory
from tests.sessions.factories import SessionFactory
from youthcop.evaluation import services
from youthcop.evaluation.models import Response, Round
from youthcop_site.demo.evaluation import answer_year

pytestmark = pytest.mark.django_db


def test_a_year_of_demo_answers(programme):
    start = timezone.localdate() - datetime.timedelta(days=400)
    past = ProgrammeFactory(start_date=start, status="completed")
    SessionFactory(programme=past, starts_at=timezone.make_aware(datetime.datetime.combine(start, datetime.time(18))) + datetime.timedelta(days=10))
    group(past, youth=18, police=9)
    answer_year(past, seed=1)
    result = services.results(past)
    assert [one.kind for one in result.rounds] == ["before", "mid", "after"]
    for side in result.sides:
        assert all(not count.withheld for _kind, count in side.counts)
        assert all(item.change is not None and item.change.mean > 0 for item in side.items)
        assert sum(item.change.low > 0 for item in side.items) >= 1
    # Running it again changes nothing.
    responses = Response.objects.count()
    answer_year(past, seed=1)
    assert Response.objects.count() == responses and Round.objects.filter(programme=past).count() == 3
