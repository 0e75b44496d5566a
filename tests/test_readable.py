"""Admin lists, exports and object pages read as a person reads: labels, the site's local time, yes or no, names."""

import csv
import io

from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.factories import ParticipantFactory, ProgrammeFactory, programme_staff
from tests.sessions.factories import SessionFactory, brussels
from youthcop.programmes.models import Participant, ProgrammeStaff, Side


def exported(client, name, language="en"):
    response = client.get(reverse(name) + "?export=csv", HTTP_ACCEPT_LANGUAGE=language)
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_participants_export_choice_labels_not_codes(client, db):
    programme = ProgrammeFactory()
    ParticipantFactory(programme=programme, side=Side.POLICE, status=Participant.Status.WAITING, police_unit="community")
    client.force_login(programme_staff(programme, ProgrammeStaff.Role.COORDINATOR))

    [row] = exported(client, "youthcop_admin_participants:index")

    assert (row["Side"], row["Status"], row["Police unit"]) == ("Police officer", "Waiting list", "Community policing")


def test_sessions_export_local_times_and_yes_no(client, db):
    programme = ProgrammeFactory()
    SessionFactory(programme=programme, starts_at=brussels(2026, 7, 1, 18), shared_meal=True)
    client.force_login(programme_staff(programme, ProgrammeStaff.Role.COORDINATOR))

    [row] = exported(client, "youthcop_admin_sessions:index")

    assert row["Starts at"] == "2026-07-01 18:00:00"  # Brussels summer time, not 16:00 UTC
    assert "Yes" in row.values() and "True" not in row.values() and "False" not in row.values()
    assert "joint_workshop" not in row.values()


def test_export_labels_follow_the_users_language(client, db):
    programme = ProgrammeFactory()
    ParticipantFactory(programme=programme, side=Side.YOUTH, status=Participant.Status.ENROLLED)
    user = programme_staff(programme, ProgrammeStaff.Role.COORDINATOR)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(user)

    [row] = exported(client, "youthcop_admin_participants:index", language="fr")

    assert "Inscrit" in row.values()


def test_a_participants_page_shows_no_none_and_names_who_registered_them(client, db):
    programme = ProgrammeFactory()
    coordinator = programme_staff(programme, ProgrammeStaff.Role.COORDINATOR)
    coordinator.first_name, coordinator.last_name = "Nadia", "Claes"
    coordinator.save()
    participant = ParticipantFactory(programme=programme, registered_by=coordinator, waiting_since=None)
    client.force_login(coordinator)

    html = client.get(reverse("youthcop_admin_participants:inspect", args=[participant.pk])).content.decode()
    page = BeautifulSoup(html, "html.parser").find("main").get_text(" ")

    assert "None" not in page and "—" in page
    assert "Nadia Claes" in page and coordinator.username not in page


def test_a_participants_meal_needs_read_as_words(admin_client, db):
    participant = ParticipantFactory(programme=ProgrammeFactory(), dietary_needs=["halal", "vegetarian"])

    html = admin_client.get(reverse("youthcop_admin_participants:inspect", args=[participant.pk])).content.decode()
    page = BeautifulSoup(html, "html.parser").find("main").get_text(" ")

    assert "Halal, Vegetarian" in page and "['" not in page and "[]" not in page
