"""Wagtail's site history shows a member of staff only the youthcop objects they may see (README rule 8)."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.log_actions import log, registry
from wagtail.models import ModelLogEntry, PageLogEntry

from tests.factories import OrganisationFactory, enrol_participant, programme_staff
from tests.privacy.conftest import Role
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes import services
from youthcop.programmes.models import Participant, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_organisations(people):
    """Youth worker A (the fixture's) and youth worker B of another organisation, in the same programme."""
    programme = people["programme"]
    worker_a = people["staff"][Role.YOUTH_WORKER]
    worker_b = programme_staff(programme, Role.YOUTH_WORKER, organisation=OrganisationFactory())
    worker_b.first_name, worker_b.last_name = "Bertha", "Otherorg"
    worker_b.save()
    own = people["young"]
    theirs = enrol_participant(programme, registered_by=worker_b).participant
    elsewhere = enrol_participant(people["other"]).participant
    for participant, by in ((own, worker_a), (theirs, worker_b), (elsewhere, people["other_coordinator"])):
        services.issue_link(participant, by=by)
    return {**people, "worker_a": worker_a, "worker_b": worker_b, "own": own, "theirs": theirs, "elsewhere": elsewhere}


def site_history(client, user):
    """``{(type, id)}`` of the rows of the site history's CSV export, and the HTML page, as ``user`` sees them."""
    client.force_login(user)
    url = reverse("wagtailadmin_reports:site_history")
    page = client.get(url)
    assert page.status_code == 200
    export = client.get(url + "?export=csv")
    content = b"".join(export.streaming_content) if export.streaming else export.content
    rows = {(row["Type"], row["ID"]) for row in csv.DictReader(io.StringIO(content.decode()))}
    return rows, page.content.decode()


def participant_row(participant):
    return ("Participant", str(participant.pk))


def test_a_youth_worker_sees_their_own_participants_entries_not_another_organisations(client, two_organisations):
    world = two_organisations
    rows, page = site_history(client, world["worker_a"])
    assert participant_row(world["own"]) in rows
    assert participant_row(world["theirs"]) not in rows, "registered by another organisation"
    assert participant_row(world["elsewhere"]) not in rows, "another programme"
    assert f"Participant #{world['own'].pk}" in page
    # Nor in the filters: the other organisation's youth worker is not even named.
    assert "Otherorg" not in page


def test_the_other_youth_worker_sees_the_mirror_image(client, two_organisations):
    world = two_organisations
    rows, _page = site_history(client, world["worker_b"])
    assert participant_row(world["theirs"]) in rows
    assert participant_row(world["own"]) not in rows
    assert participant_row(world["elsewhere"]) not in rows


def test_the_programmes_coordinator_sees_both_organisations_and_a_superuser_everything(client, two_organisations):
    world = two_organisations
    rows, _page = site_history(client, world["staff"][Role.COORDINATOR])
    assert {participant_row(world["own"]), participant_row(world["theirs"])} <= rows
    assert participant_row(world["elsewhere"]) not in rows
    rows, _page = site_history(client, world["other_coordinator"])
    assert participant_row(world["elsewhere"]) in rows
    assert not {participant_row(world["own"]), participant_row(world["theirs"])} & rows
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    rows, _page = site_history(client, admin)
    assert {participant_row(world[k]) for k in ("own", "theirs", "elsewhere")} <= rows


def test_entries_of_objects_without_a_policy_follow_their_programme(client, two_organisations):
    from tests.privacy.factories import live_through

    world = two_organisations
    version = live_through(world, certificate=False)["version"]
    facilitator = world["staff"][Role.FACILITATOR]
    # The groups hold no permission on adopted versions (Wagtail then hides their entries from all but
    # superusers); with one, the version's entries follow the version's programme.
    view_versions = Permission.objects.get(content_type__app_label="youthcop_charters", codename="view_charterversion")
    for user in (facilitator, world["other_coordinator"]):
        user.user_permissions.add(view_versions)
    client.force_login(facilitator)
    charter_pk = version.programme.charters.first().pk
    client.get(reverse("wagtailsnippets_youthcop_charters_charter:charter_pdf", args=[charter_pk]))
    assert AuditLogEntry.objects.filter(action="youthcop.personal_data.downloaded").exists()
    rows, _page = site_history(client, facilitator)
    assert ("Adopted charter version", str(version.pk)) in rows
    rows, _page = site_history(client, world["other_coordinator"])
    assert ("Adopted charter version", str(version.pk)) not in rows


def test_youthcop_objects_log_to_the_audit_log_and_the_report_reads_it():
    """If a Wagtail upgrade changes how log models are found, this says so first."""
    from django.apps import apps
    from wagtail.models import Page

    assert {AuditLogEntry, ModelLogEntry, PageLogEntry} <= registry.get_log_entry_models()
    ours = [model for model in apps.get_models() if model._meta.app_label.startswith("youthcop")]
    assert Participant in ours and Programme in ours
    for model in ours:
        expected = PageLogEntry if issubclass(model, Page) else AuditLogEntry
        if model is not AuditLogEntry:
            assert registry.get_log_model_for_model(model) is expected, model
    assert registry.get_log_model_for_model(get_user_model()) is ModelLogEntry, "other objects are Wagtail's"
    assert not ModelLogEntry.objects.filter(content_type__app_label__startswith="youthcop").exists()


def test_an_entry_is_built_with_its_keys_and_a_label_without_a_name(two_organisations):
    world = two_organisations
    own = world["own"]
    entry = AuditLogEntry.objects.filter(action="youthcop.link.issued", object_id=own.pk).get()
    assert (entry.participant_id, entry.programme_id) == (own.pk, own.programme_id)
    assert entry.label == f"Participant #{own.pk}" and own.last_name not in entry.label
    # Whatever title the caller gives: a personal record's label is never its name.
    entry = log(own, "wagtail.edit", title=own.full_name)
    assert entry.label == f"Participant #{own.pk}"
    consent_entry = log(own.consents.create(participation=True, photos=False, method="paper"), "wagtail.create")
    assert (consent_entry.participant_id, consent_entry.programme_id) == (own.pk, own.programme_id)
    programme_entry = log(world["programme"], "wagtail.edit")
    assert (programme_entry.participant_id, programme_entry.programme_id) == (None, world["programme"].pk)
    assert programme_entry.label == world["programme"].name


def test_the_scope_does_not_depend_on_which_log_model_the_report_asks_first(two_organisations):
    """Wagtail caches a user's readable content types for whichever log model asks first: ours keeps its own."""
    world = two_organisations
    for first in (ModelLogEntry, AuditLogEntry):
        worker = get_user_model().objects.get(pk=world["worker_a"].pk)
        first.objects.viewable_by_user(worker).count()
        seen = set(AuditLogEntry.objects.viewable_by_user(worker).values_list("participant_id", flat=True))
        assert world["own"].pk in seen, first
        assert not {world["theirs"].pk, world["elsewhere"].pk} & seen, first


def test_a_deleted_participants_entries_are_kept_and_read_by_superusers_only(client, two_organisations):
    world = two_organisations
    coordinator = world["staff"][Role.COORDINATOR]
    gone = enrol_participant(world["programme"], registered_by=coordinator).participant
    gone_pk = gone.pk
    gone.links.all().delete()
    gone.delete()
    assert not Participant.objects.filter(pk=gone_pk).exists()
    assert AuditLogEntry.objects.filter(participant_id=gone_pk).exists(), "the history outlives the object"
    rows, _page = site_history(client, coordinator)
    assert ("Participant", str(gone_pk)) not in rows
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    rows, _page = site_history(client, admin)
    assert ("Participant", str(gone_pk)) in rows


def test_the_scope_costs_the_same_queries_whatever_the_number_of_entries(client, two_organisations):
    """The scope is subqueries in the report's own queries, not a look-up per entry.

    (The edit links' permission checks, one query per model on the page, not per row, are
    counted in tests/reports/test_admin_page_queries.py.)
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = two_organisations
    client.force_login(world["worker_a"])
    url = reverse("wagtailadmin_reports:site_history")
    client.get(url)  # warm caches (content types, hooks)

    def log_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in captured.captured_queries if "youthcop_privacy_auditlogentry" in q["sql"]]

    few = log_queries()
    assert any("youthcop_programmes_participant" in sql for sql in few), "the scope is in the log queries"
    for _ in range(6):
        for by in (world["worker_a"], world["worker_b"]):
            services.issue_link(enrol_participant(world["programme"], registered_by=by).participant, by=by)
    assert len(log_queries()) == len(few)
