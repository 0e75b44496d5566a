"""Nothing raw on the certificates' admin pages: local times, names not usernames, no None/True/False."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from youthcop.certificates import progress, services
from youthcop.certificates.models import CertificateArchive, IssueBatch

pytestmark = pytest.mark.django_db

RAW = re.compile(r"\b(None|True|False)\b|\[\'|m\.\.")
# 15:30 in UTC on a winter day is 16:30 in Brussels (the example site's TIME_ZONE).
WINTER_AFTERNOON = datetime.datetime(2026, 1, 15, 15, 30, tzinfo=datetime.timezone.utc)


def visible_text(html):
    main = html[html.index("<main") :]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.fixture
def certificate(eligible, facilitator):
    facilitator.first_name, facilitator.last_name, facilitator.username = "Sofie", "Claes", "sclaes42"
    facilitator.save()
    certificate = services.issue_certificate(services.eligibility_of(eligible), by=facilitator)[0]
    certificate.issued_at = WINTER_AFTERNOON
    certificate.save()
    return certificate


def test_the_certificate_page_shows_names_local_times_and_words(client, facilitator, certificate):
    client.force_login(facilitator)
    text = visible_text(client.get(reverse("youthcop_admin_certificates:inspect", args=[certificate.pk])).content.decode())
    assert "Issued by Sofie Claes" in text and "sclaes42" not in text
    assert "Issued at 15 January 2026, 16:30" in text  # local time, the language's DATETIME_FORMAT
    assert "Awarded by hand No" in text and "Language English" in text
    assert "Revoked at — Revoked by —" in text
    assert not RAW.search(text), RAW.search(text)

    services.revoke(certificate, by=facilitator, reason="Issued by mistake")
    text = visible_text(client.get(reverse("youthcop_admin_certificates:inspect", args=[certificate.pk])).content.decode())
    assert "Revoked by Sofie Claes" in text and not RAW.search(text)


def test_the_programme_page_says_when_in_local_time(client, programme, facilitator, certificate):
    IssueBatch.objects.create(
        programme=programme, requested_by=facilitator, requested_at=WINTER_AFTERNOON, status="done", total=1, issued=1
    )
    client.force_login(facilitator)
    text = visible_text(client.get(reverse("youthcop_admin_certificates:programme", args=[programme.pk])).content.decode())
    assert "Requested on 15 January 2026, 16:30" in text
    assert not RAW.search(text), RAW.search(text)
    with translation.override("fr"):
        text = visible_text(client.get(reverse("youthcop_admin_certificates:programme", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "15 janvier 2026 16:30" in text


def test_a_ready_zip_says_until_when_without_a_double_full_stop(programme, facilitator, certificate):
    archive = CertificateArchive.objects.create(
        programme=programme, requested_by=facilitator, status="done", total=1, requested_at=WINTER_AFTERNOON
    )
    text = progress.archive_text(archive)
    assert services.ARCHIVE_KEPT_FOR == datetime.timedelta(hours=12)
    assert text == "The ZIP of 1 certificate is ready (kept until 16 January 2026, 04:30)."
    assert "m.." not in text


def test_the_certificate_list_exports_local_times(client, facilitator, certificate):
    client.force_login(facilitator)
    response = client.get(reverse("youthcop_admin_certificates:index") + "?export=csv")
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "2026-01-15 16:30" in body and "15:30" not in body  # Brussels time, not UTC
    assert "None" not in body and "True" not in body and "False" not in body
