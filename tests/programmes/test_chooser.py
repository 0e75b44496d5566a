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
