"""Receivers connected in ``ProgrammesConfig.ready``: the emails the services' signals call for, sent in the background, and meal needs forgotten when a programme ends."""

from django.db.models.signals import post_save

from youthcop.core.tasks import enqueue_on_commit

from . import meal_needs, signals, tasks
from .models import Participant, Programme


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
    # Meal needs are special-category data: a programme marked completed or archived forgets them at once.
    post_save.connect(meal_needs.programme_ended, sender=Programme, dispatch_uid="youthcop_forget_meal_needs")
