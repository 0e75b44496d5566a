import pytest

from tests.factories import ProgrammeFactory, programme_staff
from youthcop.programmes.models import ProgrammeStaff

Role = ProgrammeStaff.Role


@pytest.fixture
def programme(db):
    return ProgrammeFactory(youth_per_officer=2)


@pytest.fixture
def facilitator(programme):
    return programme_staff(programme, Role.FACILITATOR)


@pytest.fixture
def coordinator(programme):
    return programme_staff(programme, Role.COORDINATOR)
