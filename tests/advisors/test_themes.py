"""Participatory design of the year: themes for the coming workshops, through the charter's proposal mechanism."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests.advisors.conftest import Role
from tests.factories import ParticipantFactory, UserFactory, officer, programme_staff
from tests.sessions.factories import SessionFactory
from youthcop.advisors import themes
from youthcop.charters.models import Proposal
from youthcop.charters.services import proposals as charter_proposals
from youthcop.charters.services.errors import CharterError
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes import services as programme_services
from youthcop.sessions.models import SessionKind

pytestmark = pytest.mark.django_db


def coming(programme, days=10, **fields):
    start = timezone.now() + datetime.timedelta(days=days)
    return SessionFactory(programme=programme, starts_at=start, ends_at=start + datetime.timedelta(hours=3), **fields)


def home(token):
    return reverse("youthcop_programmes:participant_home", args=[token])


def board(programme):
    return reverse("youthcop_advisors_admin:themes", args=[programme.pk])


def card(client, token):
    return BeautifulSoup(client.get(home(token)).content, "html5lib").select_one("#themes")


def test_themes_are_open_only_while_a_coming_workshop_has_no_theme(client, group):
    programme, token = group["programme"], group["young_token"]
    assert card(client, token) is None  # no workshop ahead
    SessionFactory(programme=programme)  # a past one
    coming(programme, theme="Already fixed")
    coming(programme, kind=SessionKind.POLICE_BRIEFING)
    assert card(client, token) is None
    with pytest.raises(CharterError):
        themes.propose_theme(group["young"], "Football")
    response = client.post(reverse("youthcop_advisors:propose_theme", args=[token]), {"text": "Football"}, follow=True)
    assert "themes are closed" in response.content.decode()
    assert not Proposal.objects.exists()

    coming(programme, days=20)
    assert card(client, token) is not None


def test_participants_propose_and_support_from_their_page_and_the_board_ranks_per_side(client, group):
    programme = group["programme"]
    session = coming(programme)
    young_token, officer_token = group["young_token"], group["officer_token"]
    client.post(reverse("youthcop_advisors:propose_theme", args=[young_token]), {"text": "Racial profiling"})
    client.post(reverse("youthcop_advisors:propose_theme", args=[officer_token]), {"text": "Night life"})
    profiling, night = Proposal.objects.get(text="Racial profiling"), Proposal.objects.get(text="Night life")
    assert (profiling.kind, profiling.author, profiling.method) == ("theme", group["young"], "online")

    # Two more young people and the officer support "Racial profiling"; one young person "Night life".
    others = [ParticipantFactory(programme=programme) for _ in range(2)]
    for person in others:
        token = programme_services.issue_link(person)
        client.post(reverse("youthcop_advisors:support_theme", args=[token, profiling.pk]))
    client.post(reverse("youthcop_advisors:support_theme", args=[officer_token, profiling.pk]))
    client.post(reverse("youthcop_advisors:support_theme", args=[young_token, night.pk]))
    young_card = card(client, young_token)
    assert [li.select_one(".yc-proposal-text").get_text() for li in young_card.select("[data-theme]")] == [
        "Racial profiling", "Night life",
    ]
    assert "You support this" in young_card.select_one(f"#theme-{night.pk}").get_text()
    assert "Your theme" in young_card.select_one(f"#theme-{profiling.pk}").get_text()

    facilitator = group["staff"][Role.FACILITATOR]
    client.force_login(facilitator)
    page = BeautifulSoup(client.get(board(programme)).content, "html5lib")
    rows = page.select("[data-youthcop=theme-ranking] tbody tr")
    counts = [(row.select_one("td").get_text(), row.select_one("[data-side=youth]").get_text(),
               row.select_one("[data-side=police]").get_text()) for row in rows]
    assert counts == [("Racial profiling", "2", "1"), ("Night life", "1", "0")]

    response = client.post(board(programme), {"proposal": profiling.pk, "decision": "choose", "session": session.pk})
    assert response.status_code == 302
    session.refresh_from_db()
    profiling.refresh_from_db()
    assert session.theme == "Racial profiling" and profiling.status == Proposal.Status.ACCEPTED
    entry = AuditLogEntry.objects.get(action="youthcop.theme.chosen")
    assert entry.data == {"session": session.pk} and entry.user == facilitator
    # The only workshop ahead has its theme now: the card goes, new themes are refused.
    client.logout()
    assert card(client, young_token) is None


def test_a_facilitator_declines_a_theme_with_a_reason_its_author_reads(client, group):
    programme = group["programme"]
    coming(programme)
    coming(programme, days=40)
    proposal = themes.propose_theme(group["young"], "Who is the best footballer")
    client.force_login(group["staff"][Role.FACILITATOR])
    client.post(board(programme), {"proposal": proposal.pk, "decision": "decline", "reason": "Off topic for the group"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
    client.logout()
    decided = card(client, group["young_token"]).select_one("[data-theme-decided]").get_text(" ", strip=True)
    assert "Who is the best footballer" in decided and "Off topic for the group" in decided


@pytest.mark.parametrize("who", [Role.YOUTH_WORKER, Role.YOUTH_ADVISOR, Role.POLICE_ADVISOR, "other_facilitator"])
def test_only_the_programmes_facilitators_and_coordinators_see_the_board(client, group, who):
    programme = group["programme"]
    session = coming(programme)
    proposal = themes.propose_theme(group["young"], "Respect")
    if who == "other_facilitator":
        user = programme_staff(group["other_advisor"].youthcop_roles.get().programme, Role.FACILITATOR)
    else:
        user = group["staff"][who]
    client.force_login(user)
    assert client.get(board(programme)).status_code == 404
    client.post(board(programme), {"proposal": proposal.pk, "decision": "choose", "session": session.pk})
    session.refresh_from_db()
    assert session.theme == ""
    client.force_login(group["staff"][Role.COORDINATOR])
    assert client.get(board(programme)).status_code == 200
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(board(programme)).status_code == 200


def test_themes_stay_out_of_the_charter(client, group):
    programme = group["programme"]
    coming(programme)
    from tests.charters.factories import charter_for

    charter_for(programme)
    theme = themes.propose_theme(group["young"], "Themeonly words")
    commitment = charter_proposals.propose(group["officer"], "We commit to listen.")
    with pytest.raises(CharterError):
        charter_proposals.accept_proposal(theme, by=group["staff"][Role.FACILITATOR])
    with pytest.raises(CharterError):
        charter_proposals.merge_proposal(theme, commitment, by=group["staff"][Role.FACILITATOR])
    assert list(charter_proposals.proposals_to_answer([programme])) == [commitment]
    page = client.get(reverse("youthcop_charters:proposals", args=[group["young_token"]])).content.decode()
    assert "We commit to listen." in page and "Themeonly words" not in page
    client.force_login(group["staff"][Role.FACILITATOR])
    board_page = client.get(reverse("youthcop_admin_proposals:index")).content.decode()
    assert "We commit to listen." in board_page and "Themeonly words" not in board_page


def test_theme_texts_are_escaped(client, group):
    programme = group["programme"]
    coming(programme)
    themes.propose_theme(group["young"], "<script>alert(1)</script>")
    page = client.get(home(group["officer_token"])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    client.force_login(group["staff"][Role.FACILITATOR])
    admin = client.get(board(programme)).content.decode()
    assert "<script>alert(1)</script>" not in admin and "&lt;script&gt;alert(1)&lt;/script&gt;" in admin
    overview = client.get(reverse("youthcop_admin_programmes:inspect", args=[programme.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in overview


@pytest.mark.parametrize("count", [1, 15])
def test_the_page_and_the_board_cost_the_same_queries_whatever_the_number_of_themes(
    client, group, count, django_assert_max_num_queries
):
    programme = group["programme"]
    coming(programme)
    people = [ParticipantFactory(programme=programme) for _ in range(count)] + [officer(programme=programme)]
    for n, person in enumerate(people):
        proposal = themes.propose_theme(person, f"Theme {n}")
        themes.toggle_support(group["young"], proposal)
    with django_assert_max_num_queries(40):
        assert client.get(home(group["young_token"])).status_code == 200
    client.force_login(group["staff"][Role.FACILITATOR])
    with django_assert_max_num_queries(30):
        response = client.get(board(programme))
    assert len(BeautifulSoup(response.content, "html5lib").select("[data-theme]")) == count + 1


def test_the_charters_support_and_comment_urls_do_not_reach_a_theme(client, group):
    coming(group["programme"])
    theme = themes.propose_theme(group["officer"], "Night life")
    token = group["young_token"]
    assert client.post(reverse("youthcop_charters:support", args=[token, theme.pk])).status_code == 404
    assert client.post(reverse("youthcop_charters:comment", args=[token, theme.pk]), {"text": "x"}).status_code == 404
    assert not theme.supports.exists() and not theme.comments.exists()
