import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipantFactory, ProgrammeFactory, programme_staff
from tests.sessions.factories import SessionFactory, days_ago, make_group
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions import services


@pytest.mark.django_db
def test_programme_admin_page_shows_the_sessions_section(client):
    from youthcop.sessions.models import Session

    programme = ProgrammeFactory()
    start = timezone.now() + datetime.timedelta(days=3)
    Session.objects.create(
        programme=programme, kind="joint_workshop", title="Trust games", starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    client.force_login(programme_staff(programme, ProgrammeStaff.Role.FACILITATOR))
    body = client.get(reverse("youthcop_admin_programmes:inspect", args=[programme.pk])).content.decode()
    assert "0 of 1 planned sessions held." in body
    assert "Trust games" in body
    assert reverse("youthcop_admin_sessions:programme", args=[programme.pk]) in body


@pytest.mark.django_db
def test_programme_admin_page_shows_ratio_alerts_and_absence_flags(client):
    programme = ProgrammeFactory(youth_per_officer=2)
    young, officers = make_group(programme, youth=6, police=2)
    absentee = ParticipantFactory(programme=programme, first_name="Never", last_name="There")
    # First: 6 young people and no officer (off ratio). Second: 4 and 2 (on ratio).
    services.record_attendance(SessionFactory(programme=programme, starts_at=days_ago(30)), {p.pk: "present" for p in young})
    services.record_attendance(
        SessionFactory(programme=programme, starts_at=days_ago(10)),
        {p.pk: "present" for p in young[:4] + officers},
    )
    client.force_login(programme_staff(programme, ProgrammeStaff.Role.FACILITATOR))
    soup = BeautifulSoup(
        client.get(reverse("youthcop_admin_programmes:inspect", args=[programme.pk])).content, "html5lib"
    )
    assert "1 joint session broke the youth–police ratio." in soup.get_text(" ", strip=True)
    flags = soup.select_one("[data-youthcop=programme-absence-flags]").get_text(" ", strip=True)
    assert flags == "1 participant missed two sessions in a row without excuse."
    assert absentee.full_name not in flags  # a count on this page; the names are on the attendance overview
