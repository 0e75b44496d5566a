import pytest

from tests.factories import OrganisationFactory, ParticipantFactory, ProgrammeFactory, programme_staff
from youthcop.programmes.models import ProgrammeStaff

Role = ProgrammeStaff.Role


@pytest.fixture
def world(db):
    """Two programmes; two youth organisations with a youth worker each; a participant of each."""
    programme = ProgrammeFactory()
    other_programme = ProgrammeFactory()
    org_a, org_b = OrganisationFactory(), OrganisationFactory()
    worker_a = programme_staff(programme, Role.YOUTH_WORKER, organisation=org_a)
    worker_b = programme_staff(programme, Role.YOUTH_WORKER, organisation=org_b)
    facilitator = programme_staff(programme, Role.FACILITATOR)
    other_facilitator = programme_staff(other_programme, Role.FACILITATOR)
    mine = ParticipantFactory(programme=programme, registered_by=worker_a, organisation=org_a)
    theirs = ParticipantFactory(programme=programme, registered_by=worker_b, organisation=org_b)
    elsewhere = ParticipantFactory(programme=other_programme, registered_by=other_facilitator)
    return {
        "programme": programme,
        "other_programme": other_programme,
        "worker_a": worker_a,
        "worker_b": worker_b,
        "facilitator": facilitator,
        "other_facilitator": other_facilitator,
        "mine": mine,
        "theirs": theirs,
        "elsewhere": elsewhere,
    }
