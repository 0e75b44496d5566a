"""The public verification page: no login, only what a stranger may know."""

import pytest
from django.urls import reverse

from youthcop.certificates import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(eligible):
    certificate, _pdf = services.issue_certificate(services.eligibility_of(eligible))
    return certificate


def verify_url(code):
    return reverse("youthcop_certificates:verify", args=[code])


def test_a_valid_certificate_shows_first_name_initial_programme_and_date(client, certificate):
    response = client.get(verify_url(certificate.code))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-certificate-status="valid"' in html
    assert "Yasmine B." in html
    assert "Benali" not in html
    assert "Second Wave Test" in html
    assert certificate.issued_at.strftime("%Y") in html
    assert "Police zone" not in html  # nothing more than the programme and the date


def test_the_short_code_works_typed_by_hand(client, certificate):
    typed = certificate.short_code_display.lower().replace("-", " ")
    response = client.get(reverse("youthcop_certificates:verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == verify_url(certificate.short_code)
    assert "Yasmine B." in client.get(response["Location"]).content.decode()


def test_a_mistyped_code_is_explained_on_the_form(client, db):
    response = client.get(reverse("youthcop_certificates:verify_form"), {"code": "not a code!"})
    assert response.status_code == 200
    assert "This is not a certificate code" in response.content.decode()


def test_a_revoked_certificate_says_so(client, certificate, facilitator):
    services.revoke(certificate, by=facilitator, reason="Issued by mistake to the wrong person")
    html = client.get(verify_url(certificate.code)).content.decode()
    assert 'data-certificate-status="revoked"' in html
    assert 'data-certificate-status="valid"' not in html
    assert "wrong person" not in html  # the reason stays internal


def test_unknown_codes_answer_404_and_guessing_is_rate_limited(client, certificate, settings):
    settings.YOUTHCOP = {**getattr(settings, "YOUTHCOP", {}), "BAD_LINK_LIMIT_PER_HOUR": 3}
    guesses = [certificate.short_code[:-1] + ("0" if certificate.short_code[-1] != "0" else "1"), "A" * 26, "nonsense"]
    for guess in guesses:
        assert client.get(verify_url(guess)).status_code == 404
    assert client.get(verify_url(certificate.code)).status_code == 429  # even the right code, once the budget is spent
    assert client.get(verify_url(certificate.code), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_after_anonymisation_only_initials(client, certificate, eligible):
    services.anonymise_participant(eligible)
    html = client.get(verify_url(certificate.code)).content.decode()
    assert "Y. B." in html
    assert "Yasmine" not in html
    assert 'data-certificate-status="valid"' in html


@pytest.mark.parametrize("language, revoked_on", [("en", "14 March 2026"), ("fr", "14 mars 2026"), ("nl", "14 maart 2026")])
def test_a_revoked_certificate_shows_when_it_was_revoked_in_the_readers_language(client, certificate, facilitator, language, revoked_on):
    import datetime

    from django.utils import timezone

    services.revoke(certificate, by=facilitator, reason="Issued by mistake")
    certificate.revoked_at = timezone.make_aware(datetime.datetime(2026, 3, 14, 23, 30))  # Brussels time
    certificate.save()
    html = client.get(verify_url(certificate.code), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<dd data-certificate-revoked>{revoked_on}</dd>" in html
