"""The guardian's request sent again (rate-limited, in the history), and the youth workers told of the guardian's answers."""

import datetime
import html
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import registry as log_registry
from wagtail.users.models import UserProfile

from tests.factories import OrganisationFactory, enrol_participant, programme_staff, staff_user
from youthcop.core import roles
from youthcop.programmes import services
from youthcop.programmes.models import Participant, PersonalLink, ProgrammeStaff

Role = ProgrammeStaff.Role


def messages_of(response):
    return [str(message).split("\n")[0].strip() for message in response.context["messages"]]


@pytest.fixture
def worker(programme):
    return programme_staff(programme, Role.YOUTH_WORKER)


@pytest.fixture
def minor(programme, worker):
    return enrol_participant(programme, minor=True, registered_by=worker, first_name="Mina", last_name="Minor").participant


def resend_url(participant):
    return reverse("youthcop_admin_participants:resend_guardian_request", args=[participant.pk])


def test_resend_guardian_request_from_the_row_menu_and_the_participant_page(client, minor, worker):
    client.force_login(worker)
    listing = client.get(reverse("youthcop_admin_participants:index")).content.decode()
    assert resend_url(minor) in listing
    page = client.get(reverse("youthcop_admin_participants:inspect", args=[minor.pk])).content.decode()
    assert resend_url(minor) in page


def test_resend_guardian_request_sends_the_same_link_again_after_a_confirmation(
    client, minor, worker, mailoutbox, django_capture_on_commit_callbacks
):
    guardian_token = services.issue_link(minor, PersonalLink.Purpose.GUARDIAN)  # the one first emailed
    mailoutbox.clear()
    client.force_login(worker)
    confirmation = client.get(resend_url(minor))
    assert confirmation.status_code == 200
    assert minor.guardian_email in confirmation.content.decode()
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(minor), follow=True)
    assert messages_of(response) == [
        f"The consent request was sent again to {minor.guardian_email}, the guardian of Mina Minor."
    ]
    [email] = mailoutbox
    assert email.to == [minor.guardian_email]
    assert services.guardian_consent_url(guardian_token) in email.body
    entry = log_registry.get_logs_for_instance(minor).get(action="youthcop.consent.requested_again")
    assert entry.user_id == worker.pk


def test_resend_guardian_request_at_most_once_in_a_few_minutes(
    client, minor, worker, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(worker)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url(minor))
        response = client.post(resend_url(minor), follow=True)
    assert len(mailoutbox) == 1
    assert messages_of(response)[-1].startswith("The guardian was asked a few minutes ago. You can send the request again from")

    later = timezone.now() + services.GUARDIAN_REQUEST_INTERVAL + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later), django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url(minor))
    assert len(mailoutbox) == 2
    assert log_registry.get_logs_for_instance(minor).filter(action="youthcop.consent.requested_again").count() == 2


def test_no_resend_once_consent_is_given_nor_for_others(client, programme, minor, worker, mailoutbox):
    services.record_consent(minor, participation=True, photos=False, method="paper", by=worker)
    client.force_login(worker)
    mailoutbox.clear()
    assert "is not awaiting a guardian's consent by email" in html.unescape(client.get(resend_url(minor)).content.decode())
    response = client.post(resend_url(minor), follow=True)
    assert mailoutbox == []
    assert "is not awaiting a guardian's consent by email" in messages_of(response)[0]
    # Another youth worker's registration: outside this one's scope.
    stranger = programme_staff(programme, Role.YOUTH_WORKER)
    client.force_login(stranger)
    other = enrol_participant(programme, minor=True, registered_by=worker).participant
    assert client.post(resend_url(other)).status_code == 404


def _answer_online(client, participant, participation):
    token = services.issue_link(participant, PersonalLink.Purpose.GUARDIAN)
    return client.post(
        services.guardian_consent_url(token), {"participation": "yes" if participation else "no", "photos": ""}
    )


def test_the_youth_workers_are_told_when_the_guardian_consents_and_withdraws(
    client, programme, minor, worker, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = staff_user(roles.YOUTH_WORKER, organisation=worker.youthcop_profile.organisation)
    ProgrammeStaff.objects.create(programme=programme, user=colleague, role=Role.YOUTH_WORKER)
    other_organisation = programme_staff(programme, Role.YOUTH_WORKER, organisation=OrganisationFactory())
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _answer_online(client, minor, True)
    told = {email.to[0]: email for email in mailoutbox}
    # The one who registered her and their colleague follow her; a youth worker of another organisation does not.
    assert set(told) == {worker.email, colleague.email}
    assert other_organisation.email not in told
    email = told[worker.email]
    assert email.subject == "The guardian of Mina Minor gave consent"
    assert "Mina Minor" in email.body and programme.name in email.body
    assert minor.guardian_email not in email.body and minor.guardian_name not in email.body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _answer_online(client, minor, False)
    assert {email.subject for email in mailoutbox} == {"The guardian of Mina Minor withdrew or refused consent"}
    minor.refresh_from_db()
    assert minor.status == Participant.Status.WITHDRAWN


def test_the_youth_worker_is_told_in_their_language(
    client, minor, worker, mailoutbox, django_capture_on_commit_callbacks
):
    profile = UserProfile.get_for_user(worker)
    profile.preferred_language = "fr"
    profile.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _answer_online(client, minor, True)
    [email] = mailoutbox
    assert "Mina Minor" in email.subject
    assert "Le responsable légal peut encore modifier sa réponse avec le même lien." in email.body


def test_an_answer_that_changes_only_the_photos_tells_no_one(
    client, minor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _answer_online(client, minor, True)
    mailoutbox.clear()
    token = services.issue_link(minor, PersonalLink.Purpose.GUARDIAN)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(services.guardian_consent_url(token), {"participation": "yes", "photos": "on"})
    assert mailoutbox == []


def test_nothing_is_sent_when_the_answer_is_rolled_back(minor, mailoutbox, django_capture_on_commit_callbacks):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.record_consent(minor, participation=True, photos=False, method="online")
    assert mailoutbox == []  # enqueued after the commit only
    assert callbacks
