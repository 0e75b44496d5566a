"""A young person, on a phone, proposes a commitment, signs the adopted charter and downloads the signed copy."""

import io
import re

import pytest
from django.core import mail
from pypdf import PdfReader

from tests.charters.factories import charter_for
from tests.factories import ParticipantFactory, ProgrammeFactory, UserFactory
from youthcop.charters import services
from youthcop.charters.models import Proposal, Signature, text_sha256
from youthcop.programmes import services as programme_services


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_young_person_proposes_signs_and_downloads_on_a_phone(phone, live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    programme = ProgrammeFactory()
    facilitator = UserFactory()  # only acts through the services here
    chloe = ParticipantFactory(programme=programme, first_name="Chloé", last_name="Renard", email="chloe@example.net")
    charter = charter_for(programme)
    token = programme_services.issue_link(chloe)

    phone.goto(f"{live_server.url}/youthcop/p/{token}/")
    phone.get_by_role("link", name="Propose a commitment").click()
    phone.get_by_label("Your proposal").fill("We commit to say hello when we meet in the street.")
    phone.get_by_role("button", name="Send my proposal").click()
    phone.get_by_text("Thank you: your proposal was added.").wait_for()
    proposal = Proposal.objects.get()
    assert proposal.author == chloe

    services.accept_proposal(proposal, by=facilitator)
    mail.outbox.clear()
    services.adopt_charter(charter, by=facilitator)
    (invitation,) = [message for message in mail.outbox if message.to == ["chloe@example.net"]]
    link = re.search(r"http\S+/youthcop/charter/\S+/", invitation.body).group(0)

    phone.goto(link)
    text = phone.locator("[data-charter-text]")
    assert "We commit to say hello when we meet in the street." in text.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    phone.get_by_label("Type your first and last name").fill("Chloe Renaud")
    phone.get_by_label("I have read this charter and I commit to keep it.").check()
    phone.get_by_role("button", name="Sign the charter").click()
    phone.get_by_text("does not match the name we have for you").wait_for()
    assert not Signature.objects.exists()

    phone.get_by_label("Type your first and last name").fill("chloe renard")
    phone.get_by_label("I have read this charter and I commit to keep it.").check()
    phone.get_by_role("button", name="Sign the charter").click()
    phone.get_by_text("Thank you: you signed the charter.").wait_for()
    signature = Signature.objects.get()
    assert signature.participant == chloe and signature.method == "online"
    assert signature.text_sha256 == text_sha256(text.text_content())

    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Download your signed copy (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    content = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Signed by Chloé Renard" in content
    assert "We commit to say hello when we meet in the street." in content
