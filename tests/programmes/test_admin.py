import datetime
import html
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import ParticipantFactory, ProgrammeFactory, officer, programme_staff, staff_user
from youthcop.core import roles
from youthcop.programmes import services
from youthcop.programmes.models import Participant, PersonalLink, ProgrammeStaff

Role = ProgrammeStaff.Role


def registration(programme, organisation, **overrides):
    data = {
        "programme": programme.pk,
        "side": "youth",
        "first_name": "Sam",
        "last_name": "Janssens",
        "date_of_birth": "2000-03-04",
        "gender": "",
        "email": "sam@example.net",
        "phone": "",
        "preferred_language": "nl",
        "organisation": organisation.pk,
        "police_unit": "",
        "accessibility_needs": "",
        "guardian_name": "",
        "guardian_email": "",
        "guardian_phone": "",
        "consent_method": "email",
        "paper_form_date": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def worker(programme):
    return programme_staff(programme, Role.YOUTH_WORKER)


def messages_of(response):
    # Wagtail appends action buttons to a message's HTML; the words come first.
    return [html.unescape(str(m).split("\n")[0].strip()) for m in response.context["messages"]]


def test_registration_says_enrolled(client, programme, worker):
    client.force_login(worker)
    organisation = worker.youthcop_profile.organisation
    response = client.post(
        reverse("youthcop_admin_participants:add"), registration(programme, organisation), follow=True
    )
    assert messages_of(response) == ["Sam Janssens is enrolled."]
    participant = Participant.objects.get(last_name="Janssens")
    assert participant.registered_by == worker
    assert participant.preferred_language == "nl"


def test_registration_of_a_minor_says_awaiting_guardian_consent(client, programme, worker):
    client.force_login(worker)
    born = programme.start_date.replace(year=programme.start_date.year - 15)
    data = registration(
        programme,
        worker.youthcop_profile.organisation,
        date_of_birth=born.isoformat(),
        guardian_name="Ann Janssens",
        guardian_email="ann@example.net",
    )
    response = client.post(reverse("youthcop_admin_participants:add"), data, follow=True)
    [message] = messages_of(response)
    assert message.startswith("Sam Janssens is awaiting guardian consent: the place is reserved until")


def test_registration_of_a_minor_needs_a_guardian(client, programme, worker):
    client.force_login(worker)
    born = programme.start_date.replace(year=programme.start_date.year - 15)
    data = registration(programme, worker.youthcop_profile.organisation, date_of_birth=born.isoformat())
    response = client.post(reverse("youthcop_admin_participants:add"), data)
    assert response.status_code == 200
    assert "This young person is a minor" in response.content.decode()
    assert not Participant.objects.exists()


def test_registration_when_full_gives_the_waiting_list_position(client, worker):
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)
    ProgrammeStaff.objects.create(programme=programme, user=worker, role=Role.YOUTH_WORKER)
    ParticipantFactory.create_batch(2, programme=programme)
    ParticipantFactory(programme=programme, status=Participant.Status.WAITING, waiting_since=timezone.now())
    client.force_login(worker)
    response = client.post(
        reverse("youthcop_admin_participants:add"),
        registration(programme, worker.youthcop_profile.organisation),
        follow=True,
    )
    assert messages_of(response) == [
        "This programme's youth places are full; Sam Janssens was added to the waiting list (position 2)."
    ]


def test_paper_consent_recorded_by_the_youth_worker_enrols(client, programme, worker):
    client.force_login(worker)
    minor = services.enrol(
        programme,
        registered_by=worker,
        side="youth",
        first_name="Lina",
        last_name="Kaya",
        date_of_birth=programme.start_date.replace(year=programme.start_date.year - 14),
        guardian_name="G",
        guardian_email="g@example.net",
        organisation=worker.youthcop_profile.organisation,
    ).participant
    response = client.post(
        reverse("youthcop_admin_participants:consent", args=[minor.pk]),
        {"participation": "1", "photos": "on", "paper_form_date": datetime.date.today().isoformat()},
        follow=True,
    )
    assert messages_of(response) == ["Consent recorded. Lina Kaya: Enrolled."]
    consent = minor.consents.get()
    assert (consent.method, consent.photos, consent.collected_by) == ("paper", True, worker)


def test_personal_link_shown_again_is_the_same_link_until_revoked_after_a_confirmation(client, programme, worker):
    participant = ParticipantFactory(programme=programme, registered_by=worker)
    client.force_login(worker)
    link_url = reverse("youthcop_admin_participants:link", args=[participant.pk])

    first = client.post(link_url, {"action": "show"})
    url = first.context["url"]
    assert "<svg" in first.content.decode()
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 32
    link = PersonalLink.objects.get(participant=participant)
    assert token not in (link.selector, link.token_hash) and link.selector in token  # the signature is not stored
    assert client.get(url).status_code == 200

    second = client.post(link_url, {"action": "show"})
    assert second.context["url"] == url
    assert client.get(url).status_code == 200

    confirmation = client.post(link_url, {"action": "revoke"})
    assert "revoke_confirmed" in confirmation.content.decode()
    assert client.get(url).status_code == 200  # asking is not revoking
    client.post(link_url, {"action": "revoke_confirmed"})
    assert client.get(url).status_code == 404
    third = client.post(link_url, {"action": "show"})
    assert third.context["url"] != url and client.get(third.context["url"]).status_code == 200


def test_personal_link_can_be_sent_by_email(client, programme, worker, mailoutbox, django_capture_on_commit_callbacks):
    participant = ParticipantFactory(programme=programme, registered_by=worker, preferred_language="fr")
    client.force_login(worker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("youthcop_admin_participants:link", args=[participant.pk]), {"action": "email"})
    [message] = mailoutbox
    assert message.to == [participant.email]
    assert "/youthcop/p/" in message.body


def test_withdraw_action_promotes_and_reports(client, worker):
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)
    ProgrammeStaff.objects.create(programme=programme, user=worker, role=Role.YOUTH_WORKER)
    leaving = ParticipantFactory(programme=programme, registered_by=worker, first_name="Ana", last_name="B")
    ParticipantFactory(programme=programme)
    ParticipantFactory(
        programme=programme, status=Participant.Status.WAITING, waiting_since=timezone.now(),
        first_name="Noor", last_name="C",
    )
    client.force_login(worker)
    response = client.post(
        reverse("youthcop_admin_participants:withdraw", args=[leaving.pk]), {"reason": "moved"}, follow=True
    )
    assert messages_of(response) == ["Ana B is withdrawn.", "Noor C moved up from the waiting list: Place offered, to accept by "
        + date_format(timezone.localdate() + datetime.timedelta(days=7), "DATE_FORMAT") + "."]


def _grow(programme, n):
    coordinator = staff_user(roles.YOUTH_WORKER)
    for i in range(n):
        if i % 3:
            ParticipantFactory(programme=programme, registered_by=coordinator)
        else:
            officer(programme=programme)
    ParticipantFactory(programme=programme, status=Participant.Status.WAITING, waiting_since=timezone.now())


@pytest.mark.parametrize("view", ["participant_list", "programme_page"])
def test_admin_query_counts_do_not_grow_with_participants(client, programme, view, django_assert_max_num_queries):
    coordinator = programme_staff(programme, Role.COORDINATOR)
    client.force_login(coordinator)
    target = {
        "participant_list": reverse("youthcop_admin_participants:index") + "?per_page=500",
        "programme_page": reverse("youthcop_admin_programmes:inspect", args=[programme.pk]),
    }[view]
    client.get(target)  # warm caches (site, permissions)

    def count(n):
        _grow(programme, n - programme.participants.count())
        with django_assert_max_num_queries(1000) as captured:
            response = client.get(target)
        assert response.status_code == 200
        return len(captured.captured_queries)

    at_30 = count(30)
    at_300 = count(300)
    assert at_300 == at_30


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks with a timeout are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_busy_programme_asks_to_try_again_instead_of_failing(client, settings):
    settings.YOUTHCOP = {"LOCK_TIMEOUT_SECONDS": 0.2}
    programme = ProgrammeFactory()
    worker = programme_staff(programme, Role.YOUTH_WORKER)
    holding, release = threading.Event(), threading.Event()

    def hold_lock():
        from django.db import transaction

        from youthcop.programmes.models import Programme

        with transaction.atomic():
            Programme.objects.select_for_update().get(pk=programme.pk)
            holding.set()
            release.wait(10)
        connections.close_all()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    holding.wait(10)
    try:
        client.force_login(worker)
        response = client.post(
            reverse("youthcop_admin_participants:add"), registration(programme, worker.youthcop_profile.organisation)
        )
    finally:
        release.set()
        holder.join()
    assert response.status_code == 200
    assert "Please try again in a moment." in response.content.decode()
    assert not Participant.objects.exists()
    assert connection.vendor == "postgresql"


@pytest.mark.parametrize(("language", "headings"), [
    ("fr", ["Nom", "Programme", "Statut", "Inscrit par"]),
    ("nl", ["Naam", "Programma", "Status", "Ingeschreven door"]),
])
def test_the_participant_list_headings_speak_the_users_language(client, programme, worker, language, headings):
    from bs4 import BeautifulSoup
    from wagtail.users.models import UserProfile

    ParticipantFactory(programme=programme, registered_by=worker)
    profile = UserProfile.get_for_user(worker)
    profile.preferred_language = language
    profile.save()
    client.force_login(worker)
    page = BeautifulSoup(client.get(reverse("youthcop_admin_participants:index")).content, "html.parser")
    shown = [" ".join(th.get_text().split()) for th in page.select("table thead th")]
    for heading in headings:
        assert heading in shown, shown
    assert "Full name" not in shown
