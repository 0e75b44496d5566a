"""Personal links: the participant page and the guardian's consent page."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import ParticipantFactory, ProgrammeFactory, enrol_participant
from youthcop.programmes import services
from youthcop.programmes.models import Participant, PersonalLink


def page_url(token):
    return services.participant_page_url(token)


@pytest.mark.django_db
def test_participant_page_opens_in_their_language_and_escapes_their_name(client):
    participant = ParticipantFactory(first_name="<script>alert(1)</script>", preferred_language="en")
    token = services.issue_link(participant)
    response = client.get(page_url(token))
    body = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    assert participant.programme.name in body
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
@pytest.mark.parametrize("asked, served", [("", "nl"), ("de", "de"), ("xx", "nl"), ("../en", "nl")])
def test_participant_page_language_is_theirs_unless_they_pick_a_site_language(client, asked, served):
    participant = ParticipantFactory(preferred_language="nl")
    token = services.issue_link(participant)
    response = client.get(page_url(token), {"lang": asked} if asked else {})
    assert response.status_code == 200
    assert f'<html lang="{served}"' in response.content.decode()


@pytest.mark.django_db
def test_unknown_revoked_and_expired_links_answer_exactly_like_a_missing_page(client):
    participant = ParticipantFactory()
    revoked = services.issue_link(participant)
    services.revoke_links(participant)
    expired = services.issue_link(ParticipantFactory())
    PersonalLink.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    missing = client.get("/youthcop/nothing-here/")
    answers = [client.get(page_url(token)) for token in ("x" * 32, revoked, expired)]
    assert missing.status_code == 404
    for answer in answers:
        assert answer.status_code == 404
        assert answer.content == missing.content
        assert answer.get("Content-Type") == missing.get("Content-Type")


@pytest.mark.django_db
def test_links_end_the_day_before_the_data_is_anonymised_unless_a_grace_period_is_set(settings):
    programme = ProgrammeFactory(start_date=datetime.date(2026, 1, 10))
    participant = ParticipantFactory(programme=programme)
    services.issue_link(participant)
    link = participant.links.get()
    assert programme.end_date == datetime.date(2027, 1, 9)
    assert link.expires_at is None  # follows the programme, whose dates may still change
    # RETENTION_MONTHS (12) after the end date the data is anonymised; the link opens until the day before.
    assert timezone.localtime(link.ends_at).date() == datetime.date(2028, 1, 8)
    settings.YOUTHCOP = {"LINK_GRACE_DAYS": 30}
    assert timezone.localtime(link.ends_at).date() == datetime.date(2027, 2, 8)


@pytest.mark.django_db
@override_settings(YOUTHCOP={"BAD_LINK_LIMIT_PER_HOUR": 100})
def test_more_than_a_hundred_bad_links_in_an_hour_get_429_but_a_valid_link_still_opens(client):
    participant = ParticipantFactory()
    good = services.issue_link(participant)
    for n in range(100):
        assert client.get(page_url(f"bad{n:040d}")).status_code == 404
    assert client.get(page_url("bad-once-more")).status_code == 429
    # A school or a phone carrier shares one address: a valid link still opens from it…
    assert client.get(page_url(good), REMOTE_ADDR="127.0.0.1").status_code == 200
    # …while bad ones keep answering 429 there, and other addresses are unaffected.
    assert client.get(page_url(good[:-1] + ("A" if good[-1] != "A" else "B"))).status_code == 429
    assert client.get(page_url("bad-elsewhere"), REMOTE_ADDR="10.1.2.3").status_code == 404


@pytest.mark.django_db
def test_guardian_confirms_online_and_the_answer_is_recorded(client, django_capture_on_commit_callbacks, mailoutbox):
    programme = ProgrammeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        minor = enrol_participant(programme, minor=True).participant
    [request_mail] = mailoutbox
    consent_path = request_mail.body.split("http://testserver", 1)[1].split()[0]

    page = client.get(consent_path)
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            consent_path, {"participation": "yes", "photos": "on"}, HTTP_USER_AGENT="PhoneBrowser/1.0", follow=True
        )
    assert "You gave your consent." in response.content.decode()
    minor.refresh_from_db()
    consent = minor.consent
    assert minor.status == Participant.Status.ENROLLED
    assert (consent.method, consent.photos, consent.user_agent, consent.ip_address) == (
        "online", True, "PhoneBrowser/1.0", "127.0.0.1"
    )


@pytest.mark.django_db
def test_a_guardian_link_does_not_open_the_participant_page(client):
    minor = ParticipantFactory(status=Participant.Status.AWAITING_CONSENT)
    token = services.issue_link(minor, PersonalLink.Purpose.GUARDIAN)
    assert client.get(page_url(token)).status_code == 404
    assert client.get(services.guardian_consent_url(token)).status_code == 200
