from django.urls import reverse


def test_participant_chooser_offers_only_visible_participants(client, world):
    client.force_login(world["worker_a"])
    response = client.get(reverse("youthcop_participant_chooser:choose"))
    body = response.json()["html"]
    assert world["mine"].last_name in body
    assert world["theirs"].last_name not in body
    assert world["elsewhere"].last_name not in body

    assert client.get(reverse("youthcop_participant_chooser:chosen", args=[world["mine"].pk])).status_code == 200
    for other in ("theirs", "elsewhere"):
        chosen = client.get(reverse("youthcop_participant_chooser:chosen", args=[world[other].pk]))
        assert chosen.status_code == 404


def _registration(programme, organisation, **fields):
    return {
        "programme": programme.pk,
        "side": "youth",
        "first_name": "Zoé",
        "last_name": "Chooserperson",
        "date_of_birth": "2000-05-01",
        "preferred_language": "fr",
        "organisation": organisation.pk,
        "consent_method": "email",
        **fields,
    }


def test_participant_chooser_search_ignores_accents_and_scope(client, world):
    world["mine"].first_name = "Zoé"
    world["mine"].save()
    for other in ("theirs", "elsewhere"):
        world[other].first_name = "Zoe"
        world[other].save()
    client.force_login(world["worker_a"])
    for query in ("zoe", "ZOÉ", f"zoe {world['mine'].last_name.lower()}"):
        for name in ("youthcop_participant_chooser:choose", "youthcop_participant_chooser:choose_results"):
            response = client.get(reverse(name), {"q": query})
            assert response.status_code == 200
            body = response.json()["html"] if name.endswith("choose") else response.content.decode()
            assert world["mine"].last_name in body, (name, query)
            assert world["theirs"].last_name not in body and world["elsewhere"].last_name not in body


def test_participant_chooser_registers_through_enrol(client, world):
    from youthcop.privacy.models import AuditLogEntry

    from youthcop.programmes.models import Participant

    client.force_login(world["worker_a"])
    choose = client.get(reverse("youthcop_participant_chooser:choose")).json()["html"]
    assert 'name="first_name"' in choose  # the "Register a participant" tab
    organisation = world["mine"].organisation
    response = client.post(
        reverse("youthcop_participant_chooser:create"), _registration(world["programme"], organisation)
    )
    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "chosen"
    created = Participant.objects.get(last_name="Chooserperson")
    assert data["result"]["id"] == str(created.pk)
    assert created.programme == world["programme"] and created.registered_by == world["worker_a"]
    assert created.status == Participant.Status.ENROLLED  # a place, through services.enrol
    assert AuditLogEntry.objects.filter(object_id=str(created.pk), action__startswith="youthcop.participant.").exists()


def test_participant_chooser_registration_errors_reshow_the_form(client, world):
    from youthcop.programmes.models import Participant

    client.force_login(world["worker_a"])
    organisation = world["mine"].organisation
    # A programme the youth worker does not work on, and a young person without a date of birth.
    for data in (
        _registration(world["other_programme"], organisation),
        _registration(world["programme"], organisation, date_of_birth=""),
        {},
    ):
        response = client.post(reverse("youthcop_participant_chooser:create"), data)
        assert response.status_code == 200
        assert response.json()["step"] == "reshow_creation_form"
        assert "error" in response.json()["htmlFragment"]
    assert not Participant.objects.filter(last_name="Chooserperson").exists()


def test_participant_chooser_registration_refused_to_advisors(client, world):
    from tests.factories import programme_staff
    from youthcop.programmes.models import Participant, ProgrammeStaff

    advisor = programme_staff(world["programme"], ProgrammeStaff.Role.YOUTH_ADVISOR)
    client.force_login(advisor)
    data = _registration(world["programme"], world["mine"].organisation)
    response = client.post(reverse("youthcop_participant_chooser:create"), data)
    assert (response.status_code, response.get("Location")) == (302, reverse("wagtailadmin_home"))  # Wagtail's refusal
    assert not Participant.objects.filter(last_name="Chooserperson").exists()
