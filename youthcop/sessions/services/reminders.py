"""Session reminders, once per session and person, in their language."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail import hooks

from youthcop.core.conf import youthcop_settings
from youthcop.core.mail import send_templated_email
from youthcop.programmes.reading import Wordings

from ..models import (
    EXPECTED_SIDES,
    Attendance,
    ReminderSent,
    Session,
)
from .changes import participants_to_tell
from .schedule import local_datetime, site_zone

logger = logging.getLogger(__name__)


def sessions_due_for_reminder(now=None):
    """Coming sessions starting within ``REMINDER_DAYS_BEFORE`` days (by the site's calendar)."""
    now = now or timezone.now()
    last_day = timezone.localdate(now, site_zone()) + datetime.timedelta(days=youthcop_settings.REMINDER_DAYS_BEFORE)
    until = local_datetime(last_day + datetime.timedelta(days=1), datetime.time.min)
    return (
        Session.objects.filter(
            starts_at__gt=now,
            starts_at__lt=until,
            status__in=[Session.Status.PLANNED, Session.Status.MOVED],
            kind__in=[kind for kind, sides in EXPECTED_SIDES.items() if sides],
        )
        .select_related("programme")
        .order_by("starts_at")
    )


def send_due_reminders(now=None):
    """Email each expected person once about each coming session; return how many were sent.

    The reminder is claimed by inserting a ``ReminderSent`` row under a unique
    constraint before sending, in the same transaction: a second run, even a
    concurrent one, finds the row and sends nothing; a failed send rolls the
    claim back so the next run tries again, and the people after it still get
    theirs (one refused address must not hold back the whole group).
    """
    sent = 0
    wordings = Wordings()  # each programme's texts read once per language of its recipients
    for session in sessions_due_for_reminder(now):
        already = ReminderSent.objects.filter(session=session, participant=OuterRef("pk"))
        # Those who said they cannot come are not reminded (a move or cancellation still tells them).
        excused = Attendance.objects.filter(
            session=session, participant=OuterRef("pk"), status=Attendance.Status.EXCUSED
        )
        people = participants_to_tell(session).exclude(Exists(already)).exclude(Exists(excused))
        people = people.select_related("programme")
        for participant in people:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(session=session, participant=participant)
                    send_templated_email(
                        "youthcop_sessions/emails/reminder",
                        to=participant.email,
                        language=participant.preferred_language,
                        context={
                            **notice_context(session, participant, wordings),
                            **reminder_extras(session, participant),
                        },
                    )
            except IntegrityError:
                continue  # claimed meanwhile by another run
            except Exception:
                logger.exception("Reminder for session %s to participant %s not sent", session.pk, participant.pk)
                continue
            sent += 1
    return sent


def reminder_extras(session, participant):
    """What other apps add to a session reminder (``youthcop_session_reminder_context`` hook: a dict each),
    such as the evaluation questionnaire's link while a round is open."""
    extras = {}
    for hook in hooks.get_hooks("youthcop_session_reminder_context"):
        extras.update(hook(session, participant) or {})
    return extras


def notice_context(session, participant, wordings=None):
    """What a notice or reminder about ``session`` says, with the programme's and the session's texts in
    ``participant``'s language (the active one for a preview); ``wordings`` shares them across a batch."""
    zone = site_zone()
    wording = (wordings or Wordings())(session.programme, getattr(participant, "preferred_language", None))
    return {
        "session": wording.session(session),
        "participant": participant,
        "programme": wording.programme,
        "starts_at": timezone.localtime(session.starts_at, zone),
        "ends_at": timezone.localtime(session.ends_at, zone),
    }
