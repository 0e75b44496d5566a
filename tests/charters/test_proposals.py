"""Co-writing: proposals, support, comments, the facilitators' decisions, closing during adoption."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.charters.factories import group_of, link_for
from tests.factories import ProgrammeFactory, programme_staff
from youthcop.charters import services
from youthcop.charters.models import Charter, Proposal, ProposalSupport
from youthcop.programmes.models import ProgrammeStaff

pytestmark = pytest.mark.django_db


def proposals_url(token):
    return reverse("youthcop_charters:proposals", args=[token])


def test_a_participant_proposes_supports_and_comments_through_their_link(client, charter, group):
    author, supporter = group[0], group[1]
    response = client.post(proposals_url(link_for(author)), {"text": "We commit to share a meal every month."})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.author == author and proposal.method == "online"

    token = link_for(supporter)
    client.post(reverse("youthcop_charters:support", args=[token, proposal.pk]))
    client.post(reverse("youthcop_charters:comment", args=[token, proposal.pk]), {"text": "Yes, and cook together."})
    assert ProposalSupport.objects.filter(proposal=proposal, participant=supporter).exists()
    assert proposal.comments.get().author == supporter

    page = client.get(proposals_url(token)).content.decode()
    assert "We commit to share a meal every month." in page
    assert "Yes, and cook together." in page
    assert "You support this" in page
    client.post(reverse("youthcop_charters:support", args=[token, proposal.pk]))  # a second press withdraws it
    assert not ProposalSupport.objects.exists()


def test_nobody_supports_their_own_proposal(charter, group):
    proposal = services.propose(group[0], "We commit to smile.")
    with pytest.raises(services.CharterError):
        services.toggle_support(group[0], proposal)


def test_the_proposals_page_shows_no_names(client, charter, group):
    services.propose(group[0], "We commit to smile.")
    services.comment_on(group[2], Proposal.objects.get(), "Good idea.")
    page = client.get(proposals_url(link_for(group[1]))).content.decode()
    for participant in (group[0], group[2]):
        assert participant.last_name not in page


def test_accepting_adds_the_commitment_to_a_new_draft_revision(charter, facilitator, group):
    proposal = services.propose(group[0], "We commit to greet each other.")
    services.accept_proposal(proposal, by=facilitator)
    charter.refresh_from_db()
    draft = charter.get_latest_revision_as_object()
    assert draft.commitment_texts()[-1] == "We commit to greet each other."
    assert "We commit to greet each other." not in charter.commitment_texts()  # the live charter is unchanged
    assert charter.latest_revision.user == facilitator
    assert Proposal.objects.get().status == Proposal.Status.ACCEPTED
    with pytest.raises(services.ProposalAlreadyDecided):
        services.accept_proposal(proposal, by=facilitator)


def test_merging_moves_support_and_declining_shows_the_reason_to_the_author(client, charter, facilitator, group):
    first = services.propose(group[0], "We commit to listen.")
    duplicate = services.propose(group[1], "We commit to listen to each other.")
    for supporter in group[2:4]:
        services.toggle_support(supporter, duplicate)
    services.toggle_support(group[2], first)
    services.merge_proposal(duplicate, first, by=facilitator)
    assert set(first.supports.values_list("participant_id", flat=True)) == {group[2].pk, group[3].pk}

    declined = services.propose(group[4], "We commit to nothing.")
    services.decline_proposal(declined, by=facilitator, reason="A commitment must say what we will do.")
    page = client.get(proposals_url(link_for(group[4]))).content.decode()
    assert "A commitment must say what we will do." in page
    page = client.get(proposals_url(link_for(group[1]))).content.decode()
    assert "Merged with" in page and "We commit to listen." in page


def test_proposals_close_for_an_adoption(client, charter, facilitator, group):
    services.set_proposals_open(charter.programme, False, by=facilitator)
    with pytest.raises(services.ProposalsClosed):
        services.propose(group[0], "Too late.")
    services.set_proposals_open(charter.programme, True, by=facilitator)
    services.propose(group[0], "In time.")
    services.adopt_charter(charter, by=facilitator)
    with pytest.raises(services.ProposalsClosed):
        services.propose(group[0], "After adoption.")
    response = client.post(proposals_url(link_for(group[1])), {"text": "After adoption."}, follow=True)
    assert "closed" in response.content.decode()
    assert Proposal.objects.count() == 1


def test_an_old_draft_does_not_reopen_proposals(charter, facilitator):
    charter.save_revision(user=facilitator)
    services.set_proposals_open(charter.programme, False, by=facilitator)
    charter.refresh_from_db()
    charter.latest_revision.publish(user=facilitator)
    assert not Charter.objects.get(pk=charter.pk).proposals_open


def test_a_facilitator_enters_a_paper_proposal_and_decides(client, charter, facilitator, group):
    client.force_login(facilitator)
    response = client.post(
        reverse("youthcop_admin_proposals:add"), {"participant": group[0].pk, "text": "We commit to play football."}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.author == group[0] and proposal.method == "paper" and proposal.entered_by == facilitator

    review = reverse("youthcop_admin_proposals:edit", args=[proposal.pk])
    assert client.get(review).status_code == 200
    response = client.post(review, {"decision": "decline", "reason": ""})
    assert response.status_code == 200  # a reason is required
    client.post(review, {"decision": "accept"})
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    charter.refresh_from_db()
    assert charter.get_latest_revision_as_object().commitment_texts()[-1] == "We commit to play football."


def test_facilitators_of_other_programmes_see_nothing(client, charter, group):
    proposal = services.propose(group[0], "We commit to help.")
    other = ProgrammeFactory()
    outsider = programme_staff(other, ProgrammeStaff.Role.FACILITATOR)
    client.force_login(outsider)
    assert client.get(reverse("youthcop_admin_proposals:edit", args=[proposal.pk])).status_code == 404
    index = client.get(reverse("youthcop_admin_proposals:index")).content.decode()
    assert "We commit to help." not in index
    response = client.post(reverse("youthcop_admin_proposals:add"), {"participant": group[0].pk, "text": "x"})
    assert response.status_code == 200 and not Proposal.objects.filter(text="x").exists()


def test_proposal_pages_do_not_issue_more_queries_as_proposals_grow(client, charter, facilitator):
    client.force_login(facilitator)
    counts = []
    for size in (2, 15):
        people = group_of(charter.programme, youth=size, police=1)
        for i, person in enumerate(people[:size]):
            proposal = services.propose(person, f"We commit to thing {size}-{i}.")
            services.toggle_support(people[(i + 1) % size], proposal)
            services.comment_on(people[(i + 2) % size], proposal, "ok")
        token = link_for(people[-1])
        client.get(proposals_url(token))  # warm the per-process caches (sites, locales) first
        with CaptureQueriesContext(connection) as participant_page:
            response = client.get(proposals_url(token))
        assert len(BeautifulSoup(response.content, "html5lib").select("[data-proposal]")) == Proposal.objects.count()
        with CaptureQueriesContext(connection) as board:
            assert client.get(reverse("youthcop_admin_proposals:index")).status_code == 200
        counts.append((len(participant_page), len(board)))
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 5


def test_the_facilitators_board_shows_each_proposal_with_its_support_most_supported_first(client, charter, facilitator, group):
    popular = services.propose(group[1], "We commit to play football together.")
    quiet = services.propose(group[0], "We commit to be quiet.")  # newer: listed first by default
    for supporter in group[2:5]:
        services.toggle_support(supporter, popular)
    services.toggle_support(group[5], quiet)
    client.force_login(facilitator)
    response = client.get(reverse("youthcop_admin_proposals:index"), {"ordering": "-support_count"})
    rows = BeautifulSoup(response.content, "html5lib").select("table.listing tbody tr")
    cells = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in rows]
    assert [row[0].startswith("We commit to play football together.") for row in cells] == [True, False]
    assert cells[1][0].startswith("We commit to be quiet.")
    assert "3" in cells[0] and "1" in cells[1]
