import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.factories import PoliceZoneFactory, staff_user
from youthcop.core import roles
from youthcop.programmes.models import Programme


@pytest.mark.django_db
def test_coordinator_creates_a_programme_with_staff_and_steering_committee(client):
    coordinator = staff_user(roles.COORDINATOR)
    facilitator = staff_user(roles.FACILITATOR)
    zone = PoliceZoneFactory()
    client.force_login(coordinator)
    data = nested_form_data(
        {
            "name": "Second Wave Liège",
            "police_zone": zone.pk,
            "status": "recruiting",
            "partner_organisations": [],
            "start_date": "2026-09-01",
            "end_date": "",
            "target_size": 27,
            "youth_per_officer": 2,
            "ratio_tolerance": "0.5",
            "min_size": 25,
            "max_size": 30,
            "certificate_threshold": 75,
            "min_joint_workshops": 6,
            "reward_description": "An exchange in Casablanca",
            "staff": inline_formset([{"user": facilitator.pk, "role": "facilitator"}]),
            "steering_members": inline_formset([{"name": "Insp. Dubois", "represents": "police", "organisation": ""}]),
        }
    )
    response = client.post(reverse("youthcop_admin_programmes:add"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    programme = Programme.objects.get(name="Second Wave Liège")
    assert str(programme.end_date) == "2027-08-31"  # one year by default
    assert set(programme.staff.values_list("user__username", "role")) == {
        (facilitator.username, "facilitator"),
        (coordinator.username, "coordinator"),
    }
    assert programme.steering_members.get().represents == "police"
    # The creator can open what they created; the facilitator sees it too.
    assert client.get(reverse("youthcop_admin_programmes:inspect", args=[programme.pk])).status_code == 200
    client.force_login(facilitator)
    assert client.get(reverse("youthcop_admin_programmes:inspect", args=[programme.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("target_size, valid", [(24, False), (25, True), (30, True), (31, False)])
def test_the_target_size_lies_in_the_size_window(target_size, valid):
    programme = Programme(
        name="Window", police_zone=PoliceZoneFactory(), start_date=datetime.date(2026, 9, 1), target_size=target_size
    )
    if valid:
        programme.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            programme.full_clean()
        assert set(error.value.message_dict) == {"target_size"}


@pytest.mark.django_db
def test_youth_workers_cannot_create_programmes(client):
    client.force_login(staff_user(roles.YOUTH_WORKER))
    response = client.get(reverse("youthcop_admin_programmes:add"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
