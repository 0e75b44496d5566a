"""Who sees which participant, checked on the server in every view."""

import pytest
from django.urls import reverse

from tests.factories import staff_user
from youthcop.core import roles

OBJECT_VIEWS = ["edit", "delete", "inspect", "history", "withdraw", "link", "consent"]


def url(name, participant=None):
    args = [participant.pk] if participant else []
    return reverse(f"youthcop_admin_participants:{name}", args=args)


@pytest.mark.parametrize("view", OBJECT_VIEWS)
def test_youth_worker_cannot_reach_another_organisations_participant(client, world, view):
    client.force_login(world["worker_a"])
    own = client.get(url(view, world["mine"]))
    if view == "delete":  # youth workers withdraw participants; only coordinators delete
        assert (own.status_code, own["Location"]) == (302, reverse("wagtailadmin_home"))
    else:
        assert own.status_code == 200
    for other in ("theirs", "elsewhere"):
        for method in (client.get, client.post):
            assert method(url(view, world[other])).status_code in (403, 404)


def test_youth_worker_list_and_export_hold_only_their_organisations_participants(client, world):
    client.force_login(world["worker_a"])
    listing = client.get(url("index")).content.decode()
    assert world["mine"].last_name in listing
    assert world["theirs"].last_name not in listing
    assert world["elsewhere"].last_name not in listing

    export = b"".join(client.get(url("index") + "?export=csv").streaming_content).decode()
    assert world["mine"].last_name in export
    assert world["theirs"].last_name not in export
    assert world["elsewhere"].last_name not in export


def test_a_colleague_of_the_same_organisation_sees_their_registrations(client, world):
    organisation = world["worker_a"].youthcop_profile.organisation
    world["programme"].partner_organisations.add(organisation)  # their organisation takes part
    colleague = staff_user(roles.YOUTH_WORKER, organisation=organisation)
    client.force_login(colleague)
    assert client.get(url("edit", world["mine"])).status_code == 200
    assert client.get(url("edit", world["theirs"])).status_code == 404


def test_organisation_wide_sight_stops_at_programmes_the_organisation_takes_part_in(client, world):
    """A youth worker of organisation A with no role in the programme, which does not name A a partner."""
    colleague = staff_user(roles.YOUTH_WORKER, organisation=world["worker_a"].youthcop_profile.organisation)
    client.force_login(colleague)
    assert client.get(url("inspect", world["mine"])).status_code == 404
    assert world["mine"].last_name not in client.get(url("index")).content.decode()


def test_facilitator_sees_their_programme_only(client, world):
    client.force_login(world["facilitator"])
    listing = client.get(url("index")).content.decode()
    assert world["mine"].last_name in listing and world["theirs"].last_name in listing
    assert world["elsewhere"].last_name not in listing
    assert client.get(url("edit", world["elsewhere"])).status_code == 404
    programme_url = reverse("youthcop_admin_programmes:inspect", args=[world["other_programme"].pk])
    assert client.get(programme_url).status_code == 404


def test_registration_offers_only_programmes_of_the_user(client, world):
    client.force_login(world["worker_a"])
    response = client.post(
        url("add"),
        {"programme": world["other_programme"].pk, "side": "youth", "first_name": "X", "last_name": "Y"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not world["other_programme"].participants.filter(first_name="X").exists()


@pytest.mark.parametrize("view", ["index", "add", *OBJECT_VIEWS])
def test_anonymous_users_reach_no_admin_view(client, world, view):
    target = url(view) if view in ("index", "add") else url(view, world["mine"])
    response = client.get(target)
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
