"""Search on every youthcop admin list: no 500, accents and case ignored both ways, scoped to the user.

The same tests run on SQLite and on PostgreSQL (``./scripts/test`` runs both).
"""

import pytest
from django.db import connection
from django.db.models import Value
from django.urls import reverse

from tests.certificates.factories import certificate_for
from tests.charters.factories import charter_for
from tests.factories import OrganisationFactory, ParticipantFactory, ProgrammeFactory, UserFactory, programme_staff
from tests.sessions.factories import SessionFactory
from youthcop.charters.models import Proposal
from youthcop.core.search import normalise_name
from youthcop.charters.viewsets import charter_viewset
from youthcop.programmes.models import Participant, ProgrammeStaff
from youthcop.core.search import _FOLDED_RANGES, HYPHENS, Folded, fold

Role = ProgrammeStaff.Role


@pytest.fixture
def people(db):
    """Programme P with a youth worker of organisation A and a facilitator; accented names on every side."""
    p = ProgrammeFactory(name="Programme Hélène")
    q = ProgrammeFactory(name="Programme Quatre")
    org_a, org_b = OrganisationFactory(name="Maison Jeunesse Évasion", city="Liège"), OrganisationFactory()
    worker = programme_staff(p, Role.YOUTH_WORKER, organisation=org_a)
    other_worker = programme_staff(p, Role.YOUTH_WORKER, organisation=org_b)
    q_facilitator = programme_staff(q, Role.FACILITATOR)
    make = lambda programme, by, org, first, last: ParticipantFactory(  # noqa: E731
        programme=programme, registered_by=by, organisation=org, first_name=first, last_name=last
    )
    return {
        "p": p,
        "q": q,
        "worker": worker,
        "facilitator": programme_staff(p, Role.FACILITATOR),
        "coordinator": programme_staff(p, Role.COORDINATOR),
        "superuser": UserFactory(is_superuser=True),
        "zoe": make(p, worker, org_a, "Zoé", "Michiels"),
        "plain_zoe": make(p, worker, org_a, "Zoe", "Verbeke"),
        "lukasz": make(p, worker, org_a, "Łukasz", "Wiśniewski"),
        "soren": make(p, worker, org_a, "Søren", "Ørsted-Nielsen"),
        "other_org_zoe": make(p, other_worker, org_b, "ZOÉ", "Otherorg"),
        "q_zoe": make(q, q_facilitator, org_b, "Zoë", "Elsewhere"),
    }


def listing(client, user, url_name, query):
    client.force_login(user)
    response = client.get(reverse(url_name), {"q": query})
    assert response.status_code == 200, (url_name, query, response.status_code)
    return response.content.decode()


def shown(content, people, keys):
    return {key for key in keys if people[key].last_name in content}


ALL_ZOES = {"zoe", "plain_zoe", "other_org_zoe", "q_zoe"}


@pytest.mark.parametrize("url_name", ["youthcop_admin_participants:index", "youthcop_admin_participants:index_results"])
@pytest.mark.parametrize(
    "role, query, expected",
    [
        # Accents and case ignored both ways; only what the user may see (README rule 8).
        ("worker", "Zoe", {"zoe", "plain_zoe"}),
        ("worker", "zoé", {"zoe", "plain_zoe"}),
        ("worker", "ZOË", {"zoe", "plain_zoe"}),
        ("facilitator", "Zoe", {"zoe", "plain_zoe", "other_org_zoe"}),
        ("coordinator", "zoe", {"zoe", "plain_zoe", "other_org_zoe"}),
        ("superuser", "zoe", ALL_ZOES),
        # Letters whose accent Unicode does not decompose, and a first and last name together.
        ("worker", "Lukasz", {"lukasz"}),
        ("worker", "lukasz wisniewski", {"lukasz"}),
        ("worker", "Wiśniewski Łukasz", {"lukasz"}),
        ("worker", "soren orsted", {"soren"}),
        ("worker", "Orsted-Nielsen", {"soren"}),
        ("worker", "zoé michiels", {"zoe"}),
        ("worker", "Nobody", set()),
    ],
)
def test_participant_search(client, people, url_name, role, query, expected):
    content = listing(client, people[role], url_name, query)
    keys = ALL_ZOES | {"lukasz", "soren"}
    assert shown(content, people, keys) == expected


def test_a_plain_name_finds_the_accented_one_and_back(client, people):
    """"Zoe" finds "Zoé" and "zoé" finds "Zoe": the fold is applied to the column and to the query."""
    worker = people["worker"]
    assert "Michiels" in listing(client, worker, "youthcop_admin_participants:index", "zoe michiels")
    assert "Verbeke" in listing(client, worker, "youthcop_admin_participants:index", "zoé verbeke")


def test_search_keeps_the_list_filters(client, people):
    client.force_login(people["superuser"])
    response = client.get(reverse("youthcop_admin_participants:index"), {"q": "zoe", "programme": people["q"].pk})
    assert response.status_code == 200
    assert shown(response.content.decode(), people, ALL_ZOES) == {"q_zoe"}


@pytest.mark.parametrize("role", ["worker", "facilitator", "coordinator", "superuser"])
def test_programme_search(client, people, role):
    content = listing(client, people[role], "youthcop_admin_programmes:index", "helene")
    assert "Programme Hélène" in content
    assert "Programme Quatre" not in content
    content = listing(client, people[role], "youthcop_admin_programmes:index", "quatre")
    assert ("Programme Quatre" in content) == (role == "superuser")


@pytest.mark.parametrize("query", ["evasion", "ÉVASION", "liege"])
def test_organisation_search(client, people, query):
    content = listing(client, people["coordinator"], "youthcop_admin_organisations:index", query)
    assert "Maison Jeunesse Évasion" in content


def test_session_search(client, people):
    SessionFactory(programme=people["p"], title="Théâtre forum", venue_name="Salle des fêtes")
    SessionFactory(programme=people["q"], title="Théâtre d'ailleurs")
    for query in ("theatre", "THÉÂTRE", "salle des fetes"):
        content = listing(client, people["facilitator"], "youthcop_admin_sessions:index", query)
        assert "Théâtre forum" in content and "ailleurs" not in content


def test_charter_search(client, people):
    charter_for(people["p"], title="Charte de l'équipe")
    charter_for(people["q"], title="Charte d'ailleurs")
    for query in ("equipe", "ÉQUIPE"):
        content = listing(client, people["facilitator"], charter_viewset.get_url_name("list"), query)
        assert "Charte de l" in content and "ailleurs" not in content


def test_proposal_search_by_text_and_author(client, people):
    Proposal.objects.create(programme=people["p"], author=people["lukasz"], text="On se dit bonjour à l'école")
    Proposal.objects.create(programme=people["q"], author=people["q_zoe"], text="À l'école aussi")
    for query in ("ecole", "lukasz"):
        content = listing(client, people["facilitator"], "youthcop_admin_proposals:index", query)
        assert "bonjour" in content and "aussi" not in content


def test_certificate_search_by_name_and_code(client, people):
    mine = certificate_for(people["zoe"])
    certificate_for(people["q_zoe"])
    for query in ("zoe", "michiels", mine.short_code_display.lower()):
        content = listing(client, people["facilitator"], "youthcop_admin_certificates:index", query)
        assert "Michiels" in content and "Elsewhere" not in content


def test_the_database_folds_like_python(db):
    """The SQL fold (a function on SQLite, translate() on PostgreSQL) gives what ``fold`` gives, letter by letter."""
    letters = "".join(chr(code) for start, end in _FOLDED_RANGES for code in range(start, end + 1)) + HYPHENS
    compiler = Participant.objects.all().query.get_compiler(using="default")
    sql, params = compiler.compile(Folded(Value(letters)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        assert cursor.fetchone()[0] == fold(letters)


def test_the_charter_name_rule_is_the_search_fold():
    assert normalise_name("  Łukasz  Wiśniewski-Ørsted ") == "lukasz wisniewski orsted"
    assert fold("ZOÉ") == "zoe"


def test_letters_unicode_does_not_decompose_are_spelt_in_ascii():
    assert normalise_name("Guðrún Þórsdóttir") == "gudrun thorsdottir"
    assert normalise_name("Yıldız Æbeltoft Đorđević Straße") == "yildiz aebeltoft dordevic strasse"
    assert fold("Зоя") == "зоя"  # other scripts are only lower-cased, as PostgreSQL's translate() leaves them
    assert fold("ƨ") == "ƨ"  # anyascii spells it "2": not a letter, so not used
