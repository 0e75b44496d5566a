"""A participant or programme with history is never deleted: erasure anonymises instead (README rules 4–6)."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from tests.certificates.factories import attend, certificate_for, held_sessions, sign, adopt_version
from tests.factories import ParticipantFactory, UserFactory, add_staff, staff_user
from tests.privacy.conftest import Role
from youthcop.core import roles
from youthcop.charters.models import Signature
from youthcop.privacy.deletion import history_blocking_deletion
from youthcop.programmes import services
from youthcop.programmes.models import GuardianConsent, Participant, Programme
from youthcop.sessions.models import Attendance

pytestmark = pytest.mark.django_db


def give_history(kind, participant):
    programme = participant.programme
    if kind == "signature":
        sign(participant, adopt_version(programme))
    elif kind == "attendance":
        attend(participant, held_sessions(programme, 1), 1)
    elif kind == "consent":
        services.record_consent(participant, participation=True, photos=False, method=GuardianConsent.Method.PAPER)
    elif kind == "certificate":
        certificate_for(participant)


HISTORY = ["signature", "attendance", "consent", "certificate"]


@pytest.mark.parametrize("kind", HISTORY)
def test_the_database_refuses_to_delete_a_participant_with_history(people, kind):
    young = people["young"]
    give_history(kind, young)
    with pytest.raises(ProtectedError):
        young.delete()
    with pytest.raises(ProtectedError):
        people["programme"].delete()
    assert Participant.objects.filter(pk=young.pk).exists()
    assert history_blocking_deletion(young)


def test_signatures_attendance_and_consents_outlive_a_delete_attempt(people):
    young = people["young"]
    for kind in HISTORY[:3]:
        give_history(kind, young)
    with pytest.raises(ProtectedError):
        young.delete()
    assert Signature.objects.filter(participant=young).exists()
    assert Attendance.objects.filter(participant=young).exists()
    assert GuardianConsent.objects.filter(participant=young).exists()


def delete_url(participant):
    return reverse("youthcop_admin_participants:delete", args=[participant.pk])


def test_the_coordinator_is_told_to_erase_instead(client, people):
    young = people["young"]
    give_history("signature", young)
    client.force_login(people["staff"][Role.COORDINATOR])
    page = client.get(delete_url(young)).content.decode()
    assert "cannot be deleted" in page and "signatures" in page
    assert reverse("youthcop_admin_privacy:erase", args=[young.pk]) in page
    assert "Yes, delete" not in page
    response = client.post(delete_url(young), follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Participant.objects.filter(pk=young.pk).exists()


def test_a_participant_registered_by_mistake_is_still_deleted(client, people):
    mistake = ParticipantFactory(programme=people["programme"], last_name="Mistaken")
    client.force_login(people["staff"][Role.COORDINATOR])
    assert "Yes, delete" in client.get(delete_url(mistake)).content.decode()
    client.post(delete_url(mistake))
    assert not Participant.objects.filter(pk=mistake.pk).exists()


@pytest.mark.parametrize("group", [None, *roles.GROUPS])
def test_no_default_group_deletes_a_participant_or_programme_with_history(client, people, group):
    """Whatever the group (or a superuser), with a role on the programme: nothing with history is deleted."""
    young, programme = people["young"], people["programme"]
    give_history("attendance", young)
    if group is None:
        user = UserFactory(is_superuser=True)
    else:
        user = staff_user(group)
        add_staff(programme, user, Role.COORDINATOR)
    client.force_login(user)
    client.post(delete_url(young))
    client.post(reverse("youthcop_admin_programmes:delete", args=[programme.pk]))
    assert Participant.objects.filter(pk=young.pk).exists()
    assert Programme.objects.filter(pk=programme.pk).exists()
    assert Attendance.objects.filter(participant=young).exists()


def test_a_programme_with_history_says_why_it_stays(client, people):
    give_history("attendance", people["young"])
    client.force_login(people["staff"][Role.COORDINATOR])
    url = reverse("youthcop_admin_programmes:delete", args=[people["programme"].pk])
    page = client.get(url).content.decode()
    assert "This programme cannot be deleted" in page and "Yes, delete" not in page
