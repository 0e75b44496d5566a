"""Moving and cancelling a session, and who is told."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import signals
from ..models import (
    Attendance,
    Session,
)
from .attendance import expected_participants

# Changes a calendar app must apply: each raises the iCalendar SEQUENCE.
CALENDAR_FIELDS = ("kind", "title", "theme", "starts_at", "ends_at", "venue_name", "venue_address", "status")
WHEN_OR_WHERE = ("starts_at", "ends_at", "venue_name", "venue_address")



def _changed_fields(before, session):
    return [name for name in CALENDAR_FIELDS if getattr(before, name) != getattr(session, name)]


def _cancelled_or_moved(before, session, changed):
    is_coming = before.starts_at > timezone.now() and before.status != Session.Status.HELD
    cancelled = session.status == Session.Status.CANCELLED and before.status != Session.Status.CANCELLED
    moved = not cancelled and is_coming and any(name in changed for name in WHEN_OR_WHERE)
    return cancelled, moved


def change_to_announce(before, session):
    """``"cancelled"`` or ``"moved"`` when saving ``session`` over ``before`` emails its participants, else None."""
    cancelled, moved = _cancelled_or_moved(before, session, _changed_fields(before, session))
    if not (cancelled or moved) or not (session.starts_at > timezone.now() and session.takes_attendance):
        return None
    return "cancelled" if cancelled else "moved"


def save_session_changes(session, *, before, by=None):
    """Save an edited session; tell participants when a coming session moves or is cancelled.

    ``before`` is the session as stored before the edit. A change of time or
    place of a coming session marks it moved; every change a calendar shows
    raises its SEQUENCE so calendar apps update it.
    """
    changed = _changed_fields(before, session)
    cancelled, moved = _cancelled_or_moved(before, session, changed)
    if moved and session.status == Session.Status.PLANNED:
        session.status = Session.Status.MOVED
    if changed or moved:
        session.sequence = before.sequence + 1
    session.save()
    if cancelled:
        _after_cancel(session, by)
    elif moved:
        log(session, "youthcop.session.moved", user=by, data={"from": str(before.starts_at), "to": str(session.starts_at)})
        if session.starts_at != before.starts_at and not session.attendance_taken_at:
            # "I can't come" was said of the old date: the notice asks again, about the new one.
            Attendance.objects.filter(session=session, status=Attendance.Status.EXCUSED, recorded_by__isnull=True).delete()
        _notify_participants(session, "moved")
    return session


def cancel_session(session, *, by=None, reason=""):
    """Cancel ``session``: it stays in calendars marked cancelled, and participants are told."""
    if session.status == Session.Status.CANCELLED:
        return session
    session.status = Session.Status.CANCELLED
    session.sequence += 1
    if reason:
        session.facilitator_notes = (session.facilitator_notes + "\n" + reason).strip()
    session.save(update_fields=["status", "sequence", "facilitator_notes", "updated_at"])
    _after_cancel(session, by)
    return session


def move_session(session, *, starts_at, ends_at, by=None, **venue):
    """Move ``session`` to a new time (and optionally ``venue_name``/``venue_address``)."""
    before = Session.objects.get(pk=session.pk)
    session.starts_at, session.ends_at = starts_at, ends_at
    for name, value in venue.items():
        setattr(session, name, value)
    session.full_clean()
    return save_session_changes(session, before=before, by=by)


def _after_cancel(session, by):
    log(session, "youthcop.session.cancelled", user=by, data={"starts_at": str(session.starts_at)})
    _notify_participants(session, "cancelled")


def _notify_participants(session, change):
    if session.starts_at > timezone.now() and session.takes_attendance:
        signals.schedule_changed.send(sender=Session, session=session, change=change)


def participants_to_tell(session):
    """People expected at ``session`` who have an email address."""
    return expected_participants(session).exclude(email="")


@dataclass
class NoticeRecipient:
    """One email of a change notice: to a participant, or to the guardian of a minor."""

    email: str
    participant: object
    guardian: bool = False

    @property
    def language(self):
        return self.participant.preferred_language

    def context(self, session, wordings=None):
        from .reminders import notice_context  # reminders imports this module

        return {**notice_context(session, self.participant, wordings), "guardian": self.guardian}


@dataclass
class NoticeAudience:
    """Who a change notice reaches, and the expected people it does not reach themselves."""

    recipients: list
    without_email: list

    @property
    def guardians(self):
        return [recipient for recipient in self.recipients if recipient.guardian]

    @property
    def participants(self):
        return [recipient for recipient in self.recipients if not recipient.guardian]


def notice_audience(session):
    """Everyone expected at ``session`` with an email address, and the guardian of each minor among them. One query.

    A minor's guardian is told as well as the minor (README rule 2: the
    guardian answers for them); a minor without an address of their own is
    still reached through the guardian.
    """
    recipients, without_email = [], []
    people = expected_participants(session).select_related("programme").order_by("side", "last_name", "first_name")
    for participant in people:
        if participant.email:
            recipients.append(NoticeRecipient(participant.email, participant))
        else:
            without_email.append(participant)
        if participant.is_minor and participant.guardian_email:
            recipients.append(NoticeRecipient(participant.guardian_email, participant, guardian=True))
    return NoticeAudience(recipients=recipients, without_email=without_email)


class _NamePlaceholder:
    """Stands for each person in a notice's preview: the greeting shows where their name goes."""

    def __init__(self):
        self.first_name = _("[first name]")
        self.guardian_name = ""


def render_notice(session, change, context=None, language=None):
    """The subject and body of the ``change`` notice about ``session``, exactly as emailed, without sending it."""
    from .reminders import notice_context

    template_prefix = f"youthcop_sessions/emails/session_{change}"
    with translation.override(language or settings.LANGUAGE_CODE):
        context = context or {**notice_context(session, _NamePlaceholder()), "guardian": False}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}_body.txt", context)
    return subject, body
