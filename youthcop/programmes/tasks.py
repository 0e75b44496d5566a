"""Background work of programmes. Arguments are primary keys.

Callers enqueue them on commit (``youthcop.core.tasks.enqueue_on_commit``): the
signal handlers, admin views and commands. The services they call never import
them, so the imports go one way.
"""

from django_tasks import task

from youthcop.core.mail import send_templated_email

from . import services
from .models import GuardianConsent, Participant, PersonalLink, ProgrammeStaff
from .permissions import Action, may
from .reading import worded


def _email_link(participant, purpose, *, to, template, url_for):
    """Email the participant's live link of ``purpose`` (the same one each time; a new one if none is live)."""
    if not to or participant.status == Participant.Status.WITHDRAWN:
        return False
    token = services.issue_link(participant, purpose)
    if token is None:  # the programme's links have ended
        return False
    return send_templated_email(
        template,
        to=to,
        language=participant.preferred_language,
        context={
            "participant": participant,
            "programme": worded(participant.programme, participant.preferred_language),
            "url": services.absolute_url(url_for(token)),
            "link_ends_at": services.links_end(participant),
        },
    )


@task()
def email_participant_link(participant_id):
    """Email the participant their personal link (the live one, or a new one if none is live)."""
    participant = Participant.objects.select_related("programme").get(pk=participant_id)
    return _email_link(
        participant,
        PersonalLink.Purpose.PARTICIPANT,
        to=participant.email,
        template="youthcop_programmes/emails/personal_link",
        url_for=services.participant_page_url,
    )


@task()
def email_guardian_consent_request(participant_id):
    """Email the consent request to the guardian, with their live link (or a new one)."""
    participant = Participant.objects.select_related("programme").get(pk=participant_id)
    return _email_link(
        participant,
        PersonalLink.Purpose.GUARDIAN,
        to=participant.guardian_email,
        template="youthcop_programmes/emails/guardian_consent",
        url_for=services.guardian_consent_url,
    )


@task()
def email_youth_worker_consent_answer(consent_id):
    """Tell the youth workers who follow the participant that their guardian gave, refused or withdrew consent online.

    The email names the young person and the programme, nothing more.
    """
    consent = GuardianConsent.objects.select_related(
        "participant__programme", "participant__registered_by"
    ).get(pk=consent_id)
    participant = consent.participant
    sent = [
        _email_worker(worker, participant, "youthcop_programmes/emails/consent_answer", consent=consent)
        for worker in _youth_workers_following(participant)
    ]
    return any(sent)


def _youth_workers_following(participant):
    """Who registered ``participant``, and the programme's youth workers who may see them (README rule 8)."""
    workers = {}
    if participant.registered_by is not None:
        workers[participant.registered_by.pk] = participant.registered_by
    youth_workers = ProgrammeStaff.objects.filter(
        programme_id=participant.programme_id, role=ProgrammeStaff.Role.YOUTH_WORKER
    ).select_related("user")
    for staff in youth_workers:
        workers.setdefault(staff.user_id, staff.user)
    return [
        worker
        for worker in workers.values()
        if worker.is_active and worker.email and may(worker, Action.VIEW, participant)
    ]


def _email_registering_worker(participant, template, **context):
    """Email the youth worker who registered ``participant``, in their admin language."""
    return _email_worker(participant.registered_by, participant, template, **context)


def _email_worker(worker, participant, template, **context):
    """Email a staff member about ``participant``, in their admin language."""
    if worker is None or not worker.email:
        return False
    language = getattr(getattr(worker, "wagtail_userprofile", None), "preferred_language", "") or None
    return send_templated_email(
        template,
        to=worker.email,
        language=language,
        context={
            "participant": participant,
            "programme": worded(participant.programme, language),
            "worker": worker,
            **context,
        },
    )


@task()
def expire_consent_reservations():
    """Release the places reserved for minors whose guardian did not consent in time (README rule 1)."""
    return [participant.pk for participant in services.expire_reservations()]


@task()
def email_place_offer(participant_id):
    """Email an offered place with its link to accept: to the participant, or (a minor, or no email)
    to the youth worker who registered them, to accept on their behalf. The youth worker hears of it either way."""
    participant = Participant.objects.select_related("programme", "registered_by").get(pk=participant_id)
    link = services.live_link(participant, PersonalLink.Purpose.OFFER)
    if participant.status != Participant.Status.OFFERED or link is None:
        return False
    url = services.absolute_url(services.offer_url(link.token()))
    accept_by = participant.offer_expires_at
    if participant.email and not participant.is_minor:
        sent = send_templated_email(
            "youthcop_programmes/emails/offer",
            to=participant.email,
            language=participant.preferred_language,
            context={
                "participant": participant,
                "programme": worded(participant.programme, participant.preferred_language),
                "accept_by": accept_by,
                "url": url,
            },
        )
        _email_registering_worker(participant, "youthcop_programmes/emails/place_offered", accept_by=accept_by)
        return sent
    # The youth worker accepts for a minor (after speaking with the family) or for someone without email.
    return _email_registering_worker(
        participant, "youthcop_programmes/emails/place_offered", accept_by=accept_by, url=url
    )


@task()
def expire_place_offers():
    """Withdraw those who did not accept an offered place in time; the place moves on (README rule 1)."""
    return [participant.pk for participant in services.expire_offers()]

