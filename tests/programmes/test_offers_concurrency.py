"""Offers, acceptances, withdrawals and registrations at once never exceed a side's places (README rules 1–2).

Row locks with a timeout are PostgreSQL's: the test runs in the suite's PostgreSQL pass.
"""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.factories import OrganisationFactory, ProgrammeFactory
from youthcop.programmes import services
from youthcop.programmes.models import Participant, Programme, Side

Status = Participant.Status
YOUTH_PLACES = 6

pytestmark = [
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks with a timeout are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


def _at_once(calls):
    """Run every ``(function, args)`` in its own thread, all released together; return each one's outcome."""
    barrier = threading.Barrier(len(calls))

    def run(function, *args):
        try:
            barrier.wait(timeout=30)
            for _attempt in range(10):
                try:
                    return function(*args)
                except services.ProgrammeBusy:
                    continue
            raise AssertionError("the programme stayed busy")
        except services.OfferRefused as refused:
            return refused
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, function, *args) for function, args in calls]
        return [future.result() for future in futures]  # re-raises any other error of a thread


def _register(programme, organisation, n):
    return services.enrol(
        programme,
        registered_by=None,
        side=Side.YOUTH,
        first_name=f"Late{n}",
        last_name="Arrival",
        date_of_birth=datetime.date(1990, 1, 1),
        organisation=organisation,
    ).participant


def _offer(participant):
    return services.offer_place(participant, by=None, reason="For the mix")


def _youth(programme):
    return Participant.objects.filter(programme=programme, side=Side.YOUTH)


def _places_taken(programme):
    return _youth(programme).taking_place().count()


def test_offers_acceptances_withdrawals_and_registrations_at_once_never_exceed_the_places():
    programme = ProgrammeFactory(target_size=9, youth_per_officer=2, min_size=2, waiting_list_auto=False)  # 6 + 3
    organisation = OrganisationFactory()
    held = [_register(programme, organisation, n) for n in range(YOUTH_PLACES)]
    waiting = [_register(programme, organisation, n) for n in range(YOUTH_PLACES, YOUTH_PLACES + 12)]
    assert {p.status for p in held} == {Status.ENROLLED} and {p.status for p in waiting} == {Status.WAITING}
    for person in held[3:]:  # the places stay free for the coordinator's choice
        assert services.withdraw(person) is None
    held = held[:3]

    # Three places free: twelve offers by coordinators and eight registrations race for them.
    outcomes = _at_once(
        [(_offer, (person,)) for person in waiting] + [(_register, (programme, organisation, n)) for n in range(20, 28)]
    )
    refused = [o for o in outcomes if isinstance(o, services.OfferRefused)]
    assert _places_taken(programme) == YOUTH_PLACES
    offered = list(_youth(programme).filter(status=Status.OFFERED))
    newly_enrolled = _youth(programme).filter(status=Status.ENROLLED).count() - 3
    assert len(offered) + newly_enrolled == 3
    assert len(refused) == 12 - len(offered)

    # Automatic offers on; those offered accept while three withdraw and five more register.
    programme = Programme.objects.get(pk=programme.pk)
    programme.waiting_list_auto = True
    programme.save()
    outcomes = _at_once(
        [(services.accept_offer, (person,)) for person in offered]
        + [(services.withdraw, (person,)) for person in held]
        + [(_register, (programme, organisation, n)) for n in range(30, 35)]
    )
    assert _places_taken(programme) == YOUTH_PLACES
    youth = _youth(programme)
    assert youth.filter(status=Status.ENROLLED).count() + youth.filter(status=Status.OFFERED).count() == YOUTH_PLACES
    # Each withdrawal offered its place to the next in line in its own transaction: no registration took it.
    assert youth.filter(status=Status.OFFERED).count() == 3

    # The new offers accepted at once, with more registrations: still six.
    second_round = list(youth.filter(status=Status.OFFERED))
    _at_once(
        [(services.accept_offer, (person,)) for person in second_round]
        + [(_register, (programme, organisation, n)) for n in range(40, 45)]
    )
    assert youth.filter(status=Status.ENROLLED).count() == YOUTH_PLACES
    assert youth.filter(status=Status.OFFERED).count() == 0
