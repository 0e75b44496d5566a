"""Who may open what (DESIGN.md rule 8): roles × views × objects, every access allowed or refused.

The world: programme P with a coordinator, a facilitator, a youth worker of
organisation A, and the two confidential advisors; a young person of
organisation A ("own"), one of another organisation ("other_org"), an officer
("officer"), all in P; and a young person of another programme Q
("other_programme"). Each role opens every admin view on every object; the
expected answers are written from the rules, not read from the code.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.charters.factories import charter_for
from tests.factories import OrganisationFactory, ParticipantFactory, ProgrammeFactory, UserFactory, programme_staff
from youthcop.certificates import codes
from youthcop.certificates.models import Certificate
from youthcop.charters.viewsets import charter_viewset
from youthcop.programmes import services
from youthcop.programmes.models import ProgrammeStaff, Side
from youthcop.sessions.models import Session

Role = ProgrammeStaff.Role
C, F, W, AY, AP, SU = "coordinator", "facilitator", "youth_worker", "youth_advisor", "police_advisor", "superuser"
ROLES = [C, F, W, AY, AP, SU]
STAFF = {C: Role.COORDINATOR, F: Role.FACILITATOR, W: Role.YOUTH_WORKER, AY: Role.YOUTH_ADVISOR, AP: Role.POLICE_ADVISOR}

ALLOWED, REFUSED = "allowed", "refused"


def _certificate(participant):
    code = codes.new_code()
    programme = participant.programme
    return Certificate.objects.create(
        programme=programme,
        participant=participant,
        code=code,
        short_code=codes.short_form(code),
        holder_first_name=participant.first_name,
        holder_last_name=participant.last_name,
        language="en",
        programme_name=programme.name,
        police_zone_name=programme.police_zone.name,
        start_date=programme.start_date,
        end_date=programme.end_date,
    )


def _session(programme):
    starts = timezone.now() - datetime.timedelta(days=3)
    return Session.objects.create(
        programme=programme, title=f"Workshop of {programme.name}", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )


@pytest.fixture
def world(db):
    p = ProgrammeFactory(name="Programme P")
    q = ProgrammeFactory(name="Programme Q")
    org_a, org_b = OrganisationFactory(), OrganisationFactory()
    users = {role: programme_staff(p, STAFF[role], organisation=org_a if role == W else None) for role in STAFF}
    users[SU] = UserFactory(is_superuser=True)
    worker_b = programme_staff(p, Role.YOUTH_WORKER, organisation=org_b)
    q_worker = programme_staff(q, Role.YOUTH_WORKER)
    youth = lambda programme, by, org, name: ParticipantFactory(  # noqa: E731
        programme=programme, registered_by=by, organisation=org, last_name=name, email=f"{name.lower()}@example.net",
        phone="+32 470 00 00 01", guardian_name=f"Guardian {name}", guardian_email=f"guardian.{name.lower()}@example.net",
    )
    participants = {
        "own": youth(p, users[W], org_a, "Ownperson"),
        "other_org": youth(p, worker_b, org_b, "Otherorgperson"),
        "officer": ParticipantFactory(
            programme=p, side=Side.POLICE, date_of_birth=None, organisation=p.police_zone, last_name="Officerperson",
            email="officerperson@police.example", registered_by=users[C],
        ),
        "other_programme": youth(q, q_worker, q_worker.youthcop_profile.organisation, "Otherprogrammeperson"),
    }
    return {
        "p": p,
        "q": q,
        "users": users,
        "participants": participants,
        "sessions": {"P": _session(p), "Q": _session(q)},
        "charters": {"P": charter_for(p), "Q": charter_for(q)},
        "certificates": {"own": _certificate(participants["own"]), "other_programme": _certificate(participants["other_programme"])},
    }


def outcome(response):
    """Allowed (200), or refused: 403, 404, or Wagtail's permission-denied redirect to the dashboard."""
    if response.status_code == 200:
        return ALLOWED
    if response.status_code in (403, 404):
        return REFUSED
    if response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"):
        return REFUSED
    raise AssertionError(f"unexpected answer {response.status_code} {response.get('Location', '')}")


# --- Participants: every object view, for every kind of participant -----------------------------

VISIBLE = {  # who sees a participant at all (list, inspect), by kind of participant
    "own": {C, F, W, AY, SU},
    "other_org": {C, F, AY, SU},
    "officer": {C, F, AP, SU},
    "other_programme": {SU},
}
MAY_CHANGE = {C, F, W, SU}  # advisors only read
NOTES = {"own": {AY}, "other_org": {AY}, "officer": {AP}, "other_programme": set()}  # never superusers

PARTICIPANT_VIEWS = {
    # view: (url name, rule(kind) -> roles allowed)
    "inspect": ("youthcop_admin_participants:inspect", lambda kind: VISIBLE[kind]),
    "edit": ("youthcop_admin_participants:edit", lambda kind: VISIBLE[kind] & MAY_CHANGE),
    "history": ("youthcop_admin_participants:history", lambda kind: VISIBLE[kind] & MAY_CHANGE),
    "delete": ("youthcop_admin_participants:delete", lambda kind: VISIBLE[kind] & {C, SU}),
    "withdraw": ("youthcop_admin_participants:withdraw", lambda kind: VISIBLE[kind] & MAY_CHANGE),
    "link": ("youthcop_admin_participants:link", lambda kind: VISIBLE[kind] & MAY_CHANGE),
    "consent": ("youthcop_admin_participants:consent", lambda kind: VISIBLE[kind] & MAY_CHANGE),
    "notes": ("youthcop_admin_privacy:notes", lambda kind: NOTES[kind]),
    "export_json": ("youthcop_admin_privacy:export", lambda kind: VISIBLE[kind] & {C, SU}),
    "export_pdf": ("youthcop_admin_privacy:export", lambda kind: VISIBLE[kind] & {C, SU}),
    "erase": ("youthcop_admin_privacy:erase", lambda kind: VISIBLE[kind] & {C, SU}),
}


def participant_url(view, participant):
    name, _rule = PARTICIPANT_VIEWS[view]
    extra = {"export_json": ["json"], "export_pdf": ["pdf"]}.get(view, [])
    return reverse(name, args=[participant.pk, *extra])


@pytest.mark.parametrize("role", ROLES)
def test_participant_views(client, world, role):
    client.force_login(world["users"][role])
    actual, expected = {}, {}
    for view, (_name, rule) in PARTICIPANT_VIEWS.items():
        for kind, participant in world["participants"].items():
            actual[view, kind] = outcome(client.get(participant_url(view, participant)))
            expected[view, kind] = ALLOWED if role in rule(kind) else REFUSED
    assert actual == expected


@pytest.mark.parametrize("role", ROLES)
def test_participant_actions_refused_by_post_change_nothing(client, world, role):
    """A POST on a refused action does nothing: no withdrawal, no erasure, no note."""
    client.force_login(world["users"][role])
    for kind, participant in world["participants"].items():
        for view, data in (("withdraw", {"reason": "x"}), ("erase", {}), ("notes", {"text": "x"})):
            if role in PARTICIPANT_VIEWS[view][1](kind):
                continue
            response = client.post(participant_url(view, participant), data)
            assert outcome(response) == REFUSED, (view, kind)
        participant.refresh_from_db()
        withdrawn_by_allowed = role in MAY_CHANGE & VISIBLE[kind]
        if not withdrawn_by_allowed:
            assert participant.status == "enrolled" and participant.anonymised_at is None, kind
    if role not in {AY, AP}:
        assert not participant.advisor_notes.exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("export", ["", "?export=csv"])
def test_participant_list_and_export(client, world, role, export):
    client.force_login(world["users"][role])
    response = client.get(reverse("youthcop_admin_participants:index") + export)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    shown = {kind for kind, p in world["participants"].items() if p.last_name.encode() in content}
    assert shown == {kind for kind in VISIBLE if role in VISIBLE[kind]}


# --- Programmes -----------------------------------------------------------------------------------

ON_P = {C, F, W, AY, AP}
PROGRAMME_VIEWS = {
    "inspect": ON_P | {SU},
    "edit": {C, SU},
    "delete": {C, SU},
    "history": {C, SU},
}


@pytest.mark.parametrize("role", ROLES)
def test_programme_views(client, world, role):
    client.force_login(world["users"][role])
    actual, expected = {}, {}
    for view, roles in PROGRAMME_VIEWS.items():
        for key in ("p", "q"):
            url = reverse(f"youthcop_admin_programmes:{view}", args=[world[key].pk])
            actual[view, key] = outcome(client.get(url))
            expected[view, key] = ALLOWED if role in roles and (key == "p" or role == SU) else REFUSED
    assert actual == expected
    listing = client.get(reverse("youthcop_admin_programmes:index")).content.decode()
    assert ("Programme P" in listing, "Programme Q" in listing) == (True, role == SU)


# --- Reports and the processing register ------------------------------------------------------------

REPORTS = ["summary", "retention", "attendance"]


@pytest.mark.parametrize("role", ROLES)
def test_reports(client, world, role):
    client.force_login(world["users"][role])
    for name in REPORTS:
        for url in (reverse(f"youthcop_reports:{name}"), reverse(f"youthcop_reports:{name}") + "?export=csv"):
            response = client.get(url)
            assert outcome(response) == (ALLOWED if role in {C, F, SU} else REFUSED), url
            if response.status_code == 200:
                body = b"".join(response.streaming_content) if response.streaming else response.content
                assert not re.search(rb"person@|Ownperson|Otherorgperson|Officerperson", body)
    assert outcome(client.get(reverse("youthcop_admin_privacy:register"))) == ALLOWED


# --- Sessions, charters, certificates -------------------------------------------------------------------

MANAGERS = {C, F, SU}
OTHER_APP_VIEWS = {
    # view: (url, object key in world, kinds → roles allowed)
    "session inspect": ("youthcop_admin_sessions:inspect", "sessions", {"P": ON_P | {SU}, "Q": {SU}}),
    "session edit": ("youthcop_admin_sessions:edit", "sessions", {"P": MANAGERS, "Q": {SU}}),
    "session attendance": ("youthcop_admin_sessions:attendance", "sessions", {"P": MANAGERS, "Q": {SU}}),
    "session sheet": ("youthcop_admin_sessions:sheet_pdf", "sessions", {"P": MANAGERS, "Q": {SU}}),
    "charter edit": (charter_viewset.get_url_name("edit"), "charters", {"P": MANAGERS, "Q": {SU}}),
    "charter signatures": (charter_viewset.get_url_name("signatures"), "charters", {"P": MANAGERS, "Q": {SU}}),
    "certificate inspect": (
        # Those who follow the young person; advisors see contact details only.
        "youthcop_admin_certificates:inspect", "certificates", {"own": VISIBLE["own"] & MAY_CHANGE, "other_programme": {SU}},
    ),
    "certificate revoke": (
        "youthcop_admin_certificates:revoke", "certificates", {"own": MANAGERS, "other_programme": {SU}},
    ),
}


@pytest.mark.parametrize("role", ROLES)
def test_session_charter_and_certificate_views(client, world, role):
    client.force_login(world["users"][role])
    actual, expected = {}, {}
    for view, (url_name, key, rules) in OTHER_APP_VIEWS.items():
        for kind, obj in world[key].items():
            actual[view, kind] = outcome(client.get(reverse(url_name, args=[obj.pk])))
            expected[view, kind] = ALLOWED if role in rules[kind] else REFUSED
    assert actual == expected


LISTS = [
    "youthcop_admin_participants:index",
    "youthcop_admin_programmes:index",
    "youthcop_admin_sessions:index",
    "youthcop_admin_certificates:index",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", LISTS)
def test_lists_hold_no_other_programmes_participants(client, world, role, name):
    client.force_login(world["users"][role])
    response = client.get(reverse(name))
    if outcome(response) == REFUSED:
        return
    if role != SU:
        assert b"Otherprogrammeperson" not in response.content


# List filters name only the user's programmes (rule 8 scopes programmes too).
@pytest.mark.parametrize("role", [C, F, W, AY, AP])
@pytest.mark.parametrize(
    "name",
    [
        "youthcop_admin_participants:index",
        "youthcop_admin_programmes:index",
        "youthcop_admin_sessions:index",
        "youthcop_admin_certificates:index",
        charter_viewset.get_url_name("list"),
        "youthcop_admin_proposals:index",
    ],
)
def test_list_filters_offer_only_the_users_programmes(client, world, role, name):
    client.force_login(world["users"][role])
    response = client.get(reverse(name))
    if name == "youthcop_admin_certificates:index" and role in (AY, AP):
        assert outcome(response) == REFUSED  # advisors do not handle certificates
        return
    if name in (charter_viewset.get_url_name("list"), "youthcop_admin_proposals:index") and role in (W, AY, AP):
        assert outcome(response) == REFUSED  # the charter is run by the programme's managers
        return
    assert outcome(response) == ALLOWED
    assert b"Programme Q" not in response.content


# --- Chooser, dashboard, site history ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_participant_chooser(client, world, role):
    client.force_login(world["users"][role])
    body = client.get(reverse("youthcop_participant_chooser:choose")).content
    shown = {kind for kind, p in world["participants"].items() if p.last_name.encode() in body}
    assert shown == {kind for kind in VISIBLE if role in VISIBLE[kind]}
    for kind, participant in world["participants"].items():
        response = client.get(reverse("youthcop_participant_chooser:chosen", args=[participant.pk]))
        assert outcome(response) == (ALLOWED if role in VISIBLE[kind] else REFUSED), kind


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_and_site_history_name_nobody_outside_the_users_scope(client, world, role):
    from youthcop.sessions.models import AbsenceFlag

    for participant in world["participants"].values():
        services.issue_link(participant, by=world["users"][SU])  # an audit entry for each
        session = world["sessions"]["P" if participant.programme_id == world["p"].pk else "Q"]
        AbsenceFlag.objects.create(participant=participant, session=session)
    client.force_login(world["users"][role])
    dashboard = client.get(reverse("wagtailadmin_home")).content
    hidden = [p.last_name.encode() for kind, p in world["participants"].items() if role not in VISIBLE[kind]]
    assert [name for name in hidden if name in dashboard] == []
    if role in (C, F):  # the absence-flag panel does name the people in scope
        assert b"Ownperson" in dashboard
    history = client.get(reverse("wagtailadmin_reports:site_history"))
    if history.status_code == 200:
        # Audit labels never hold a name, whoever reads them.
        everyone = [p.last_name.encode() for p in world["participants"].values()]
        assert [name for name in everyone if name in history.content] == []


# --- Personal-link pages: police participants never see young people's personal data ------------------

YOUTH_DATA = [b"Ownperson", b"Otherorgperson", b"ownperson@", b"otherorgperson@", b"+32 470 00 00 01", b"Guardian "]


def test_an_officers_personal_pages_hold_no_young_persons_data(client, world):
    from youthcop.charters import services as charters

    officer, own = world["participants"]["officer"], world["participants"]["own"]
    charter = world["charters"]["P"]
    charter.proposals_open = True
    charter.save()
    charters.propose(own, "We commit to listen")  # a young person's proposal on the shared board
    charters.comment_on(own, charters.propose(officer, "We commit to greet"), "Yes!")
    token = services.issue_link(officer)
    pages = [
        reverse("youthcop_programmes:participant_home", args=[token]),
        reverse("youthcop_charters:charter", args=[token]),
        reverse("youthcop_charters:proposals", args=[token]),
        reverse("youthcop_sessions:participant_feed", args=[token]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert [data for data in YOUTH_DATA if data in body] == [], url
    board = client.get(reverse("youthcop_charters:proposals", args=[token])).content
    assert b"We commit to listen" in board, "the officer does see the young person's proposal, without their name"


def test_a_young_persons_page_shows_their_own_data_only(client, world):
    own = world["participants"]["own"]
    token = services.issue_link(own)
    body = client.get(reverse("youthcop_programmes:participant_home", args=[token])).content
    assert b"Otherorgperson" not in body and b"Officerperson" not in body and b"officerperson@" not in body


def test_a_link_of_another_participant_opens_nothing_else(client, world):
    other = world["participants"]["other_programme"]
    token = services.issue_link(other)
    body = client.get(reverse("youthcop_programmes:participant_home", args=[token])).content
    assert b"Programme P" not in body
    assert client.get(reverse("youthcop_programmes:participant_home", args=[token + "x"])).status_code == 404
