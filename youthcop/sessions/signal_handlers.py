"""Receivers connected in ``SessionsConfig.ready``.

The public programme page's cached sections follow the sessions they count;
the session services' signals become emails sent in the background.
"""

from django.db.models.signals import post_delete, post_save

from youthcop.core.cache import bump_to_now_on_commit, calendar_feeds
from youthcop.core.sections import bump_programme_sections
from youthcop.programmes import wording
from youthcop.programmes.models import Participant, Programme, ProgrammeText
from youthcop.core.tasks import enqueue_on_commit

from . import signals, tasks
from .models import Session


def session_saved_or_deleted(sender, instance, **kwargs):
    # Planned / held counts and the next session come from the programme's sessions.
    bump_programme_sections(instance.programme_id)
    if not kwargs.get("raw"):
        wording.sync_on_commit(instance)  # its title, theme and venue texts, for translation


def tell_participants_of_change(sender, session, change, **kwargs):
    enqueue_on_commit(tasks.email_session_change, session.pk, change)


def tell_youth_worker_of_absences(sender, flag, **kwargs):
    enqueue_on_commit(tasks.email_absence_flag, flag.participant_id, flag.session_id)


def register_signal_handlers():
    post_save.connect(session_saved_or_deleted, sender=Session, dispatch_uid="youthcop_sessions_programme_sections")
    post_delete.connect(session_saved_or_deleted, sender=Session, dispatch_uid="youthcop_sessions_programme_sections")
    signals.schedule_changed.connect(tell_participants_of_change, dispatch_uid="youthcop_session_change_emails")
    signals.absence_flagged.connect(tell_youth_worker_of_absences, dispatch_uid="youthcop_absence_flag_emails")
    for model in (Session, Participant, Programme):
        for signal in (post_save, post_delete):
            signal.connect(calendar_feeds_changed, sender=model, dispatch_uid="youthcop_sessions_calendar_feeds")
    for signal in (post_save, post_delete):
        signal.connect(programme_texts_changed, sender=ProgrammeText, dispatch_uid="youthcop_sessions_feed_texts")


def calendar_feeds_changed(sender, instance, **kwargs):
    """A session, a participant or the programme changed: its programme's calendar feeds change.

    A participant's feed shows their side's sessions while they take part, in
    their language, under the programme's name: any save of theirs counts
    (the version is also the feeds' Last-Modified, which has no finer source).
    """
    programme_id = instance.pk if sender is Programme else instance.programme_id
    if programme_id is not None:
        bump_to_now_on_commit(calendar_feeds(programme_id))


def programme_texts_changed(sender, instance, **kwargs):
    """A translation of the programme's texts was published (or its original copy brought up to date):
    participants' feeds in that language show the new session titles, themes and directions."""
    if instance.programme_id is not None and not kwargs.get("raw"):
        bump_to_now_on_commit(calendar_feeds(instance.programme_id))
