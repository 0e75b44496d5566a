"""Background work of programmes. Arguments are primary keys; enqueue on commit."""

from django_tasks import task

from youthcop.mail import send_templated_email

from . import services
from .models import Participant, PersonalLink


def _email_new_link(participant, purpose, *, to, template, url_for):
    """Issue a new link of ``purpose`` and email it: the raw token exists only in this email."""
    if not to or participant.status == Participant.Status.WITHDRAWN:
        return False
    token = services.issue_link(participant, purpose)
    return send_templated_email(
        template,
        to=to,
        language=participant.preferred_language,
        context={
            "participant": participant,
            "programme": participant.programme,
            "url": services.absolute_url(url_for(token)),
        },
    )


@task()
def email_participant_link(participant_id):
    """Issue a fresh personal link and email it to the participant."""
    participant = Participant.objects.select_related("programme").get(pk=participant_id)
    return _email_new_link(
        participant,
        PersonalLink.Purpose.PARTICIPANT,
        to=participant.email,
        template="youthcop_programmes/emails/personal_link",
        url_for=services.participant_page_url,
    )


@task()
def email_guardian_consent_request(participant_id):
    """Issue a guardian link and email the consent request to the guardian."""
    participant = Participant.objects.select_related("programme").get(pk=participant_id)
    return _email_new_link(
        participant,
        PersonalLink.Purpose.GUARDIAN,
        to=participant.guardian_email,
        template="youthcop_programmes/emails/guardian_consent",
        url_for=services.guardian_consent_url,
    )


@task()
def email_youth_worker_place_offered(participant_id):
    """Tell the registering youth worker that their participant left the waiting list."""
    participant = Participant.objects.select_related("programme", "registered_by").get(pk=participant_id)
    worker = participant.registered_by
    if worker is None or not worker.email:
        return False
    return send_templated_email(
        "youthcop_programmes/emails/place_offered",
        to=worker.email,
        language=getattr(getattr(worker, "wagtail_userprofile", None), "preferred_language", "") or None,
        context={"participant": participant, "programme": participant.programme, "worker": worker},
    )


@task()
def expire_consent_reservations():
    return [participant.pk for participant in services.expire_reservations()]

