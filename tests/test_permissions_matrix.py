"""Who may open what (README rule 8): roles × views × objects, every access allowed or refused.

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
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from tests.charters.factories import charter_for
from tests.demo_once import loaded_once
from tests.factories import OrganisationFactory, ParticipantFactory, ProgrammeFactory, UserFactory, programme_staff
from tests.urls import url_names
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


def _build_world():
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


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module and rolled back after it (each test runs in a savepoint)."""
    with loaded_once(django_db_blocker, str(tmp_path_factory.mktemp("media")), _build_world) as world:
        yield world


def _fresh(value):
    """The same rows read again: what a test changes in memory (or in its rolled-back savepoint) stays in it."""
    if isinstance(value, Model):
        return type(value)._default_manager.get(pk=value.pk)
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    return value


@pytest.fixture
def world(db, built_world):
    return _fresh(built_world)


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
    "resend_guardian_request": (
        "youthcop_admin_participants:resend_guardian_request",
        lambda kind: VISIBLE[kind] & MAY_CHANGE,  # the same scope as recording a consent
    ),
    "offer": ("youthcop_admin_participants:offer", lambda kind: VISIBLE[kind] & {C, SU}),  # the coordinator's choice
    "take_back_offer": ("youthcop_admin_participants:take_back_offer", lambda kind: VISIBLE[kind] & {C, SU}),
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
    if role in (W, AY):  # the youth worker's absence flags and the youth advisor's group name the people in scope
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


# --- Every other admin view of every app ------------------------------------------------------------
#
# The tables below and those above name every youthcop admin URL: the last test fails when a new view
# appears that no row checks.

PROGRAMME_P = lambda roles: {"p": roles, "q": {SU}}  # noqa: E731  programme objects
IN_P = lambda roles: {"P": roles, "Q": {SU}}  # noqa: E731  sessions, charters, proposals, batches of P and Q
BY_KIND = lambda rule: {kind: rule(kind) for kind in VISIBLE}  # noqa: E731  participants


def history_rule(kind):
    return PARTICIPANT_VIEWS["history"][1](kind)


CHARTER = charter_viewset.get_url_name
EVERY_OBJECT_VIEW = {
    # url name: (object key in the world, {object: roles allowed})
    "youthcop_admin_participants:usage": ("participants", BY_KIND(history_rule)),
    "youthcop_admin_participants:history_results": ("participants", BY_KIND(history_rule)),
    "youthcop_admin_certificates:decide": ("participants", BY_KIND(lambda kind: VISIBLE[kind] & MANAGERS)),
    "youthcop_admin_programmes:usage": ("programmes", PROGRAMME_P({C, SU})),
    "youthcop_admin_programmes:translations": ("programmes", PROGRAMME_P(MANAGERS)),
    "youthcop_admin_programmes:history_results": ("programmes", PROGRAMME_P({C, SU})),
    "youthcop_admin_sessions:programme": ("programmes", PROGRAMME_P(ON_P | {SU})),
    "youthcop_admin_sessions:calendar": ("programmes", PROGRAMME_P(ON_P | {SU})),
    "youthcop_admin_sessions:programme_calendar": ("programmes", PROGRAMME_P(ON_P | {SU})),
    "youthcop_admin_sessions:plan": ("programmes", PROGRAMME_P(MANAGERS)),
    "youthcop_admin_certificates:programme": ("programmes", PROGRAMME_P(MANAGERS)),
    "youthcop_admin_certificates:programme_zip": ("programmes", PROGRAMME_P(MANAGERS)),
    "youthcop_admin_sessions:history": ("sessions", IN_P(MANAGERS)),
    "youthcop_admin_sessions:history_results": ("sessions", IN_P(MANAGERS)),
    "youthcop_admin_sessions:usage": ("sessions", IN_P(MANAGERS)),
    "youthcop_admin_sessions:delete": ("sessions", IN_P(MANAGERS)),
    "youthcop_admin_sessions:cancel": ("sessions", IN_P(MANAGERS)),
    "youthcop_admin_sessions:move": ("sessions", IN_P(MANAGERS)),
    CHARTER("history"): ("charters", IN_P(MANAGERS)),
    CHARTER("history_results"): ("charters", IN_P(MANAGERS)),
    CHARTER("usage"): ("charters", IN_P(MANAGERS)),
    CHARTER("adopt"): ("charters", IN_P(MANAGERS)),
    CHARTER("translate"): ("charters", IN_P(MANAGERS)),
    CHARTER("charter_pdf"): ("charters", IN_P(MANAGERS)),
    CHARTER("unpublish"): ("charters", IN_P(MANAGERS)),
    CHARTER("delete"): ("charters", IN_P({SU})),  # nobody but a superuser deletes a charter
    "wagtailsnippetchoosers_youthcop_charters_charter:chosen": ("charters", IN_P(MANAGERS)),
    "youthcop_admin_proposals:edit": ("proposals", IN_P(MANAGERS)),
    "youthcop_admin_proposals:history": ("proposals", IN_P(MANAGERS)),
    "youthcop_admin_proposals:history_results": ("proposals", IN_P(MANAGERS)),
    "youthcop_admin_proposals:usage": ("proposals", IN_P(MANAGERS)),
    "youthcop_admin_proposals:delete": ("proposals", IN_P({SU})),  # proposals are declined, not deleted
    "youthcop_admin_certificates:history": ("certificates", {"own": VISIBLE["own"] & MAY_CHANGE, "other_programme": {SU}}),
    "youthcop_admin_certificates:history_results": (
        "certificates", {"own": VISIBLE["own"] & MAY_CHANGE, "other_programme": {SU}},
    ),
    "youthcop_admin_certificates:pdf": ("certificates", {"own": VISIBLE["own"] & MAY_CHANGE, "other_programme": {SU}}),
    "youthcop_admin_certificates:batch": ("batches", IN_P(MANAGERS)),
    "youthcop_admin_certificates:zip_download": ("archives", IN_P(MANAGERS)),
    "youthcop_participant_chooser:chosen": ("participants", BY_KIND(lambda kind: VISIBLE[kind])),
    # Organisations are shared reference data, not personal data: not scoped by programme.
    "youthcop_admin_organisations:edit": ("organisations", {"a": {C, SU}}),
    "youthcop_admin_organisations:copy": ("organisations", {"a": {C, SU}}),
    "youthcop_admin_organisations:history": ("organisations", {"a": {C, SU}}),
    "youthcop_admin_organisations:history_results": ("organisations", {"a": {C, SU}}),
    "youthcop_admin_organisations:usage": ("organisations", {"a": {C, SU}}),
    "youthcop_admin_organisations:delete": ("organisations", {"a": {SU}}),
}

ALL_STAFF = set(ROLES)
EVERY_LIST_VIEW = {
    # url name: roles allowed (lists hold only what each may see: checked by the leak scan)
    "youthcop_admin_programmes:index_results": ALL_STAFF,
    "youthcop_admin_programmes:add": {C, SU},
    "youthcop_admin_participants:index_results": ALL_STAFF,
    "youthcop_admin_participants:add": MAY_CHANGE,
    "youthcop_admin_sessions:index_results": ALL_STAFF,
    "youthcop_admin_sessions:add": MANAGERS,
    "youthcop_admin_sessions:programmes": ALL_STAFF,
    CHARTER("list"): MANAGERS,
    CHARTER("list_results"): MANAGERS,
    CHARTER("add"): MANAGERS,
    "wagtailsnippetchoosers_youthcop_charters_charter:choose": ALL_STAFF,
    "wagtailsnippetchoosers_youthcop_charters_charter:choose_results": ALL_STAFF,
    "wagtailsnippetchoosers_youthcop_charters_charter:create": MANAGERS,
    "youthcop_admin_proposals:index_results": MANAGERS,
    "youthcop_admin_proposals:add": MANAGERS,
    "youthcop_admin_certificates:programmes": MANAGERS,
    "youthcop_admin_certificates:index_results": {C, F, W, SU},
    "youthcop_admin_organisations:index": {C, F, W, SU},
    "youthcop_admin_organisations:index_results": {C, F, W, SU},
    "youthcop_admin_organisations:add": {C, SU},
    "youthcop_participant_chooser:choose_results": ALL_STAFF,
    "youthcop_participant_chooser:create": MAY_CHANGE,
    **{f"youthcop_reports:{name}_results": MANAGERS for name in REPORTS},
}
# A view that sends a refused user somewhere useful instead of the dashboard.
REFUSED_REDIRECTS = {"youthcop_admin_certificates:programmes": "youthcop_admin_certificates:index"}


@pytest.fixture
def full_world(world):
    """The world with what the remaining views act on: proposals, adopted charters, issue batches, flags."""
    from django.core.files.base import ContentFile

    from youthcop.certificates.models import CertificateArchive, IssueBatch
    from youthcop.charters import services as charters
    from youthcop.sessions.models import AbsenceFlag

    world["programmes"] = {"p": world["p"], "q": world["q"]}
    world["organisations"] = {"a": world["users"][W].youthcop_profile.organisation}
    # Organisation A also sent someone to programme Q: its pages must not name them to P's staff.
    other = world["participants"]["other_programme"]
    other.organisation = world["organisations"]["a"]
    other.save()
    world["proposals"], world["batches"], world["archives"] = {}, {}, {}
    for key, programme in (("P", world["p"]), ("Q", world["q"])):
        charter = world["charters"][key]
        charter.proposals_open = True
        charter.save_revision().publish()
        author = world["participants"]["own" if key == "P" else "other_programme"]
        world["proposals"][key] = charters.propose(author, f"We commit to listen ({key})")
        charters.adopt_charter(charter, by=world["users"][SU], invite=False)
        world["batches"][key] = IssueBatch.objects.create(programme=programme)
        world["archives"][key] = CertificateArchive.objects.create(programme=programme, status="done")
        world["archives"][key].file.save("certificates.zip", ContentFile(b"PK"))
    world["flags"] = {
        kind: AbsenceFlag.objects.create(
            participant=participant, session=world["sessions"]["Q" if kind == "other_programme" else "P"]
        )
        for kind, participant in world["participants"].items()
    }
    return world


def names_hidden_from(world, role):
    """The names of the participants ``role`` may not see: no page they open may hold them."""
    return [p.last_name.encode() for kind, p in world["participants"].items() if role not in VISIBLE[kind]]


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("role", ROLES)
def test_every_other_object_view(client, full_world, role):
    client.force_login(full_world["users"][role])
    hidden = names_hidden_from(full_world, role)
    actual, expected, leaks = {}, {}, {}
    for name, (key, rules) in EVERY_OBJECT_VIEW.items():
        for kind, obj in full_world[key].items():
            response = client.get(reverse(name, args=[obj.pk]))
            actual[name, kind] = outcome(response)
            expected[name, kind] = ALLOWED if role in rules[kind] else REFUSED
            if response.status_code == 200:
                leaks[name, kind] = [n for n in hidden if n in body_of(response)]
    # Signing in person on the facilitator's device: the charter of the participant's programme.
    for kind, participant in full_world["participants"].items():
        charter = full_world["charters"]["Q" if kind == "other_programme" else "P"]
        response = client.get(reverse(CHARTER("in_person"), args=[charter.pk, participant.pk]))
        actual["in_person", kind] = outcome(response)
        expected["in_person", kind] = ALLOWED if role in VISIBLE[kind] & MANAGERS else REFUSED
        # Its thank-you page: the same check (unsigned, it goes back to the signing page).
        response = client.get(reverse(CHARTER("in_person_done"), args=[charter.pk, participant.pk]), follow=True)
        actual["in_person_done", kind] = outcome(response)
        expected["in_person_done", kind] = expected["in_person", kind]
    # Charter revisions: compare, revert, unschedule.
    for key, charter in full_world["charters"].items():
        revision = charter.latest_revision
        for name, kwargs in (
            ("revisions_compare", {"pk": charter.pk, "revision_id_a": "earliest", "revision_id_b": "latest"}),
            ("revisions_revert", {"pk": charter.pk, "revision_id": revision.pk}),
            ("revisions_unschedule", {"pk": charter.pk, "revision_id": revision.pk}),
        ):
            response = client.get(reverse(CHARTER(name), kwargs=kwargs))
            actual[name, key] = outcome(response)
            expected[name, key] = ALLOWED if role in IN_P(MANAGERS)[key] else REFUSED
    assert actual == expected
    assert {view: names for view, names in leaks.items() if names} == {}


@pytest.mark.parametrize("role", ROLES)
def test_every_other_list_view(client, full_world, role):
    client.force_login(full_world["users"][role])
    hidden = names_hidden_from(full_world, role)
    actual, expected, leaks = {}, {}, {}
    for name, roles in EVERY_LIST_VIEW.items():
        response = client.get(reverse(name))
        if name in REFUSED_REDIRECTS and response.status_code == 302:
            refused_to = reverse(REFUSED_REDIRECTS[name])
            actual[name] = REFUSED if response["Location"] == refused_to else response["Location"]
        else:
            actual[name] = outcome(response)
        expected[name] = ALLOWED if role in roles else REFUSED
        if response.status_code == 200:
            leaks[name] = [n for n in hidden if n in body_of(response)]
    # The choosers' "chosen" answers name only what the user may see, whatever ids are asked for.
    everyone = "&".join(f"id={p.pk}" for p in full_world["participants"].values())
    chosen = client.get(reverse("youthcop_participant_chooser:chosen_multiple") + f"?{everyone}")
    assert outcome(chosen) == ALLOWED
    shown = {kind for kind, p in full_world["participants"].items() if p.last_name.encode() in chosen.content}
    assert shown == {kind for kind in VISIBLE if role in VISIBLE[kind]}
    charters = "&".join(f"id={c.pk}" for c in full_world["charters"].values())
    chosen = client.get(reverse("wagtailsnippetchoosers_youthcop_charters_charter:chosen_multiple") + f"?{charters}")
    ids = {str(item["id"]) for item in chosen.json()["result"]}
    assert ids == {str(c.pk) for key, c in full_world["charters"].items() if role in IN_P(MANAGERS)[key]}
    assert actual == expected
    assert {view: names for view, names in leaks.items() if names} == {}


@pytest.mark.parametrize("role", ROLES)
def test_post_only_actions(client, full_world, role):
    """Locking a charter, resolving an absence flag: refused users change nothing."""
    client.force_login(full_world["users"][role])
    for key, charter in full_world["charters"].items():
        response = client.post(reverse(CHARTER("lock"), args=[charter.pk]))
        charter.refresh_from_db()
        allowed = role in IN_P(MANAGERS)[key]
        assert (outcome(response) if response.status_code != 302 or not allowed else ALLOWED) == (
            ALLOWED if allowed else REFUSED
        ), key
        assert charter.locked == allowed, key
    for kind, flag in full_world["flags"].items():
        response = client.post(reverse("youthcop_admin_sessions:resolve_flag", args=[flag.pk]), {"note": "called"})
        flag.refresh_from_db()
        allowed = role in VISIBLE[kind]
        assert response.status_code == (302 if allowed else 404), kind
        assert (flag.resolved_at is not None) == allowed, kind


# Views checked elsewhere: the personal-link and public views in the tests below and in each app's tests.
CHECKED_ABOVE = (
    {name for name, _rule in PARTICIPANT_VIEWS.values()}
    | {f"youthcop_admin_programmes:{view}" for view in PROGRAMME_VIEWS}
    | {url_name for url_name, _key, _rules in OTHER_APP_VIEWS.values()}
    | set(LISTS)
    | {f"youthcop_reports:{name}" for name in REPORTS}
    | {"youthcop_admin_privacy:register", "youthcop_participant_chooser:choose", "youthcop_admin_proposals:index"}
    | {"youthcop_participant_chooser:chosen_multiple", "wagtailsnippetchoosers_youthcop_charters_charter:chosen_multiple"}
    | {CHARTER(name) for name in ("in_person", "in_person_done", "revisions_compare", "revisions_revert", "revisions_unschedule", "lock")}
    | {CHARTER("edit"), CHARTER("signatures"), "youthcop_admin_sessions:resolve_flag"}
)
NOT_AN_OBJECT_VIEW = {CHARTER("unlock")}  # POST only, the same check as "lock"


def test_the_matrix_names_every_youthcop_admin_view():
    youthcop = {
        name for name in url_names()
        if name.startswith(("youthcop_admin_", "youthcop_reports", "youthcop_participant_chooser"))
        or "youthcop_charters_charter" in name
    }
    checked = CHECKED_ABOVE | set(EVERY_OBJECT_VIEW) | set(EVERY_LIST_VIEW) | NOT_AN_OBJECT_VIEW
    assert sorted(youthcop - checked) == []


# --- Roles in other programmes, police staff, confidential advisors (issue 10) ------------------------
#
# The wider world adds: a coordinator of Q from the organisation of P's coordinator (who registered P's
# officer); a coordinator of P who is police staff, with P's police advisor as their colleague; a minor of P
# registered by that police coordinator; and a completed programme R where a youth worker of the youth
# advisor's organisation registered someone. Before README rule 8 was tightened, every cell marked "was"
# below answered otherwise: organisation-wide sight went to every staff profile, whatever the role.

QC, CP = "q_coordinator", "police_coordinator"
COORDINATOR_VIEWS = {
    "inspect", "edit", "history", "delete", "withdraw", "link", "consent", "resend_guardian_request", "offer", "take_back_offer",
    "export_json", "export_pdf", "erase",
}
FILE_VIEWS = {"inspect", "edit", "history", "withdraw", "link", "consent", "resend_guardian_request"}
POLICE_STAFF_ON_YOUTH = {"inspect", "withdraw", "offer", "take_back_offer"}  # first name and initial only: nothing that shows more
ADVISOR_VIEWS = {"inspect", "notes"}  # read their own group and write notes

WIDER_EXPECTED = {
    # user: {participant: views allowed}; every other (participant, view) is refused
    QC: {"other_programme": COORDINATOR_VIEWS},  # was: all 13 views of P's officer
    CP: {  # was: every view of every young person of P, with their full record
        "own": POLICE_STAFF_ON_YOUTH, "other_org": POLICE_STAFF_ON_YOUTH, "minor": POLICE_STAFF_ON_YOUTH,
        "officer": COORDINATOR_VIEWS,
    },
    AY: {"own": ADVISOR_VIEWS, "other_org": ADVISOR_VIEWS, "minor": ADVISOR_VIEWS},  # was: "past" too
    AP: {"officer": ADVISOR_VIEWS},  # was: "minor", registered by a police colleague, date of birth and guardian
    W: {"own": FILE_VIEWS},
    F: {kind: FILE_VIEWS for kind in ("own", "other_org", "minor", "officer")},
    SU: {kind: COORDINATOR_VIEWS for kind in ("own", "other_org", "minor", "officer", "other_programme", "past")},
}
WIDER_ROLES = list(WIDER_EXPECTED)
MINOR_DATA = [b"minorperson", b"+32 470 99 99 99", b"quiet room"]


@pytest.fixture
def wider(world):
    from tests.factories import PoliceZoneFactory
    from youthcop.programmes.models import Programme, StaffProfile

    p, q, users = world["p"], world["q"], world["users"]
    users[QC] = programme_staff(q, Role.COORDINATOR, organisation=users[C].youthcop_profile.organisation)
    zone = PoliceZoneFactory()
    users[CP] = programme_staff(p, Role.COORDINATOR, organisation=zone)
    StaffProfile.objects.filter(user=users[AP]).update(organisation=zone)
    minor = ParticipantFactory(
        programme=p, registered_by=users[CP], first_name="Mina", last_name="Minorperson",
        date_of_birth=datetime.date(p.start_date.year - 16, 3, 9), email="mina.minorperson@example.net",
        phone="+32 470 99 99 99", guardian_name="Guardian Minorperson", guardian_email="guardian.minorperson@example.net",
        dietary_needs=["halal"], accessibility_needs="Quiet room",
    )
    r = ProgrammeFactory(name="Programme R", status=Programme.Status.COMPLETED)
    advisor_organisation = users[AY].youthcop_profile.organisation
    r_worker = programme_staff(r, Role.YOUTH_WORKER, organisation=advisor_organisation)
    past = ParticipantFactory(programme=r, registered_by=r_worker, organisation=advisor_organisation, last_name="Pastperson")
    world["participants"] = {**world["participants"], "minor": minor, "past": past}
    return world


@pytest.mark.parametrize("role", WIDER_ROLES)
def test_participant_views_by_role_in_each_programme(client, wider, role):
    client.force_login(wider["users"][role])
    actual, expected = {}, {}
    for view in PARTICIPANT_VIEWS:
        for kind, participant in wider["participants"].items():
            actual[view, kind] = outcome(client.get(participant_url(view, participant)))
            expected[view, kind] = ALLOWED if view in WIDER_EXPECTED[role].get(kind, ()) else REFUSED
    assert actual == expected


def test_a_coordinator_of_another_programme_cannot_withdraw_an_officer(client, wider):
    officer = wider["participants"]["officer"]
    services.issue_link(officer)
    client.force_login(wider["users"][QC])
    response = client.post(participant_url("withdraw", officer), {"reason": "x"})
    assert outcome(response) == REFUSED
    officer.refresh_from_db()
    assert officer.status == "enrolled"
    assert officer.links.filter(revoked_at__isnull=True).exists()


def test_a_confidential_advisor_changes_nothing_by_post(client, wider):
    own = wider["participants"]["own"]
    client.force_login(wider["users"][AY])
    for view, data in (("withdraw", {"reason": "x"}), ("link", {"action": "revoke_confirmed"}), ("consent", {})):
        assert outcome(client.post(participant_url(view, own), data)) == REFUSED, view
    own.refresh_from_db()
    assert own.status == "enrolled" and not own.consents.exists()


MENU_VIEWS = ["edit", "delete", "withdraw", "link", "consent", "notes", "export_json", "export_pdf", "erase"]


@pytest.mark.parametrize("role", WIDER_ROLES + [C])
def test_a_user_is_only_shown_the_actions_they_may_take(client, wider, role):
    """Every action link in the participant list opens (no 404 behind a menu item), and every permitted one is there."""
    client.force_login(wider["users"][role])
    listing = client.get(reverse("youthcop_admin_participants:index")).content.decode()
    shown, allowed = set(), set()
    for kind, participant in wider["participants"].items():
        for view in MENU_VIEWS:
            if f'href="{participant_url(view, participant)}"' in listing:
                shown.add((view, kind))
            if outcome(client.get(participant_url(view, participant))) == ALLOWED:
                allowed.add((view, kind))
    assert shown <= allowed, sorted(shown - allowed)
    # Each permitted action is offered; guardian consent only for young people (they all have a date of birth).
    offered = {(view, kind) for view, kind in allowed if not (view == "consent" and kind == "officer")}
    assert offered <= shown, sorted(offered - shown)


def test_confidential_advisors_are_not_offered_withdraw_link_or_consent(client, wider):
    client.force_login(wider["users"][AY])
    listing = client.get(reverse("youthcop_admin_participants:index")).content.decode()
    assert "Ownperson" in listing
    for path in ("/participants/withdraw/", "/participants/link/", "/participants/consent/", "/participants/edit/"):
        assert path not in listing, path


def _registration(programme, side, organisation):
    return {
        "programme": programme.pk, "side": side, "first_name": "New", "last_name": "Registrationperson",
        "date_of_birth": "2000-05-01" if side == "youth" else "", "preferred_language": "fr",
        "organisation": organisation.pk, "police_unit": "community" if side == "police" else "",
        "consent_method": "email",
    }


@pytest.mark.parametrize(
    "role, side, registered",
    [(W, "police", False), (W, "youth", True), (F, "police", False), (C, "police", True), (SU, "police", True)],
)
def test_officers_are_registered_by_the_coordinator(client, wider, role, side, registered):
    from youthcop.programmes.models import Participant

    p = wider["p"]
    organisation = p.police_zone if side == "police" else wider["users"][W].youthcop_profile.organisation
    client.force_login(wider["users"][role])
    response = client.post(reverse("youthcop_admin_participants:add"), _registration(p, side, organisation))
    assert Participant.objects.filter(last_name="Registrationperson").exists() == registered
    if not registered:
        assert response.status_code == 200
        assert "Police officers are registered by the programme&#x27;s coordinator." in response.content.decode()


def _minor_dates(minor):
    from django.utils.formats import date_format

    dob = minor.date_of_birth
    return [dob.isoformat().encode(), date_format(dob).encode(), dob.strftime("%d/%m/%Y").encode(), f"{dob:%Y%m%d}".encode()]


def _text_of_pdf(content):
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("role", [CP, AP])
def test_police_staff_never_see_a_minors_identifying_data(client, wider, role):
    """List, search, inspect, export, chooser, attendance sheet (page and PDF), signatures, certificates, reports."""
    from youthcop.programmes.models import Participant

    from youthcop.charters import services as charters

    minor = wider["participants"]["minor"]
    session, charter = wider["sessions"]["P"], wider["charters"]["P"]
    certificate = _certificate(minor)
    charter.proposals_open = True
    charter.save_revision().publish()
    proposal = charters.propose(minor, "We commit to listen")
    charters.adopt_charter(charter, by=wider["users"][SU], invite=False)
    version = charters.current_version(wider["p"])
    charters.sign(minor, version, typed_name=minor.full_name, language="en", method="online", ip=None, user_agent="")
    client.force_login(wider["users"][role])
    pages = {
        "list": reverse("youthcop_admin_participants:index"),
        "search by first name": reverse("youthcop_admin_participants:index") + "?q=Mina",
        "export": reverse("youthcop_admin_participants:index") + "?export=csv",
        "inspect": participant_url("inspect", minor),
        "withdraw": participant_url("withdraw", minor),
        "chooser": reverse("youthcop_participant_chooser:choose"),
        "chooser search": reverse("youthcop_participant_chooser:choose_results") + "?q=Mina",
        "chosen": reverse("youthcop_participant_chooser:chosen", args=[minor.pk]),
        "session": reverse("youthcop_admin_sessions:inspect", args=[session.pk]),
        "attendance": reverse("youthcop_admin_sessions:attendance", args=[session.pk]),
        "sessions overview": reverse("youthcop_admin_sessions:programme", args=[wider["p"].pk]),
        "signatures": reverse(charter_viewset.get_url_name("signatures"), args=[charter.pk]),
        "proposals": reverse("youthcop_admin_proposals:index"),
        "proposals export": reverse("youthcop_admin_proposals:index") + "?export=csv",
        "proposal": reverse("youthcop_admin_proposals:edit", args=[proposal.pk]),
        "certificates": reverse("youthcop_admin_certificates:index"),
        "certificates of P": reverse("youthcop_admin_certificates:programme", args=[wider["p"].pk]),
        "certificate": reverse("youthcop_admin_certificates:inspect", args=[certificate.pk]),
        "dashboard": reverse("wagtailadmin_home"),
        **{f"report {name}": reverse(f"youthcop_reports:{name}") for name in REPORTS},
        "site history": reverse("wagtailadmin_reports:site_history"),
    }
    seen, leaks = {}, {}
    for name, url in pages.items():
        response = client.get(url)
        seen[name] = response.status_code
        if response.status_code == 200:
            body = body_of(response).lower()
            leaks[name] = [data for data in [*MINOR_DATA, *_minor_dates(minor)] if data.lower() in body]
    sheet = client.get(reverse("youthcop_admin_sessions:sheet_pdf", args=[session.pk]))
    if sheet.status_code == 200:
        text = _text_of_pdf(sheet.content)
        assert "Mina M." in text
        leaks["attendance sheet PDF"] = [d for d in [*MINOR_DATA, *_minor_dates(minor)] if d.decode().lower() in text.lower()]
    charter_pdf = client.get(reverse(charter_viewset.get_url_name("charter_pdf"), args=[charter.pk]))
    if charter_pdf.status_code == 200:
        text = _text_of_pdf(charter_pdf.content)
        assert "Mina M." in text
        leaks["charter PDF"] = [d for d in [*MINOR_DATA, *_minor_dates(minor)] if d.decode().lower() in text.lower()]
    assert {name: found for name, found in leaks.items() if found} == {}
    # Searching a young person's last name finds nobody: it would say who they are.
    found = client.get(reverse("youthcop_admin_participants:index") + "?q=Minorperson").content
    assert b"Mina" not in found
    # Their certificate's PDF prints the full name: not theirs to download.
    assert outcome(client.get(reverse("youthcop_admin_certificates:pdf", args=[certificate.pk]))) == REFUSED
    if role == CP:  # the coordinator works with the group: they see what they would know in the workshop
        assert all(seen[name] == 200 for name in ("list", "inspect", "attendance", "signatures")), seen
        for name in ("list", "inspect", "attendance", "signatures", "chooser", "search by first name", "proposals"):
            assert b"Mina M." in body_of(client.get(pages[name])), name
        assert "Mina M." in _text_of_pdf(sheet.content) and charter_pdf.status_code == 200
        assert Participant.objects.get(pk=minor.pk).last_name == "Minorperson"  # shown, never saved, as initials


def test_youth_work_coordinators_and_superusers_see_the_minors_record(client, wider):
    minor = wider["participants"]["minor"]
    for role in (C, SU):
        client.force_login(wider["users"][role])
        body = client.get(participant_url("inspect", minor)).content
        assert b"Minorperson" in body and b"+32 470 99 99 99" in body, role


def test_police_staff_see_officers_in_full(client, wider):
    client.force_login(wider["users"][CP])
    assert b"Officerperson" in client.get(participant_url("inspect", wider["participants"]["officer"])).content


@pytest.mark.parametrize("role", WIDER_ROLES + [C])
def test_row_actions_and_view_scopes_are_one_rule(wider, role):
    """``participant_actions`` (menus, one query) answers as ``participants_open_to`` (views) for every action."""
    from youthcop.programmes.models import Participant
    from youthcop.programmes.permissions import ALL_ACTIONS, participant_actions, participants_open_to

    user = wider["users"][role]
    everyone = list(Participant.objects.all())
    by_menu = participant_actions(user, everyone)
    for action in ALL_ACTIONS:
        by_view = set(participants_open_to(user, action).values_list("pk", flat=True))
        assert {p.pk for p in everyone if action in by_menu[p.pk]} == by_view, action


def test_a_participant_shown_without_identity_is_never_saved(wider):
    from youthcop.programmes.permissions import as_seen_by

    shown = as_seen_by(wider["users"][CP], wider["participants"]["minor"])
    assert (shown.full_name, shown.date_of_birth, shown.guardian_name) == ("Mina M.", None, "")
    with pytest.raises(ValueError):
        shown.save()
