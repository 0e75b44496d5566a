"""PDFs and pages: what a reader sees, with user text shown as text, never as markup."""

import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from pypdf import PdfReader

from tests.charters.factories import charter_for, link_for
from tests.factories import ParticipantFactory, officer
from youthcop.charters import services

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><b>bold</b>'


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flat(text):
    return " ".join(text.split())


@pytest.fixture
def hostile(programme, locales):
    """A charter and participants whose texts and names carry HTML and script."""
    charter = charter_for(programme, title=f"Charter {SCRIPT}", commitments=[f"We commit to {SCRIPT}"])
    youth = ParticipantFactory(programme=programme, first_name="<img src=x onerror=alert(1)>", last_name="Doe")
    police = officer(programme=programme, first_name="Ann", last_name="<i>Cop</i>")
    return charter, youth, police


def sign(participant, version, **kwargs):
    return services.sign(
        participant, version, typed_name=participant.full_name, language="en", method="online",
        ip="192.0.2.1", user_agent="phone", **kwargs,
    )


def test_markup_in_proposals_comments_and_names_is_shown_as_text(client, hostile, facilitator):
    charter, youth, police = hostile
    proposal = services.propose(youth, f"We commit to {SCRIPT}")
    services.comment_on(police, proposal, f"Comment {SCRIPT}")

    def visible_text(participant):
        html = client.get(reverse("youthcop_charters:proposals", args=[link_for(participant)])).content.decode()
        soup = BeautifulSoup(html, "html5lib")
        assert not soup.select("main script, main b, main img, main i")
        return soup.get_text()

    assert f"We commit to {SCRIPT}" in visible_text(police)
    assert f"Comment {SCRIPT}" in visible_text(youth)
    services.decline_proposal(proposal, by=facilitator, reason=f"Reason {SCRIPT}")
    assert f"Reason {SCRIPT}" in visible_text(youth)
    client.force_login(facilitator)
    html = client.get(reverse("youthcop_admin_proposals:edit", args=[proposal.pk])).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<script>alert("x")</script>' not in html
    assert "<img src=x" not in html


def test_markup_in_the_charter_and_names_is_text_in_the_signing_page_and_pdfs(client, hostile, facilitator):
    charter, youth, police = hostile
    version = services.adopt_charter(charter, by=facilitator)
    token = link_for(youth)
    html = client.get(reverse("youthcop_charters:charter", args=[token])).content.decode()
    soup = BeautifulSoup(html, "html5lib")
    assert not soup.select("main script, main b, main img")
    assert f"We commit to {SCRIPT}" in soup.select_one("[data-charter-text]").get_text()
    sign(youth, version)
    sign(police, version)

    _reader, text = pdf_text(services.charter_pdf(version))
    assert SCRIPT in flat(text)
    assert "<img src=x onerror=alert(1)> Doe" in flat(text)
    assert "Ann <i>Cop</i>" in flat(text)

    response = client.get(reverse("youthcop_charters:signed_copy", args=[token]))
    _reader, text = pdf_text(response.content)
    assert "<img src=x onerror=alert(1)> Doe" in flat(text)


def test_the_charter_pdf_lists_signatories_and_evidence(charter, facilitator, group):
    version = services.adopt_charter(charter, by=facilitator)
    signatures = [sign(participant, version) for participant in group[:3]]
    reader, text = pdf_text(services.charter_pdf(version))
    assert len(reader.pages) >= 2
    evidence = flat(reader.pages[-1].extract_text())
    assert "Evidence" in evidence
    assert version.text_in("en").sha256 in evidence.replace(" ", "")
    for participant, signature in zip(group[:3], signatures):
        assert participant.full_name in flat(text)
        assert signature.signed_at.strftime("%Y-%m-%d %H:%M:%S") in evidence
    assert "Police officer" in flat(text) or "Young person" in flat(text)
    assert group[4].full_name not in flat(text)  # not signed, not listed


def test_a_participant_downloads_their_own_signed_copy_only(client, charter, facilitator, group):
    version = services.adopt_charter(charter, by=facilitator)
    sign(group[0], version)
    sign(group[1], version)
    token = link_for(group[0])
    response = client.get(reverse("youthcop_charters:signed_copy", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    _reader, text = pdf_text(response.content)
    assert f"Signed by {group[0].full_name}" in flat(text)
    assert "We commit to listen before we judge." in flat(text)
    assert "This version has 2 signatures." in flat(text)
    assert group[1].full_name not in flat(text)
    assert client.get(reverse("youthcop_charters:signed_copy", args=[link_for(group[2])])).status_code == 404


def test_the_public_programme_page_shows_the_adopted_text_as_text_and_only_the_count(
    client, hostile, facilitator, django_capture_on_commit_callbacks
):
    from tests.pages.factories import make_programme_page
    from youthcop.charters.models import Charter

    charter, youth, police = hostile
    version = services.adopt_charter(charter, by=facilitator)
    sign(youth, version)
    sign(police, version)
    page = make_programme_page(charter.programme)

    def public_text():
        response = client.get(page.url)
        assert response.status_code == 200
        return BeautifulSoup(response.content, "html5lib")

    assert "Our charter of commitment" not in public_text().get_text()  # not public until the programme chooses
    charter = Charter.objects.get(pk=charter.pk)
    charter.show_on_public_page = True
    with django_capture_on_commit_callbacks(execute=True):  # published as the admin does: the cached sections expire
        charter.save_revision().publish()
    soup = public_text()
    section = soup.select_one("main .yc-charter")
    assert f"We commit to {SCRIPT}" in section.get_text()
    assert not soup.select("main script, main b, main img")
    assert "Signed by 2 participants." in flat(section.get_text())
    for name in ("Doe", "Ann", "Cop", youth.first_name):
        assert name not in soup.select_one("main").get_text()


def test_markup_in_names_and_the_charter_is_text_in_the_facilitators_pages(client, hostile, facilitator):
    charter, youth, police = hostile
    client.force_login(facilitator)
    adopt_page = client.get(reverse("wagtailsnippets_youthcop_charters_charter:adopt", args=[charter.pk]))
    version = services.adopt_charter(charter, by=facilitator)
    sign(youth, version)
    signatures_page = client.get(reverse("wagtailsnippets_youthcop_charters_charter:signatures", args=[charter.pk]))
    in_person = client.get(
        reverse("wagtailsnippets_youthcop_charters_charter:in_person", args=[charter.pk, police.pk])
    )
    for response in (adopt_page, signatures_page, in_person):
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html5lib")
        assert not soup.select("main b, main img[src=x], main i:-soup-contains('Cop')")
        assert not [s for s in soup.select("script") if 'alert("x")' in s.get_text()]
    assert "<img src=x onerror=alert(1)> Doe" in BeautifulSoup(signatures_page.content, "html5lib").get_text()
    assert "Ann <i>Cop</i>" in BeautifulSoup(signatures_page.content, "html5lib").get_text()
    assert f"We commit to {SCRIPT}" in BeautifulSoup(in_person.content, "html5lib").get_text()
