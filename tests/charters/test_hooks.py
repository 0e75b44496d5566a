"""What the charter gives other parts: page sections, export, anonymisation, demo data."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail import hooks

from tests.charters.factories import link_for, translate
from tests.factories import ProgrammeFactory, programme_staff
from youthcop.charters import services
from youthcop_site.demo import charters as demo
from youthcop.charters import wagtail_hooks as charter_hooks
from youthcop.charters.models import Charter, Proposal, ProposalComment, ProposalSupport, Signature
from youthcop.programmes.models import Programme, ProgrammeStaff

pytestmark = pytest.mark.django_db


def programme_sections(programme):
    assert charter_hooks.charter_programme_page_section in hooks.get_hooks("youthcop_programme_page_sections")
    return charter_hooks.charter_programme_page_section(RequestFactory().get("/"), programme)


def signed_group(charter, facilitator, group):
    version = services.adopt_charter(charter, by=facilitator)
    for person in group[:3]:
        services.sign(person, version, typed_name=person.full_name, language="en", method="online", ip="10.1.2.3", user_agent="UA")
    return version


def test_the_public_page_shows_the_adopted_text_and_count_only_when_made_public(charter, facilitator, group):
    translate(charter, "fr", title="Notre charte", commitments=["Nous écoutons."])
    signed_group(charter, facilitator, group)
    assert programme_sections(charter.programme) == ""
    Charter.objects.filter(programme=charter.programme).update(show_on_public_page=True)
    html = programme_sections(charter.programme)
    assert "We commit to listen before we judge." in html
    assert "Signed by 3 participants." in html
    for person in group:
        assert person.first_name not in html and person.last_name not in html
    with translation.override("fr"):
        assert "Nous écoutons." in programme_sections(charter.programme)
    with translation.override("de"):
        assert "We commit to listen" in programme_sections(charter.programme)  # the original


def test_no_public_section_before_adoption(charter):
    Charter.objects.filter(pk=charter.pk).update(show_on_public_page=True)
    assert programme_sections(charter.programme) == ""


def test_the_participant_page_shows_the_charter_card(client, charter, facilitator, group):
    from django.urls import reverse

    token = link_for(group[0])
    page = client.get(reverse("youthcop_programmes:participant_home", args=[token])).content.decode()
    assert "Propose a commitment" in page
    signed_group(charter, facilitator, group)
    token = link_for(group[0])
    page = client.get(reverse("youthcop_programmes:participant_home", args=[token])).content.decode()
    assert "You signed version 1" in page and "signed copy" in page
    token = link_for(group[4])
    page = client.get(reverse("youthcop_programmes:participant_home", args=[token])).content.decode()
    assert "Read and sign the charter" in page


def test_export_and_anonymise(charter, facilitator, group):
    author = group[0]
    proposal = services.propose(author, "We commit to share.")
    services.comment_on(author, services.propose(group[1], "We commit to wave."), "Nice.")
    services.toggle_support(author, Proposal.objects.get(text="We commit to wave."))
    version = signed_group(charter, facilitator, group)

    assert charter_hooks.export_charter_data in hooks.get_hooks("youthcop_export_participant")
    assert charter_hooks.anonymise_charter_data in hooks.get_hooks("youthcop_anonymise_participant")
    data = charter_hooks.export_charter_data(author)["charter"]
    assert [p["text"] for p in data["proposals"]] == ["We commit to share."]
    assert [c["text"] for c in data["comments"]] == ["Nice."]
    assert len(data["supports"]) == 1
    assert data["signatures"][0]["typed_name"] == author.full_name
    assert data["signatures"][0]["ip_address"] == "10.1.2.3"

    charter_hooks.anonymise_charter_data(author)
    signature = Signature.objects.get(participant=author)
    assert signature.typed_name == f"{author.first_name[0]}. {author.last_name[0]}."
    assert signature.ip_address is None and signature.user_agent == ""
    assert signature.text_sha256 == version.text_in("en").sha256 and signature.version == version
    assert services.current_signers(charter.programme) >= {author.pk}  # still countable
    proposal.refresh_from_db()
    assert proposal.author is None and proposal.text == "We commit to share."
    assert not ProposalComment.objects.filter(author=author).exists()
    assert not ProposalSupport.objects.filter(participant=author).exists()
    assert ProposalSupport.objects.count() == 1
    assert Signature.objects.filter(version=version).count() == 3


def test_demo_load_is_idempotent():
    from youthcop_site.demo import programmes as programme_demo

    context = programme_demo.load({})
    demo.load(context)
    counts = (Charter.objects.count(), Proposal.objects.count(), Signature.objects.count())
    demo.load(context)
    assert (Charter.objects.count(), Proposal.objects.count(), Signature.objects.count()) == counts
    programme = context["programme"]
    taking_part = services.participants_taking_part(programme).count()
    assert len(services.current_signers(programme)) == round(taking_part * 0.9)
    assert Charter.objects.filter(programme=programme).count() == 4  # en, fr, nl, de
    assert Proposal.objects.filter(status="accepted").count() >= 3


def test_adopt_and_sign_works_for_a_completed_programme(group):
    programme = ProgrammeFactory(status=Programme.Status.COMPLETED)
    from tests.charters.factories import group_of

    people = group_of(programme, youth=8, police=2)
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    version = demo.adopt_and_sign(programme, facilitator, signed_fraction=0.8)
    assert version.number == 1
    assert len(services.current_signers(programme)) == 8
    assert services.current_signers(programme) <= {p.pk for p in people}
