"""Personal links stay the same until someone revokes them on purpose (README rule 7)."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import ParticipantFactory, ProgrammeFactory, enrol_participant, programme_staff
from youthcop.core import tokens
from youthcop.programmes import services, tasks
from youthcop.programmes.models import Participant, PersonalLink, Programme, ProgrammeStaff

pytestmark = pytest.mark.django_db


def path_in(message):
    return message.body.split("http://testserver", 1)[1].split()[0]


def test_two_emails_in_a_row_leave_both_links_working(client, mailoutbox):
    participant = ParticipantFactory()
    tasks.email_participant_link.enqueue(participant.pk)
    tasks.email_participant_link.enqueue(participant.pk)
    first, second = (path_in(message) for message in mailoutbox)
    assert client.get(first).status_code == 200
    assert client.get(second).status_code == 200
    assert participant.links.count() == 1


def test_the_participant_feed_and_page_stay_the_same_across_emails(client, mailoutbox):
    participant = ParticipantFactory()
    token = services.issue_link(participant)
    feed = reverse("youthcop_sessions:participant_feed", args=[token])
    tasks.email_participant_link.enqueue(participant.pk)
    assert path_in(mailoutbox[0]) == services.participant_page_url(token)
    assert client.get(feed).status_code == 200


def test_revoking_kills_the_page_and_the_feed_like_an_unknown_link(client):
    participant = ParticipantFactory()
    token = services.issue_link(participant)
    services.revoke_links(participant, PersonalLink.Purpose.PARTICIPANT)
    unknown = services.issue_link(ParticipantFactory())[:-4] + "AAAA"
    for url_for in (services.participant_page_url, lambda t: reverse("youthcop_sessions:participant_feed", args=[t])):
        revoked, missing = client.get(url_for(token)), client.get(url_for(unknown))
        assert revoked.status_code == missing.status_code == 404
        assert revoked.content == missing.content
    assert services.issue_link(participant) != token  # the next link is a new one


def test_the_database_alone_cannot_rebuild_a_link_and_a_rotated_key_stays_a_fallback(client, settings):
    participant = ParticipantFactory()
    token = services.issue_link(participant)
    link = participant.links.get()
    assert token not in {link.selector, link.token_hash} and link.token_hash is None
    url = services.participant_page_url(token)

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key-" + "x" * 50, [settings.SECRET_KEY]
    assert client.get(url).status_code == 200  # signed with a fallback key
    assert services.issue_link(participant) != token  # new emails carry the link under the new key
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(url).status_code == 404  # the old key is gone: so is what it signed


def test_a_link_made_before_signed_links_keeps_working_and_a_send_adds_a_signed_one(client):
    participant = ParticipantFactory()
    old_token = tokens.new_token()
    PersonalLink.objects.create(
        participant=participant,
        purpose=PersonalLink.Purpose.PARTICIPANT,
        token_hash=tokens.hash_token(old_token),
        expires_at=None,
    )
    assert client.get(services.participant_page_url(old_token)).status_code == 200
    new_token = services.issue_link(participant)
    assert client.get(services.participant_page_url(new_token)).status_code == 200
    assert client.get(services.participant_page_url(old_token)).status_code == 200


def test_a_completed_programmes_participant_keeps_their_page_until_anonymisation(client, settings):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        start_date=today - datetime.timedelta(days=500),
        end_date=today - datetime.timedelta(days=100),
        status=Programme.Status.COMPLETED,
    )
    participant = ParticipantFactory(programme=programme, status=Participant.Status.COMPLETED)
    token = services.issue_link(participant)
    assert token is not None
    page = client.get(services.participant_page_url(token))
    assert page.status_code == 200
    deadline = programme.retention_deadline
    last_day = deadline - datetime.timedelta(days=1)
    assert timezone.localtime(participant.links.get().ends_at).date() == last_day
    assert f"This link works until {date_format(last_day, 'DATE_FORMAT')}." in page.content.decode()

    settings.YOUTHCOP = {"RETENTION_MONTHS": 3}  # now past the (shorter) retention period
    assert client.get(services.participant_page_url(token)).status_code == 404
    assert services.issue_link(participant) is None  # nothing to hand out


def test_the_admin_never_shows_an_expired_link(client, settings):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        start_date=today - datetime.timedelta(days=500),
        end_date=today - datetime.timedelta(days=100),
        status=Programme.Status.COMPLETED,
    )
    settings.YOUTHCOP = {"RETENTION_MONTHS": 3}
    worker = programme_staff(programme, ProgrammeStaff.Role.YOUTH_WORKER)
    participant = ParticipantFactory(programme=programme, registered_by=worker)
    client.force_login(worker)
    link_url = reverse("youthcop_admin_participants:link", args=[participant.pk])

    page = client.get(link_url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "personal links ended on" in body and 'value="show"' not in body
    shown = client.post(link_url, {"action": "show"}, follow=True)
    assert "url" not in shown.context or not shown.context.get("url")
    assert not participant.links.exists()


def test_the_participant_page_and_the_admin_say_when_the_link_ends(client, programme):
    worker = programme_staff(programme, ProgrammeStaff.Role.YOUTH_WORKER)
    participant = ParticipantFactory(programme=programme, registered_by=worker)
    token = services.issue_link(participant)
    ends = timezone.localtime(participant.links.get().ends_at).date()
    text = date_format(ends, "DATE_FORMAT")
    assert f"This link works until {text}." in client.get(services.participant_page_url(token)).content.decode()
    client.force_login(worker)
    admin_page = client.get(reverse("youthcop_admin_participants:link", args=[participant.pk]))
    assert f"Links of this programme work until {text}." in admin_page.content.decode()


def test_revoking_from_the_admin_asks_first_and_is_in_the_history(client, programme):
    worker = programme_staff(programme, ProgrammeStaff.Role.YOUTH_WORKER)
    participant = ParticipantFactory(programme=programme, registered_by=worker)
    token = services.issue_link(participant)
    client.force_login(worker)
    link_url = reverse("youthcop_admin_participants:link", args=[participant.pk])
    client.post(link_url, {"action": "revoke"})
    assert client.get(services.participant_page_url(token)).status_code == 200
    client.post(link_url, {"action": "revoke_confirmed"})
    assert client.get(services.participant_page_url(token)).status_code == 404
    from youthcop.privacy.models import AuditLogEntry

    entry = AuditLogEntry.objects.filter(action="youthcop.link.revoked", object_id=str(participant.pk)).get()
    assert entry.user == worker


@override_settings(YOUTHCOP={"BAD_LINK_LIMIT_PER_HOUR": 5})
def test_after_the_bad_link_budget_a_valid_link_opens_and_a_bad_one_gets_429(client):
    participant = ParticipantFactory()
    good = services.issue_link(participant)
    for n in range(5):
        assert client.get(services.participant_page_url(f"bad{n}")).status_code == 404
    assert client.get(services.participant_page_url("bad-again")).status_code == 429
    assert client.get(services.participant_page_url(good)).status_code == 200
    assert client.get(reverse("youthcop_sessions:participant_feed", args=[good])).status_code == 200
    assert client.get(services.participant_page_url("bad-after-a-good-one")).status_code == 429


def _minor_with_guardian_link(django_capture_on_commit_callbacks, mailoutbox, language="fr"):
    programme = ProgrammeFactory()
    worker = programme_staff(programme, ProgrammeStaff.Role.YOUTH_WORKER)
    worker.email = "worker@example.net"
    worker.save()
    with django_capture_on_commit_callbacks(execute=True):
        minor = enrol_participant(programme, minor=True, registered_by=worker, preferred_language=language).participant
    [request_mail] = mailoutbox
    mailoutbox.clear()
    return minor, path_in(request_mail)


def test_a_guardian_who_withdraws_sees_a_confirmation_in_their_language_and_the_worker_is_emailed(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    minor, consent_path = _minor_with_guardian_link(django_capture_on_commit_callbacks, mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(consent_path, {"participation": "yes"})
    minor.refresh_from_db()
    assert minor.status == Participant.Status.ENROLLED
    [consent_mail] = mailoutbox  # the youth worker hears of the guardian's answer
    assert consent_mail.to == ["worker@example.net"]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(consent_path, {"participation": "no"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in body
    assert "Consentement du responsable légal" in body
    minor.refresh_from_db()
    assert minor.status == Participant.Status.WITHDRAWN
    [worker_mail] = mailoutbox
    assert worker_mail.to == ["worker@example.net"]
    assert minor.full_name in worker_mail.subject


def test_the_same_guardian_link_changes_the_answer_again(client, django_capture_on_commit_callbacks, mailoutbox):
    minor, consent_path = _minor_with_guardian_link(django_capture_on_commit_callbacks, mailoutbox, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(consent_path, {"participation": "no"}, follow=True)
    assert refused.status_code == 200
    assert "You refused consent." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(consent_path, {"participation": "yes", "photos": "on"}, follow=True)
    assert again.status_code == 200
    assert "You gave your consent." in again.content.decode()
    assert [consent.participation for consent in minor.consents.order_by("recorded_at", "pk")] == [False, True]
    assert len(mailoutbox) == 2  # the refusal, then consent given again
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = client.post(consent_path, {"participation": "no"}, follow=True)
    assert "You withdrew your consent." in withdrawn.content.decode()
