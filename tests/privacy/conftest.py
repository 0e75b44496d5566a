import datetime

import pytest

from tests.factories import OrganisationFactory, ParticipantFactory, ProgrammeFactory, officer, programme_staff
from youthcop.privacy.notes import add_note
from youthcop.programmes import services
from youthcop.programmes.models import GuardianConsent, PersonalLink, ProgrammeStaff

Role = ProgrammeStaff.Role


@pytest.fixture
def people(db):
    """A programme with a member of staff in each role, and one outside it; a young person and an officer."""
    programme = ProgrammeFactory(name="Second Wave North")
    other = ProgrammeFactory(name="Second Wave South")
    organisation = OrganisationFactory()
    staff = {role: programme_staff(programme, role, organisation=organisation if role == Role.YOUTH_WORKER else None) for role in Role}
    young = ParticipantFactory(
        programme=programme,
        first_name="Zephyrine",
        last_name="Quackenbush",
        email="zephyrine.q@example.net",
        phone="+32 470 11 22 33",
        date_of_birth=datetime.date(programme.start_date.year - 16, 3, 4),
        guardian_name="Oswin Quackenbush",
        guardian_email="oswin.q@example.net",
        guardian_phone="+32 470 99 88 77",
        accessibility_needs="Needs step-free access",
        dietary_needs=["halal"],
        registered_by=staff[Role.YOUTH_WORKER],
        organisation=organisation,
    )
    cop = officer(programme=programme, first_name="Barnabus", last_name="Whitfield", email="b.whitfield@police.example")
    return {
        "programme": programme,
        "other": other,
        "staff": staff,
        "young": young,
        "officer": cop,
        "other_advisor": programme_staff(other, Role.YOUTH_ADVISOR),
        "other_coordinator": programme_staff(other, Role.COORDINATOR),
    }


@pytest.fixture
def traces(people):
    """What the young person leaves behind: an online consent with IP and browser, links, a note."""
    young = people["young"]
    services.record_consent(
        young, participation=True, photos=True, meal_needs=True, method=GuardianConsent.Method.ONLINE,
        ip="203.0.113.7", user_agent="Mozilla/5.0 (Zephyrine's phone)",
    )
    services.issue_link(young, by=people["staff"][Role.YOUTH_WORKER])
    services.issue_link(young, PersonalLink.Purpose.GUARDIAN)
    add_note(young, text="Zephyrine Quackenbush worries about the trip", by=people["staff"][Role.YOUTH_ADVISOR])
    return people


def personal_values(participant):
    return [
        participant.first_name, participant.last_name, participant.full_name,
        participant.email, participant.phone, participant.guardian_name,
        participant.guardian_email, participant.guardian_phone,
    ]

