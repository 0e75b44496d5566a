"""Receivers connected in ``ProgrammesConfig.ready``: the emails the services' signals call for, sent in the background, and meal needs forgotten when a programme ends."""

from django.db.models.signals import post_save

from youthcop.core.tasks import enqueue_on_commit

from . import meal_needs, services, signals, tasks, wording
from .models import Organisation, Participant, Programme


def email_about_place(sender, participant, **kwargs):
    """A place given: the guardian is asked to consent, or the participant receives their personal link."""
    if participant.status == Participant.Status.AWAITING_CONSENT and participant.guardian_email:
        enqueue_on_commit(tasks.email_guardian_consent_request, participant.pk)
    if participant.status == Participant.Status.ENROLLED and participant.email:
        enqueue_on_commit(tasks.email_participant_link, participant.pk)


def email_place_offer(sender, participant, **kwargs):
    """A place offered: the link to accept goes to the participant, or to their youth worker for a minor."""
    enqueue_on_commit(tasks.email_place_offer, participant.pk)


def move_waiting_lists_up(sender, instance, created, raw=False, **kwargs):
    """More places (a larger size, another ratio) or automatic offers switched on: the waiting lists move up.

    In the transaction that saved the programme, under its lock (README rules 1–2).
    """
    if created or raw or not instance.places_rule_changed:
        return
    services.fill_free_places(instance)


def tell_youth_worker_consent_answer(sender, consent, **kwargs):
    enqueue_on_commit(tasks.email_youth_worker_consent_answer, consent.pk)


def keep_texts_in_step(sender, instance, raw=False, **kwargs):
    """A programme or organisation changed: its texts for translation follow (``youthcop.programmes.wording``)."""
    if not raw:
        wording.sync_on_commit(instance)


def register_signal_handlers():
    signals.place_given.connect(email_about_place, dispatch_uid="youthcop_email_about_place")
    signals.place_offered.connect(email_place_offer, dispatch_uid="youthcop_place_offered")
    post_save.connect(move_waiting_lists_up, sender=Programme, dispatch_uid="youthcop_move_waiting_lists_up")
    signals.consent_answered.connect(tell_youth_worker_consent_answer, dispatch_uid="youthcop_consent_answer")
    # Meal needs are special-category data: a programme marked completed or archived forgets them at once.
    post_save.connect(meal_needs.programme_ended, sender=Programme, dispatch_uid="youthcop_forget_meal_needs")
    for model in (Programme, Organisation):
        post_save.connect(keep_texts_in_step, sender=model, dispatch_uid="youthcop_programme_texts_in_step")
