"""Attendance figures, meal counts, ratio alerts and the staff's overview of sessions."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from youthcop.programmes.models import DietaryNeed

from ..models import (
    EXPECTED_SIDES,
    Attendance,
    Session,
)
from .attendance import ATTENDED, _of_their_kind, expected_participants


@dataclass
class AttendanceSummary:
    attended: int = 0
    expected: int = 0

    @property
    def rate(self):
        return self.attended / self.expected if self.expected else None


def attendance_summary(programme):
    """``{participant_id: AttendanceSummary}`` for every participant of ``programme``. Two queries.

    ``attended`` counts present or late at HELD sessions of the participant's
    kind; ``expected`` counts the held sessions of their kind whose attendance
    sheet they were on (so nobody is counted absent before they joined).
    """
    summary = {pk: AttendanceSummary() for pk in programme.participants.values_list("pk", flat=True)}
    rows = (
        Attendance.objects.filter(session__programme=programme, session__status=Session.Status.HELD)
        .filter(_of_their_kind())
        .values("participant_id")
        .annotate(expected=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED)))
        .order_by()
    )
    for row in rows:
        summary[row["participant_id"]] = AttendanceSummary(attended=row["attended"], expected=row["expected"])
    return summary


def _advance_excuse(prefix=""):
    """An "I can't come" said from the participant's page, on a sheet not taken yet: not yet a record."""
    return Q(
        **{
            f"{prefix}status": Attendance.Status.EXCUSED,
            f"{prefix}recorded_by__isnull": True,
            f"{prefix}session__attendance_taken_at__isnull": True,
        }
    )


def with_attendance_figures(sessions):
    """Annotate ``recorded`` and ``attended_count`` on a session queryset (one query for the list)."""
    return sessions.annotate(
        recorded=Count("attendance", filter=~_advance_excuse("attendance__"), distinct=True),
        attended_count=Count("attendance", filter=Q(attendance__status__in=ATTENDED), distinct=True),
    )


def add_attendance_figures(sessions):
    """Set ``recorded`` and ``attended_count`` on each of ``sessions`` (a page of a list): one query.

    Counts only the sessions given: a list counts its page after paginating, not every
    session it could show (``with_attendance_figures`` on the whole queryset).
    """
    sessions = list(sessions)
    counts = {
        row["session_id"]: row
        for row in Attendance.objects.filter(session__in=[session.pk for session in sessions])
        .exclude(_advance_excuse())
        .values("session_id")
        .annotate(recorded=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED)))
        .order_by()
    }
    for session in sessions:
        row = counts.get(session.pk, {})
        session.recorded = row.get("recorded", 0)
        session.attended_count = row.get("attended", 0)
    return sessions


def session_attendance_rate(session):
    """Attended over the people on the sheet, or None before attendance is taken."""
    recorded = getattr(session, "recorded", None)
    attended = getattr(session, "attended_count", None)
    if recorded is None:
        recorded = session.attendance.count()
        attended = session.attendance.filter(status__in=ATTENDED).count()
    return attended / recorded if recorded else None


def programme_session_counts(programme):
    """``(planned_total, held)``: sessions not cancelled, and those held. One query."""
    figures = programme.sessions.aggregate(
        planned=Count("pk", filter=~Q(status=Session.Status.CANCELLED)),
        held=Count("pk", filter=Q(status=Session.Status.HELD)),
    )
    return figures["planned"], figures["held"]


def next_session(programme, now=None):
    return programme.sessions.upcoming(now).filter(starts_at__gte=now or timezone.now()).first()


def programme_ratio_alerts(programme):
    return programme.sessions.filter(ratio_alert=True)


def dietary_counts(session):
    """How many expected people need each kind of meal: counts only, never names. One query."""
    counts = Counter()
    for needs in expected_participants(session).values_list("dietary_needs", flat=True):
        counts.update(set(needs or []))
    return [(label, counts[value]) for value, label in DietaryNeed.choices if counts[value]]


def current_or_next_session(programme, now=None):
    """The session under way or the next one (not cancelled, not held yet), or None. One query."""
    now = now or timezone.now()
    return programme.sessions.upcoming(now).exclude(status=Session.Status.HELD).order_by("starts_at", "pk").first()


def sheet_sessions(programme):
    """The programme's sessions that take attendance, not cancelled, in order: the year's attendance by side. One query."""
    return (
        programme.sessions.filter(kind__in=[kind for kind, sides in EXPECTED_SIDES.items() if sides])
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )


def next_sessions_of(programmes, now=None):
    """The next session of each of ``programmes`` (not cancelled, not held, not over yet), soonest first. One query."""
    now = now or timezone.now()
    coming = Session.objects.upcoming(now).exclude(status=Session.Status.HELD)
    first = coming.filter(programme=OuterRef("programme")).order_by("starts_at", "pk").values("pk")[:1]
    return (
        coming.filter(programme__in=programmes, pk=Subquery(first))
        .select_related("programme")
        .order_by("starts_at", "pk")
    )


def sessions_awaiting_attendance(programmes, now=None):
    """Sessions of ``programmes`` that are over and take attendance, whose attendance nobody has taken yet."""
    return (
        Session.objects.filter(programme__in=programmes, ends_at__lt=now or timezone.now())
        .filter(kind__in=[kind for kind, sides in EXPECTED_SIDES.items() if sides])
        .exclude(status__in=[Session.Status.HELD, Session.Status.CANCELLED])
        .select_related("programme")
        .order_by("starts_at", "pk")
    )
