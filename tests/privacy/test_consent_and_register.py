"""A guardian's withdrawal of consent takes effect at once; the processing register."""

import pytest
from django.urls import reverse

from tests.factories import enrol_participant, staff_user
from tests.privacy.conftest import Role
from youthcop.core import roles
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes import services
from youthcop.programmes.models import Participant, PersonalLink

pytestmark = pytest.mark.django_db


def test_a_guardian_withdrawing_consent_withdraws_the_minor_and_frees_the_place(client, programme, mailoutbox):
    programme.target_size = 3  # 2 young people, 1 officer
    programme.save()
    minor = enrol_participant(programme, minor=True, paper_consent={"participation": True, "photos": False}).participant
    enrol_participant(programme)
    waiting = enrol_participant(programme).participant
    assert (minor.status, waiting.status) == (Participant.Status.ENROLLED, Participant.Status.WAITING)
    services.issue_link(minor)  # the minor's own page link
    token = services.issue_link(minor, PersonalLink.Purpose.GUARDIAN)

    response = client.post(reverse("youthcop_programmes:guardian_consent", args=[token]), {"participation": "no"})

    assert response.status_code == 302
    minor.refresh_from_db()
    waiting.refresh_from_db()
    assert minor.status == Participant.Status.WITHDRAWN
    assert waiting.status == Participant.Status.OFFERED, "the place was offered to the first on the waiting list"
    assert not minor.links.filter(purpose=PersonalLink.Purpose.PARTICIPANT, revoked_at__isnull=True).exists()
    consent = minor.consent
    assert (consent.participation, consent.method) == (False, "online")
    assert AuditLogEntry.objects.filter(object_id=str(minor.pk), action="youthcop.participant.withdrawn").exists()


def test_the_processing_register_says_what_why_how_long(client, people, settings):
    settings.YOUTHCOP = {"RETENTION_MONTHS": 18}
    client.force_login(people["staff"][Role.YOUTH_WORKER])
    response = client.get(reverse("youthcop_admin_privacy:register"))
    assert response.status_code == 200
    page = response.content.decode()
    for expected in ["Confidential advisor notes", "Charter signatures", "Until 18 months after the programme",
                     "Charter proposals, comments and support", "Absence flags",
                     "Ethnic origin, religion, health and criminal records: no field asks for them.",
                     "special-category data (GDPR art. 9)"]:
        assert expected in page
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("youthcop_admin_privacy:register") in menu


def test_the_register_needs_an_admin_login(client, db):
    assert client.get(reverse("youthcop_admin_privacy:register")).status_code == 302
    client.force_login(staff_user(roles.YOUTH_WORKER))
    assert client.get(reverse("youthcop_admin_privacy:register")).status_code == 200


def test_the_group_editor_offers_the_privacy_permissions(client, db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True))
    group = Group.objects.get(name=roles.ADVISOR)
    page = client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    assert "Can export a participant&#x27;s personal data" in page or "Can export a participant's personal data" in page
    assert "Can erase a participant" in page
    assert "confidential note" in page.lower()
    assert set(group.permissions.values_list("codename", flat=True)) >= {"add_advisornote", "view_advisornote"}
    coordinators = Group.objects.get(name=roles.COORDINATOR)
    assert set(coordinators.permissions.values_list("codename", flat=True)) >= {"export_participant", "erase_participant"}


def test_the_register_warns_of_a_programme_never_marked_completed(client, people):
    import datetime

    from youthcop.programmes.models import Programme

    long_ago = datetime.date.today() - datetime.timedelta(days=900)
    Programme.objects.filter(pk__in=[people["programme"].pk, people["other"].pk]).update(
        start_date=long_ago, end_date=long_ago + datetime.timedelta(days=364)
    )
    client.force_login(people["staff"][Role.COORDINATOR])
    page = client.get(reverse("youthcop_admin_privacy:register")).content.decode()
    assert "Second Wave North ended long ago but is not marked completed" in page
    assert "Second Wave South" not in page, "only the user's programmes"
