"""youthcop_privacy 0002: youthcop's entries leave Wagtail's ModelLogEntry with their keys; Wagtail's own stay."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from tests.factories import enrol_participant
from tests.privacy.conftest import Role
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes import services

pytestmark = pytest.mark.django_db

migration = importlib.import_module("youthcop.privacy.migrations.0002_move_youthcop_log_entries")


def test_youthcop_entries_move_with_their_keys_and_wagtails_own_stay(people):
    young, programme = people["young"], people["programme"]
    coordinator = people["staff"][Role.COORDINATOR]
    services.issue_link(young, by=coordinator)
    consent = young.consents.create(participation=True, photos=False, method="paper")
    log(consent, "wagtail.create")
    gone = enrol_participant(programme, registered_by=coordinator).participant
    gone_pk = gone.pk
    gone.delete()
    staff_entry = log(get_user_model().objects.first(), "wagtail.edit")  # not youthcop's: Wagtail keeps it
    before = {
        (entry.action, entry.object_id, entry.label, entry.timestamp, entry.participant_id, entry.programme_id)
        for entry in AuditLogEntry.objects.exclude(participant_id=gone_pk)
    }
    migration.move_back(apps, None)
    assert not AuditLogEntry.objects.exists()
    assert ModelLogEntry.objects.filter(content_type__app_label__startswith="youthcop").count() > len(before)

    migration.move_to_audit_log(apps, None)

    assert list(ModelLogEntry.objects.all()) == [staff_entry]
    after = {
        (entry.action, entry.object_id, entry.label, entry.timestamp, entry.participant_id, entry.programme_id)
        for entry in AuditLogEntry.objects.exclude(object_id=gone_pk, content_type__model="participant")
    }
    assert after == before
    assert ("wagtail.create", consent.pk) in {(a, o) for a, o, _l, _t, p, g in after if (p, g) == (young.pk, programme.pk)}
    # An object deleted before the move: its entries move, without keys (superusers read them).
    orphans = AuditLogEntry.objects.filter(object_id=gone_pk, content_type__model="participant")
    assert orphans.exists()
    assert set(orphans.values_list("participant_id", "programme_id")) == {(None, None)}


def test_the_confidential_notes_content_type_moves_with_its_permissions_and_entries(people):
    """youthcop_privacy 0003: the notes' content type takes the new app label; groups and audit entries follow it."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from youthcop.core import roles
    from youthcop.privacy.models import AdvisorNote
    from youthcop.privacy.notes import add_note

    note_move = importlib.import_module("youthcop.privacy.migrations.0003_advisor_note")
    add_note(people["young"], text="A word in confidence", by=people["staff"][Role.YOUTH_ADVISOR])
    content_type = ContentType.objects.get_for_model(AdvisorNote)
    advisors = Group.objects.get(name=roles.ADVISOR)
    granted = set(advisors.permissions.filter(content_type=content_type).values_list("pk", flat=True))
    assert granted and AuditLogEntry.objects.filter(content_type=content_type).exists()

    note_move.move_content_type_back(apps, None)
    assert ContentType.objects.get(pk=content_type.pk).app_label == "youthcop_programmes"
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_model(AdvisorNote)  # as a fresh site would make it, before the migration
    note_move.move_content_type(apps, None)

    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(AdvisorNote).pk == content_type.pk
    assert ContentType.objects.filter(model="advisornote").count() == 1
    assert set(advisors.permissions.filter(content_type=content_type).values_list("pk", flat=True)) == granted
    assert Permission.objects.filter(content_type=content_type, codename="view_advisornote").exists()
    assert AuditLogEntry.objects.filter(content_type=content_type, action="youthcop.note.added").exists()
