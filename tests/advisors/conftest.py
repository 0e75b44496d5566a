import pytest

from tests.factories import OrganisationFactory, ParticipantFactory, ProgrammeFactory, officer, programme_staff
from youthcop.programmes import services as programme_services
from youthcop.programmes.models import ProgrammeStaff

Role = ProgrammeStaff.Role

SECRET = "I am scared of the officer Brutus at the station"


@pytest.fixture
def group(db):
    """A programme with staff in every role, a young person and an officer with personal links."""
    programme = ProgrammeFactory(name="Second Wave North")
    organisation = OrganisationFactory()
    staff = {
        role: programme_staff(programme, role, organisation=organisation if role == Role.YOUTH_WORKER else None)
        for role in Role
    }
    staff[Role.YOUTH_ADVISOR].first_name, staff[Role.YOUTH_ADVISOR].last_name = "Nadia", "Benali"
    staff[Role.YOUTH_ADVISOR].save()
    staff[Role.POLICE_ADVISOR].first_name, staff[Role.POLICE_ADVISOR].last_name = "Karel", "Janssens"
    staff[Role.POLICE_ADVISOR].save()
    young = ParticipantFactory(
        programme=programme,
        first_name="Zephyrine",
        last_name="Quackenbush",
        email="zephyrine@example.net",
        registered_by=staff[Role.YOUTH_WORKER],
        organisation=organisation,
        preferred_language="en",
    )
    cop = officer(programme=programme, first_name="Barnabus", last_name="Whitfield", email="bw@police.example",
                  preferred_language="en")
    other = ProgrammeFactory(name="Second Wave South")
    return {
        "programme": programme,
        "staff": staff,
        "young": young,
        "officer": cop,
        "young_token": programme_services.issue_link(young),
        "officer_token": programme_services.issue_link(cop),
        "other_advisor": programme_staff(other, Role.YOUTH_ADVISOR),
    }
