"""Confidential notes: the advisor of the participant's own group only; each read is logged."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import UserFactory
from tests.privacy.conftest import Role
from youthcop.core import roles
from youthcop.privacy.models import AuditLogEntry
from youthcop.privacy.notes import add_note, note_policy, notes_visible_to
from youthcop.privacy.models import AdvisorNote

pytestmark = pytest.mark.django_db


def notes_url(participant):
    return reverse("youthcop_admin_privacy:notes", args=[participant.pk])


def test_the_youth_advisor_writes_and_reads_notes_about_young_people(client, people):
    advisor = people["staff"][Role.YOUTH_ADVISOR]
    client.force_login(advisor)
    response = client.post(notes_url(people["young"]), {"text": "Worried about <b>school</b>"})
    assert response.status_code == 302
    note = AdvisorNote.objects.get()
    assert (note.participant, note.author) == (people["young"], advisor)
    page = client.get(notes_url(people["young"])).content.decode()
    assert "Worried about &lt;b&gt;school&lt;/b&gt;" in page


@pytest.mark.parametrize(
    "who",
    [Role.FACILITATOR, Role.COORDINATOR, Role.YOUTH_WORKER, Role.POLICE_ADVISOR, "other_advisor", "superuser"],
)
def test_nobody_else_reads_the_youth_groups_notes(client, traces, who):
    if who == "superuser":
        user = UserFactory(is_superuser=True)
    elif who == "other_advisor":
        user = traces["other_advisor"]
    else:
        user = traces["staff"][who]
    client.force_login(user)
    assert client.get(notes_url(traces["young"])).status_code == 404
    assert client.post(notes_url(traces["young"]), {"text": "x"}).status_code == 404
    assert not notes_visible_to(user).exists()
    assert not note_policy.instances_user_has_permission_for(user, "view").exists()
    listing = client.get(reverse("youthcop_admin_participants:index")).content.decode()
    assert notes_url(traces["young"]) not in listing
    assert not AuditLogEntry.objects.filter(action="youthcop.note.read").exists()


def test_the_police_advisor_has_the_police_groups_notes_only(client, people):
    advisor = people["staff"][Role.POLICE_ADVISOR]
    client.force_login(advisor)
    assert client.get(notes_url(people["officer"])).status_code == 200
    assert client.get(notes_url(people["young"])).status_code == 404
    listing = client.get(reverse("youthcop_admin_participants:index")).content.decode()
    assert notes_url(people["officer"]) in listing


def test_an_advisor_without_the_group_permission_is_refused(client, people):
    advisor = people["staff"][Role.YOUTH_ADVISOR]
    advisor.groups.remove(Group.objects.get(name=roles.ADVISOR))
    advisor.groups.add(Group.objects.get(name=roles.FACILITATOR))
    client.force_login(advisor)
    assert client.get(notes_url(people["young"])).status_code == 404


def test_each_read_of_each_note_is_in_the_audit_log(client, people):
    advisor = people["staff"][Role.YOUTH_ADVISOR]
    notes = [add_note(people["young"], text=f"note {i}", by=advisor) for i in range(3)]
    client.force_login(advisor)
    client.get(notes_url(people["young"]))
    client.get(notes_url(people["young"]))
    reads = AuditLogEntry.objects.filter(action="youthcop.note.read")
    assert reads.count() == 6
    assert {(entry.object_id, entry.user_id) for entry in reads} == {(n.pk, advisor.pk) for n in notes}
    assert not any("Zephyrine" in entry.label for entry in reads)


def test_reading_notes_costs_the_same_queries_for_one_or_many(client, people, django_assert_max_num_queries):
    advisor = people["staff"][Role.YOUTH_ADVISOR]
    client.force_login(advisor)
    add_note(people["young"], text="first", by=advisor)
    client.get(notes_url(people["young"]))  # warm caches (content types, hooks)
    with django_assert_max_num_queries(20) as one:
        client.get(notes_url(people["young"]))
    for i in range(25):
        add_note(people["young"], text=f"note {i}", by=advisor)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(notes_url(people["young"]))


def test_note_history_is_hidden_from_those_who_cannot_read_notes(client, traces):
    people = traces
    client.force_login(people["staff"][Role.FACILITATOR])
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    history = response.content.decode()
    assert f"Participant #{people['young'].pk}" in history, "the facilitator sees the participant's entries"
    assert "Confidential note" not in history
