import datetime

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, ParticipantFactory, ProgrammeFactory, officer, programme_staff
from youthcop.programmes.composition import composition
from youthcop.programmes.models import Participant, ProgrammeStaff


@pytest.mark.django_db
def test_composition_counts_sides_ratio_organisations_ages_and_genders():
    programme = ProgrammeFactory(start_date=datetime.date(2026, 9, 1))
    club = OrganisationFactory(name="Club A")
    for age, gender in [(15, "female"), (16, "male"), (17, "female"), (19, "")]:
        ParticipantFactory(
            programme=programme, organisation=club, gender=gender,
            date_of_birth=datetime.date(2026 - age, 1, 1),
        )
    ParticipantFactory(programme=programme, status=Participant.Status.WAITING)
    ParticipantFactory(programme=programme, status=Participant.Status.WITHDRAWN)
    officer(programme=programme, gender="male")

    result = composition(programme)

    assert (result.youth, result.police, result.ratio) == (4, 1, 4.0)
    assert (result.youth_slots, result.police_slots) == (18, 9)
    assert result.waiting == {"youth": 1, "police": 0}
    assert ("Club A", "Young person", 4) in result.by_organisation
    assert result.by_age_band == [("–15", 1), ("16–17", 2), ("18–20", 1)]
    assert dict(result.by_gender) == {"Female": 2, "Male": 2, "Not given": 1}
    assert result.warnings == [
        "The group has 5 members, fewer than the 25 the method asks for.",
        "The group has 4 young people for 1 officers; the programme aims at 2 per officer.",
    ]


@pytest.mark.django_db
def test_a_full_group_at_the_ratio_has_no_warning():
    programme = ProgrammeFactory()
    ParticipantFactory.create_batch(18, programme=programme)
    for unit in ["community", "intervention", "investigation"] * 3:
        Participant.objects.filter(pk=officer(programme=programme).pk).update(police_unit=unit)
    result = composition(programme)
    assert (result.size, result.ratio, result.warnings) == (27, 2.0, [])


@pytest.mark.django_db
def test_programme_admin_page_shows_the_composition(client):
    programme = ProgrammeFactory(min_size=1, max_size=2)
    ParticipantFactory.create_batch(3, programme=programme)
    client.force_login(programme_staff(programme, ProgrammeStaff.Role.COORDINATOR))
    body = client.get(reverse("youthcop_admin_programmes:inspect", args=[programme.pk])).content.decode()
    assert 'data-youthcop="youth">3<' in body
    assert "more than the 2 the method asks for" in body

