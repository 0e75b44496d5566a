"""The participant's personal page: their certificate, downloadable once issued."""

import pytest
from django.urls import reverse

from youthcop.certificates import services
from youthcop.programmes.services import issue_link, participant_page_url

from .helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(eligible):
    return issue_link(eligible)


def pdf_url(token):
    return reverse("youthcop_certificates:participant_pdf", args=[token])


def test_no_section_before_issuing(client, token):
    html = client.get(participant_page_url(token)).content.decode()
    assert "Your certificate" not in html
    assert client.get(pdf_url(token)).status_code == 404


def test_download_from_the_personal_page(client, eligible, token):
    certificate, _pdf = services.issue_certificate(services.eligibility_of(eligible))
    html = client.get(participant_page_url(token)).content.decode()
    assert "Your certificate" in html
    assert pdf_url(token) in html
    response = client.get(pdf_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert certificate.short_code in response["Content-Disposition"]
    assert "Yasmine Benali" in pdf_text(b"".join(response.streaming_content))[1]


def test_a_revoked_certificate_cannot_be_downloaded(client, eligible, token, facilitator):
    certificate, _pdf = services.issue_certificate(services.eligibility_of(eligible))
    services.revoke(certificate, by=facilitator, reason="mistake")
    assert "was revoked" in client.get(participant_page_url(token)).content.decode()
    assert client.get(pdf_url(token)).status_code == 404


def test_a_bad_token_answers_404(client, eligible):
    services.issue_certificate(services.eligibility_of(eligible))
    assert client.get(pdf_url("not-a-token")).status_code == 404
