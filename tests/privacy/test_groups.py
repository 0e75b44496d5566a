"""The staff groups come from data migrations, each with the model permissions its role needs."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import ParticipantFactory, ProgrammeFactory, staff_user
from youthcop.core import roles

pytestmark = pytest.mark.django_db

ADMIN = {"wagtailadmin.access_admin"}
SESSIONS = {f"youthcop_sessions.{action}_session" for action in ("add", "change", "delete", "view")}
CHARTER = {
    *(f"youthcop_charters.{action}_charter" for action in ("add", "change", "view", "publish", "lock", "unlock", "adopt")),
    *(f"youthcop_charters.{action}_proposal" for action in ("add", "change", "view")),
}
CERTIFICATES = {f"youthcop_certificates.{action}_certificate" for action in ("view", "issue", "revoke")}
PARTICIPANTS = {f"youthcop_programmes.{action}_participant" for action in ("add", "change", "view")}

# Written from the roles of the README, not read from the migrations.
EXPECTED = {
    # Creates programmes, assigns people, watches composition and reports; the only one to export or erase.
    roles.COORDINATOR: ADMIN | SESSIONS | CHARTER | CERTIFICATES | PARTICIPANTS | {
        *(f"youthcop_programmes.{action}_programme" for action in ("add", "change", "delete", "view")),
        *(f"youthcop_programmes.{action}_organisation" for action in ("add", "change", "view")),
        # Only what has no history yet: a participant or programme with attendance, signatures, consents or
        # certificates is refused by the database and the delete views (test_deletion.py).
        "youthcop_programmes.delete_participant",
        "youthcop_programmes.export_participant",
        "youthcop_programmes.erase_participant",
        "youthcop_certificates.change_certificatesettings",
        # Translate the programme's texts and the organisations' names (in wagtail-localize's editor).
        "youthcop_programmes.view_programmetext", "youthcop_programmes.change_programmetext",
        "youthcop_programmes.view_organisationtext", "youthcop_programmes.change_organisationtext",
        # Write the evaluation questionnaires (shared content; answers are never readable per person).
        *(f"youthcop_evaluation.{action}_questionnaire" for action in ("add", "change", "view")),
    },
    # Plans sessions, takes attendance, leads the charter, issues certificates.
    roles.FACILITATOR: ADMIN | SESSIONS | CHARTER | CERTIFICATES | PARTICIPANTS | {
        "youthcop_programmes.view_programme", "youthcop_programmes.view_organisation",
        "youthcop_programmes.view_programmetext", "youthcop_programmes.change_programmetext",
        "youthcop_evaluation.view_questionnaire",
    },
    # Registers young people and follows them: their sessions and certificates, read only.
    roles.YOUTH_WORKER: ADMIN | PARTICIPANTS | {
        "youthcop_programmes.view_programme", "youthcop_programmes.view_organisation",
        "youthcop_sessions.view_session", "youthcop_certificates.view_certificate",
    },
    # Reads their group's contact details; writes and reads the confidential notes; nothing else.
    roles.ADVISOR: ADMIN | {
        "youthcop_programmes.view_programme", "youthcop_programmes.view_participant",
        "youthcop_sessions.view_session",
        "youthcop_privacy.add_advisornote", "youthcop_privacy.view_advisornote",
    },
}


def permissions_of(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_group_holds_exactly_its_roles_permissions(name):
    group = Group.objects.get(name=name)
    youthcop = {p for p in permissions_of(group) if p.startswith(("youthcop", "wagtailadmin"))}
    assert youthcop == EXPECTED[name]


def test_no_group_deletes_charters_certificates_or_notes():
    """Charters, certificates and notes are kept or revoked, never deleted by staff."""
    for name in EXPECTED:
        held = permissions_of(Group.objects.get(name=name))
        assert not {p for p in held if p.split(".")[1] in ("delete_charter", "delete_certificate", "delete_advisornote")}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_a_group_alone_opens_no_programme(client, name):
    """Group permissions say what a role may do; only a role on a programme says where."""
    programme = ProgrammeFactory(name="Programme nobody assigned")
    ParticipantFactory(programme=programme, last_name="Unassignedperson")
    client.force_login(staff_user(name))
    for url in (reverse("youthcop_admin_programmes:index"), reverse("youthcop_admin_participants:index")):
        response = client.get(url)
        assert response.status_code == 200
        assert b"Programme nobody assigned" not in response.content
        assert b"Unassignedperson" not in response.content
