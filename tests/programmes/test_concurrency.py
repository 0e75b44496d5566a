"""Concurrent registrations by many youth workers never exceed a quota.

Runs on the database the suite runs on: a SQLite file in the first pass,
PostgreSQL in the second (the README's test command runs both).
"""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.factories import OrganisationFactory, ProgrammeFactory
from youthcop.programmes import services
from youthcop.programmes.models import Participant, Side

Status = Participant.Status


def _register(programme, organisation, side, n, barrier):
    try:
        barrier.wait(timeout=30)
        return services.enrol(
            programme,
            registered_by=None,
            side=side,
            first_name=f"Person{n}",
            last_name=side,
            date_of_birth=datetime.date(1990, 1, 1) if side == Side.YOUTH else None,
            police_unit="" if side == Side.YOUTH else "intervention",
            organisation=organisation,
        ).participant.pk
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_hundred_simultaneous_registrations_respect_the_quotas():
    programme = ProgrammeFactory(target_size=27, youth_per_officer=2)
    youth_org = OrganisationFactory()
    sides = [Side.YOUTH] * 70 + [Side.POLICE] * 30
    sides = sides[::3] + sides[1::3] + sides[2::3]  # interleave the two sides
    workers = 20
    barrier = threading.Barrier(workers)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(
                _register,
                programme,
                youth_org if side == Side.YOUTH else programme.police_zone,
                side,
                n,
                barrier if n < workers else threading.Barrier(1),
            )
            for n, side in enumerate(sides)
        ]
        pks = [future.result() for future in futures]  # re-raises any error of a thread

    assert len(set(pks)) == 100
    for side, slots, total in ((Side.YOUTH, 18, 70), (Side.POLICE, 9, 30)):
        people = Participant.objects.filter(programme=programme, side=side)
        enrolled = sorted(people.filter(status=Status.ENROLLED).values_list("pk", flat=True))
        waiting = list(people.with_waiting_position().filter(status=Status.WAITING).order_by("_waiting_position"))
        assert len(enrolled) == slots
        assert len(waiting) == total - slots
        assert [p._waiting_position for p in waiting] == list(range(1, total - slots + 1))
        # Arrival order: primary keys are given under the programme lock, so the
        # places went to the first arrivals and the list follows arrival order.
        assert max(enrolled) < min(p.pk for p in waiting)
        assert [p.pk for p in waiting] == sorted(p.pk for p in waiting)
