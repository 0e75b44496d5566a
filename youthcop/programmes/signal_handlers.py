"""Receivers of the programme services' signals: the emails they call for, sent in the background."""

from youthcop.core.tasks import enqueue_on_commit

from . import signals, tasks
from .models import Participant


def email_about_place(sender, participant, **kwargs):
    """A place given: the guardian is asked to consent, or the participant receives their personal link."""
    if participant.status == Participant.Status.AWAITING_CONSENT and participant.guardian_email:
        enqueue_on_commit(tasks.email_guardian_consent_request, participant.pk)
    if participant.status == Participant.Status.ENROLLED and participant.email:
        enqueue_on_commit(tasks.email_participant_link, participant.pk)


def tell_youth_worker_place_offered(sender, participant, **kwargs):
    enqueue_on_commit(tasks.email_youth_worker_place_offered, participant.pk)


def tell_youth_worker_consent_answer(sender, consent, **kwargs):
    enqueue_on_commit(tasks.email_youth_worker_consent_answer, consent.pk)


def register_signal_handlers():
    signals.place_given.connect(email_about_place, dispatch_uid="youthcop_email_about_place")
    signals.place_offered.connect(tell_youth_worker_place_offered, dispatch_uid="youthcop_place_offered")
    signals.consent_answered.connect(tell_youth_worker_consent_answer, dispatch_uid="youthcop_consent_answer")
