import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ProgrammeFactory, programme_staff
from youthcop.programmes.models import ProgrammeStaff


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
