"""Signing: the typed name, one signature per version under concurrency, append-only, in person."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from tests.charters.factories import charter_for, link_for
from tests.factories import ParticipantFactory, ProgrammeFactory, UserFactory
from youthcop.charters import services
from youthcop.charters.models import Signature
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes.models import Participant


def sign(participant, version, typed_name=None, **kwargs):
    defaults = {"language": "en", "method": "online", "ip": "198.51.100.7", "user_agent": "phone"}
    return services.sign(participant, version, typed_name=typed_name or participant.full_name, **{**defaults, **kwargs})


@pytest.mark.parametrize(
    "typed",
    ["Mehdi Aït Ali", "mehdi ait ali", "MEHDI AÏT ALI", "  Mehdi   Ait  Ali ", "Mehdi Ait-Ali", "mèhdi aït àli"],
)
def test_names_match_ignoring_case_accents_and_spacing(typed):
    assert services.name_matches(typed, Participant(first_name="Mehdi", last_name="Aït Ali"))


@pytest.mark.parametrize(
    "on_record, typed",
    [
        ("Łukasz Wójcik", "lukasz wojcik"),
        ("Işık Yıldırım", "ISIK YILDIRIM"),
        ("Søren Bjørn", "Soren Bjorn"),
        ("Đorđe Æbelø", "dorde aebelo"),
        ("Jürgen Straße", "jurgen strasse"),
        ("Zoë N'Diaye", "ZOE N'DIAYE"),
    ],
)
def test_letters_with_their_own_accent_match_their_plain_letters(on_record, typed):
    first, last = on_record.split(" ", 1)
    assert services.name_matches(typed, Participant(first_name=first, last_name=last))


@pytest.mark.parametrize("typed", ["", "Mehdi", "Mehdi Ait", "Ali Mehdi Ait", "Medhi Ait Ali", "Mehdi Ait Ali Jr"])
def test_other_names_do_not_match(typed):
    assert not services.name_matches(typed, Participant(first_name="Mehdi", last_name="Aït Ali"))


@pytest.mark.django_db
def test_a_name_that_does_not_match_gets_a_clear_message_and_no_signature(client, charter, facilitator):
    participant = ParticipantFactory(programme=charter.programme, first_name="Chloé", last_name="Renard")
    version = services.adopt_charter(charter, by=facilitator)
    token = link_for(participant)
    url = reverse("youthcop_charters:charter", args=[token])
    text = version.text_in("en")
    data = {"version": version.pk, "language": "en", "sha256": text.sha256, "commitment": "on"}
    response = client.post(url, {**data, "typed_name": "Chloe Renaud"})
    assert response.status_code == 200
    assert "does not match the name we have for you: Chloé Renard" in response.content.decode()
    assert not Signature.objects.exists()

    response = client.post(url, {**data, "typed_name": "chloe RENARD"})
    assert response.status_code == 302
    assert Signature.objects.get().typed_name == "chloe RENARD"


@pytest.mark.django_db
def test_the_commitment_box_must_be_ticked(client, charter, facilitator, group):
    version = services.adopt_charter(charter, by=facilitator)
    url = reverse("youthcop_charters:charter", args=[link_for(group[0])])
    text = version.text_in("en")
    response = client.post(
        url, {"version": version.pk, "language": "en", "sha256": text.sha256, "typed_name": group[0].full_name}
    )
    assert response.status_code == 200
    assert "Tick the box to commit to the charter." in response.content.decode()
    assert not Signature.objects.exists()


@pytest.mark.django_db
def test_submitting_twice_gives_one_signature(client, charter, facilitator, group):
    version = services.adopt_charter(charter, by=facilitator)
    url = reverse("youthcop_charters:charter", args=[link_for(group[0])])
    data = {
        "version": version.pk,
        "language": "en",
        "sha256": version.text_in("en").sha256,
        "typed_name": group[0].full_name,
        "commitment": "on",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 200  # already signed: the page says so
    first = Signature.objects.get()
    assert sign(group[0], version).pk == first.pk
    assert Signature.objects.count() == 1


@pytest.mark.django_db
def test_signatures_are_append_only(charter, facilitator, group):
    version = services.adopt_charter(charter, by=facilitator)
    signature = sign(group[0], version)
    signature.typed_name = "someone else"
    with pytest.raises(ValidationError):
        signature.save()
    with pytest.raises(ValidationError):
        signature.delete()
    with pytest.raises(ValidationError):
        Signature.objects.all().delete()
    assert Signature.objects.get().typed_name == group[0].full_name


@pytest.mark.django_db
def test_only_participants_taking_part_sign(charter, facilitator):
    waiting = ParticipantFactory(programme=charter.programme, status=Participant.Status.WAITING)
    stranger = ParticipantFactory(programme=ProgrammeFactory())
    version = services.adopt_charter(charter, by=facilitator)
    for participant in (waiting, stranger):
        with pytest.raises(services.NotTakingPart):
            sign(participant, version)


@pytest.mark.django_db(transaction=True)
def test_two_tabs_signing_at_once_give_exactly_one_signature():
    programme = ProgrammeFactory()
    facilitator = UserFactory()  # only acts through the services here
    participant = ParticipantFactory(programme=programme, first_name="Amira", last_name="Haddad")
    version = services.adopt_charter(charter_for(programme), by=facilitator)
    tabs = 6
    barrier = threading.Barrier(tabs)
    results, errors = [], []

    def submit(n):
        try:
            barrier.wait()
            results.append(sign(participant, version, typed_name="amira haddad", user_agent=f"tab {n}").pk)
        except Exception as error:  # noqa: BLE001 — the test reports every failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(tabs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Signature.objects.filter(participant=participant, version=version).count() == 1
    assert set(results) == {Signature.objects.get().pk}


@pytest.mark.django_db(transaction=True)
def test_two_tabs_posting_the_signing_form_at_once_give_one_signature_and_no_error():
    from django.test import Client

    programme = ProgrammeFactory()
    participant = ParticipantFactory(programme=programme, first_name="Chloé", last_name="Renard")
    version = services.adopt_charter(charter_for(programme), by=UserFactory())
    url = reverse("youthcop_charters:charter", args=[link_for(participant)])
    text = version.text_in("en")
    data = {"version": version.pk, "language": "en", "sha256": text.sha256, "typed_name": "chloe renard", "commitment": "on"}
    tabs = 4
    barrier = threading.Barrier(tabs)
    statuses, errors = [], []

    def submit():
        try:
            tab = Client()
            barrier.wait()
            statuses.append(tab.post(url, data, REMOTE_ADDR="198.51.100.20").status_code)
        except Exception as error:  # noqa: BLE001 — the test reports every failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(tabs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    # Each tab is answered: a redirect to the page that says "you signed", or that page itself.
    assert statuses and all(status in (200, 302) for status in statuses) and len(statuses) == tabs
    assert Signature.objects.filter(participant=participant).count() == 1
    assert Client().get(url).content.decode().count("You signed this version on") == 1


@pytest.mark.django_db
def test_a_facilitator_records_an_in_person_signature(client, charter, facilitator, group):
    version = services.adopt_charter(charter, by=facilitator)
    client.force_login(facilitator)
    url = reverse("wagtailsnippets_youthcop_charters_charter:in_person", args=[charter.pk, group[0].pk])
    page = client.get(url)
    assert page.status_code == 200
    text = version.text_in("en")
    response = client.post(
        url,
        {
            "version": version.pk,
            "language": "en",
            "sha256": text.sha256,
            "typed_name": group[0].full_name.upper(),
            "commitment": "on",
        },
    )
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.method == Signature.Method.IN_PERSON
    assert signature.recorded_by == facilitator
    assert signature.text_sha256 == text.sha256
    entry = AuditLogEntry.objects.get(action="youthcop.charter.signed")
    assert entry.user_id == facilitator.pk and entry.data["method"] == "in_person"
    page = client.get(reverse("wagtailsnippets_youthcop_charters_charter:signatures", args=[charter.pk]))
    assert "In person, on a shared device" in page.content.decode()


@pytest.mark.django_db
def test_an_in_person_signature_for_another_programme_is_refused(client, charter, facilitator):
    services.adopt_charter(charter, by=facilitator)
    stranger = ParticipantFactory(programme=ProgrammeFactory())
    client.force_login(facilitator)
    url = reverse("wagtailsnippets_youthcop_charters_charter:in_person", args=[charter.pk, stranger.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_participant_or_programme_with_signatures_is_never_deleted(charter, facilitator, group):
    """Signatures are append-only (README rule 4): deleting refuses; erasure anonymises instead (rule 6)."""
    from django.db.models import ProtectedError

    version = services.adopt_charter(charter, by=facilitator)
    sign(group[0], version)
    sign(group[1], version)
    with pytest.raises(ProtectedError):
        group[0].delete()
    with pytest.raises(ProtectedError):
        charter.programme.delete()
    assert Signature.objects.count() == 2
    group[2].delete()  # signed nothing: no history to keep
    assert not Participant.objects.filter(pk=group[2].pk).exists()
