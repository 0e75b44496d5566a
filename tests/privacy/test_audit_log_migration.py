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
