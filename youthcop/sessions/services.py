"""The rules of sessions: planning the year, attendance, flags, reminders, notices, feeds.

Views, forms, tasks, commands and the demo call these functions. Query counts
are fixed: nothing here runs a query per participant or per session, except
sending emails (one per person, as sending is).
"""

import datetime
import logging
import operator
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekdays
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from youthcop.core import tokens
from youthcop.core.conf import youthcop_settings
from youthcop.core.mail import send_templated_email
from youthcop.programmes.composition import ratio_is_off
from youthcop.programmes.models import DietaryNeed, Participant, Side
from youthcop.programmes.permissions import participants_visible_to, programmes_visible_to

from . import signals
from .models import (
    EXPECTED_SIDES,
    AbsenceFlag,
    Activity,
    Attendance,
    ReminderSent,
    Session,
    StaffCalendarFeed,
    kinds_for_side,
)

logger = logging.getLogger(__name__)

# People of the group who are expected at sessions: not waiting, not withdrawn,
# not a minor whose guardian has not consented yet.
TAKING_PART = (Participant.Status.ENROLLED, Participant.Status.COMPLETED)
ATTENDED = Attendance.ATTENDED
ABSENT = Attendance.Status.ABSENT

# Changes a calendar app must apply: each raises the iCalendar SEQUENCE.
CALENDAR_FIELDS = ("kind", "title", "theme", "starts_at", "ends_at", "venue_name", "venue_address", "status")
WHEN_OR_WHERE = ("starts_at", "ends_at", "venue_name", "venue_address")


def site_zone():
    """The site's time zone (settings.TIME_ZONE, Europe/Brussels), whatever zone is active."""
    return timezone.get_default_timezone()


def local_datetime(day, time):
    """``day`` at wall-clock ``time`` in the site's zone, as an aware datetime (right across DST)."""
    return datetime.datetime.combine(day, time, tzinfo=site_zone())


# --- Planning the year --------------------------------------------------------


class Frequency:
    MONTHLY = "monthly"  # the nth weekday of each month
    WEEKLY = "weekly"  # every ``interval`` weeks on a weekday


LAST = -1


@dataclass
class ScheduleRule:
    """What the schedule generator plans: e.g. 12 joint workshops, 2nd Wednesday, 18:00–21:00."""

    kind: str
    title: str
    first_date: datetime.date
    count: int
    weekday: int
    start_time: datetime.time
    end_time: datetime.time
    frequency: str = Frequency.MONTHLY
    nth: int = 1
    interval_weeks: int = 1
    skip_dates: frozenset = frozenset()
    theme: str = ""
    venue_name: str = ""
    venue_address: str = ""
    venue_accessibility: str = ""
    activities: list = field(default_factory=list)
    shared_meal: bool = False

    # A rule that never matches must still stop (e.g. only skipped dates).
    MAX_CANDIDATES = 600

    def candidate_dates(self):
        """Every date the rule matches from ``first_date`` on, skipped ones included."""
        if self.frequency == Frequency.WEEKLY:
            # Counted from the first matching day, not from the week of ``first_date``.
            first = self.first_date + relativedelta(weekday=weekdays[self.weekday])
            dates = rrule(WEEKLY, interval=max(1, self.interval_weeks), dtstart=first, count=self.MAX_CANDIDATES)
        else:
            # A month without a fifth such weekday has no session (RRULE BYDAY=5WE).
            nth_weekday = weekdays[self.weekday](self.nth)
            dates = rrule(MONTHLY, byweekday=nth_weekday, dtstart=self.first_date, count=self.MAX_CANDIDATES)
        return (moment.date() for moment in dates)


@dataclass
class PlannedDate:
    day: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    exists: bool = False
    after_programme_end: bool = False


@dataclass
class SchedulePreview:
    dates: list
    skipped: list

    @property
    def new(self):
        return [planned for planned in self.dates if not planned.exists]


def schedule_dates(rule):
    """The first ``rule.count`` matching dates that are not skipped, and the skipped ones passed over."""
    dates, skipped = [], []
    for day in rule.candidate_dates():
        if len(dates) >= rule.count:
            break
        if day in rule.skip_dates:
            skipped.append(day)
        else:
            dates.append(day)
    return dates, skipped


def _session_end(day, rule):
    end_day = day if rule.end_time > rule.start_time else day + datetime.timedelta(days=1)
    return local_datetime(end_day, rule.end_time)


def preview_schedule(programme, rule):
    """The dates ``rule`` plans for ``programme``, marking those that already exist. No writes."""
    days, skipped = schedule_dates(rule)
    existing = set(
        programme.sessions.filter(kind=rule.kind, scheduled_on__in=days).values_list("scheduled_on", flat=True)
    )
    dates = [
        PlannedDate(
            day=day,
            starts_at=local_datetime(day, rule.start_time),
            ends_at=_session_end(day, rule),
            exists=day in existing,
            after_programme_end=bool(programme.end_date and day > programme.end_date),
        )
        for day in days
    ]
    return SchedulePreview(dates=dates, skipped=skipped)


def create_schedule(programme, rule, *, by=None, facilitators=()):
    """Create the sessions ``rule`` plans that do not exist yet; return them.

    Running it again creates nothing: each generated session remembers the date
    it was planned for (even after a move), and a unique constraint backs it.
    """
    created = []
    with transaction.atomic():
        for planned in preview_schedule(programme, rule).new:
            try:
                with transaction.atomic():
                    session = Session.objects.create(
                        programme=programme,
                        kind=rule.kind,
                        title=rule.title,
                        theme=rule.theme,
                        starts_at=planned.starts_at,
                        ends_at=planned.ends_at,
                        venue_name=rule.venue_name,
                        venue_address=rule.venue_address,
                        venue_accessibility=rule.venue_accessibility,
                        activities=list(rule.activities),
                        shared_meal=rule.shared_meal or Activity.SHARED_MEAL in rule.activities,
                        scheduled_on=planned.day,
                    )
            except IntegrityError:  # created meanwhile by another run
                continue
            if facilitators:
                session.facilitators.set(facilitators)
            created.append(session)
        if created:
            log(
                programme,
                "youthcop.schedule.generated",
                user=by,
                data={"kind": rule.kind, "sessions": len(created), "first": str(created[0].starts_at)},
            )
    return created


# --- Changes to a session -----------------------------------------------------


def _changed_fields(before, session):
    return [name for name in CALENDAR_FIELDS if getattr(before, name) != getattr(session, name)]


def save_session_changes(session, *, before, by=None):
    """Save an edited session; tell participants when a coming session moves or is cancelled.

    ``before`` is the session as stored before the edit. A change of time or
    place of a coming session marks it moved; every change a calendar shows
    raises its SEQUENCE so calendar apps update it.
    """
    changed = _changed_fields(before, session)
    is_coming = before.starts_at > timezone.now() and before.status != Session.Status.HELD
    cancelled = session.status == Session.Status.CANCELLED and before.status != Session.Status.CANCELLED
    moved = not cancelled and is_coming and any(name in changed for name in WHEN_OR_WHERE)
    if moved and session.status == Session.Status.PLANNED:
        session.status = Session.Status.MOVED
    if changed or moved:
        session.sequence = before.sequence + 1
    session.save()
    if cancelled:
        _after_cancel(session, by)
    elif moved:
        log(session, "youthcop.session.moved", user=by, data={"from": str(before.starts_at), "to": str(session.starts_at)})
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


# --- Who is expected ----------------------------------------------------------


def expected_participants(session):
    """The group members expected at ``session`` (by its kind)."""
    return Participant.objects.filter(
        programme_id=session.programme_id, status__in=TAKING_PART, side__in=session.expected_sides
    )


def takes_part(participant):
    """Enrolled (or completed): expected at the sessions of their kind."""
    return participant.status in TAKING_PART


def sessions_expected_for(participant):
    """Sessions of ``participant``'s programme of the kinds their side takes part in (cancelled ones included)."""
    return Session.objects.filter(programme_id=participant.programme_id, kind__in=kinds_for_side(participant.side))


def _of_their_kind():
    """A ``Q`` on attendance: the session is of a kind its participant's side takes part in."""
    return Q(participant__side=Side.YOUTH, session__kind__in=kinds_for_side(Side.YOUTH)) | Q(
        participant__side=Side.POLICE, session__kind__in=kinds_for_side(Side.POLICE)
    )


def sheet_participants(session, user=None):
    """The attendance sheet's rows: the expected people and anyone already recorded.

    Annotated with ``mark`` and ``note`` of this session, and the participant's
    status at the held sessions just before and after it (for absence flags).
    One query. With ``user``, only the people that user may see.
    """
    records = Attendance.objects.filter(participant=OuterRef("pk"))
    this = records.filter(session=session)
    held_others = records.filter(session__status=Session.Status.HELD, session__programme_id=session.programme_id)
    before = held_others.filter(session__starts_at__lt=session.starts_at).order_by("-session__starts_at")
    after = held_others.filter(session__starts_at__gt=session.starts_at).order_by("session__starts_at")
    queryset = (
        Participant.objects.filter(programme_id=session.programme_id)
        .filter(Q(status__in=TAKING_PART, side__in=session.expected_sides) | Q(Exists(this)))
        .annotate(
            mark=Subquery(this.values("status")[:1]),
            note=Subquery(this.values("note")[:1]),
            status_before=Subquery(before.values("status")[:1]),
            status_after=Subquery(after.values("status")[:1]),
            session_after=Subquery(after.values("session_id")[:1]),
        )
        .order_by("-side", "last_name", "first_name", "pk")  # young people first
    )
    if user is not None:
        queryset = participants_visible_to(user, queryset)
    return queryset


class AttendanceNotOpen(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


def check_attendance_open(session, now=None):
    """Raise ``AttendanceNotOpen`` unless attendance can be taken for ``session`` now."""
    if session.status == Session.Status.CANCELLED:
        raise AttendanceNotOpen(_("This session was cancelled: there is no attendance to take."))
    if not session.takes_attendance:
        raise AttendanceNotOpen(_("Attendance is not taken for this kind of session."))
    today = timezone.localdate(now or timezone.now(), site_zone())
    if timezone.localdate(session.starts_at, site_zone()) > today:
        raise AttendanceNotOpen(_("This session has not taken place yet."))


@dataclass
class AttendanceResult:
    session: Session
    counts: Counter
    flagged: list
    ratio_alert: bool

    @property
    def message(self):
        return _("Attendance saved: %(present)s present, %(late)s late, %(excused)s excused, %(absent)s absent.") % {
            "present": self.counts[Attendance.Status.PRESENT],
            "late": self.counts[Attendance.Status.LATE],
            "excused": self.counts[Attendance.Status.EXCUSED],
            "absent": self.counts[Attendance.Status.ABSENT],
        }


def record_attendance(session, marks, *, by=None, notes=None, now=None, notify=True):
    """Save the whole attendance sheet of ``session`` in one go and mark it held.

    ``marks`` maps participant ids to an ``Attendance.Status``; anyone on the
    sheet without a mark is recorded absent (as on a paper sheet). Updates the
    session's ratio alert and flags two unexcused absences in a row (emailing
    the youth worker unless ``notify`` is False). The number of queries does
    not depend on the number of participants.
    """
    check_attendance_open(session, now)
    notes = notes or {}
    now = now or timezone.now()
    valid = set(Attendance.Status.values)
    with transaction.atomic():
        rows = list(sheet_participants(session))
        records = []
        for participant in rows:
            mark = marks.get(participant.pk)
            participant.new_mark = mark if mark in valid else ABSENT
            records.append(
                Attendance(
                    session=session,
                    participant=participant,
                    status=participant.new_mark,
                    note=(notes.get(participant.pk) or "")[:200],
                    recorded_at=now,
                    recorded_by=by,
                )
            )
        Attendance.objects.bulk_create(
            records,
            update_conflicts=True,
            unique_fields=["session", "participant"],
            update_fields=["status", "note", "recorded_at", "recorded_by"],
        )
        attended = Counter(p.side for p in rows if p.new_mark in ATTENDED)
        session.status = Session.Status.HELD
        session.attendance_taken_at = now
        session.attended_youth = attended[Side.YOUTH]
        session.attended_police = attended[Side.POLICE]
        session.ratio_alert = session_breaks_ratio(session)
        session.save(
            update_fields=[
                "status", "attendance_taken_at", "attended_youth", "attended_police", "ratio_alert", "updated_at"
            ]
        )
        flagged = _update_absence_flags(session, rows, now, notify)
        counts = Counter(p.new_mark for p in rows)
        log(session, "youthcop.attendance.recorded", user=by, data={**counts, "ratio_alert": session.ratio_alert})
    return AttendanceResult(session=session, counts=counts, flagged=flagged, ratio_alert=session.ratio_alert)


def session_breaks_ratio(session):
    """A joint session whose actual youth:police attendance is outside the programme's ratio tolerance."""
    if not session.is_joint or session.attended == 0:
        return False
    return ratio_is_off(
        session.attended_youth,
        session.attended_police,
        session.programme.youth_per_officer,
        session.programme.ratio_tolerance,
    )


def _update_absence_flags(session, rows, now, notify=True):
    """Flag two unexcused absences in a row; drop unresolved flags a correction made wrong."""
    new_flags, stale = [], []
    for participant in rows:
        if participant.new_mark == ABSENT:
            if participant.status_before == ABSENT:
                new_flags.append(AbsenceFlag(participant=participant, session=session, created_at=now))
            if participant.status_after == ABSENT:
                new_flags.append(
                    AbsenceFlag(participant=participant, session_id=participant.session_after, created_at=now)
                )
        else:
            stale.append(Q(participant=participant, session=session))
            if participant.session_after:
                stale.append(Q(participant=participant, session_id=participant.session_after))
    if stale:
        AbsenceFlag.objects.filter(reduce(operator.or_, stale), resolved_at__isnull=True).delete()
    if not new_flags:
        return []
    existing = set(
        AbsenceFlag.objects.filter(
            participant__in=[flag.participant_id for flag in new_flags],
            session__in={flag.session_id for flag in new_flags},
        ).values_list("participant_id", "session_id")
    )
    fresh = [flag for flag in new_flags if (flag.participant_id, flag.session_id) not in existing]
    AbsenceFlag.objects.bulk_create(fresh, ignore_conflicts=True)
    for flag in fresh:
        log(flag.participant, "youthcop.absence.flagged", data={"session": flag.session_id})
        if notify:
            signals.absence_flagged.send(sender=AbsenceFlag, flag=flag)
    return [flag.participant for flag in fresh]


def absence_flag_recipient(participant):
    """The youth worker (or whoever registered the participant) told about absences."""
    return participant.registered_by


def resolve_absence_flag(flag, *, by, note=""):
    flag.resolved_at = timezone.now()
    flag.resolved_by = by
    flag.resolution_note = note[:200]
    flag.save(update_fields=["resolved_at", "resolved_by", "resolution_note"])
    log(flag.participant, "youthcop.absence.resolved", user=by, data={"session": flag.session_id})
    return flag


def open_absence_flags_visible_to(user):
    """Unresolved absence flags about participants ``user`` may see."""
    return AbsenceFlag.objects.filter(
        resolved_at__isnull=True, participant__in=participants_visible_to(user)
    ).select_related("participant", "session", "participant__programme")


# --- Attendance figures ---------------------------------------------------------


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


def with_attendance_figures(sessions):
    """Annotate ``recorded`` and ``attended_count`` on a session queryset (one query for the list)."""
    return sessions.annotate(
        recorded=Count("attendance", distinct=True),
        attended_count=Count("attendance", filter=Q(attendance__status__in=ATTENDED), distinct=True),
    )


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


# --- Reminders ------------------------------------------------------------------


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
    for session in sessions_due_for_reminder(now):
        already = ReminderSent.objects.filter(session=session, participant=OuterRef("pk"))
        people = participants_to_tell(session).exclude(Exists(already)).select_related("programme")
        for participant in people:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(session=session, participant=participant)
                    send_templated_email(
                        "youthcop_sessions/emails/reminder",
                        to=participant.email,
                        language=participant.preferred_language,
                        context=notice_context(session, participant),
                    )
            except IntegrityError:
                continue  # claimed meanwhile by another run
            except Exception:
                logger.exception("Reminder for session %s to participant %s not sent", session.pk, participant.pk)
                continue
            sent += 1
    return sent


def notice_context(session, participant):
    zone = site_zone()
    return {
        "session": session,
        "participant": participant,
        "programme": session.programme,
        "starts_at": timezone.localtime(session.starts_at, zone),
        "ends_at": timezone.localtime(session.ends_at, zone),
    }


# --- Calendar feeds -------------------------------------------------------------


def issue_staff_feed(programme, user):
    """A new secret calendar URL token of ``programme`` for ``user``; their earlier one stops working."""
    token = tokens.new_token()
    with transaction.atomic():
        StaffCalendarFeed.objects.filter(programme=programme, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        StaffCalendarFeed.objects.create(programme=programme, user=user, token_hash=tokens.hash_token(token))
        log(programme, "youthcop.calendar_feed.issued", user=user, data={})
    return token


def revoke_staff_feed(programme, user):
    revoked = StaffCalendarFeed.objects.filter(programme=programme, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        log(programme, "youthcop.calendar_feed.revoked", user=user, data={})
    return revoked


def feed_still_allowed(feed):
    """A feed works only while its owner is active and still staff of the programme."""
    user = feed.user
    return user.is_active and programmes_visible_to(user).filter(pk=feed.programme_id).exists()


# --- Staff overview ---------------------------------------------------------------


def upcoming_sessions_visible_to(user, limit=8, now=None):
    now = now or timezone.now()
    return (
        Session.objects.filter(programme__in=programmes_visible_to(user), starts_at__gte=now)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("programme")
        .order_by("starts_at")[:limit]
    )


def ratio_alerts_visible_to(user, limit=8):
    return (
        Session.objects.filter(programme__in=programmes_visible_to(user), ratio_alert=True)
        .exclude(programme__status__in=["completed", "archived"])
        .select_related("programme")
        .order_by("-starts_at")[:limit]
    )


# --- Privacy --------------------------------------------------------------------


def export_participant_absence_flags(participant):
    """The absence flags about ``participant`` and what was done, for a data export."""
    flags = participant.absence_flags.select_related("session", "resolved_by").order_by("created_at", "pk")
    return [
        {
            "session": flag.session.title,
            "session_starts_at": flag.session.starts_at.isoformat(),
            "flagged_at": flag.created_at.isoformat(),
            "resolved_at": flag.resolved_at.isoformat() if flag.resolved_at else None,
            "resolved_by": str(flag.resolved_by or ""),
            "what_was_done": flag.resolution_note,
        }
        for flag in flags
    ]


def export_participant_reminders(participant):
    """The session reminders emailed to ``participant``, for a data export."""
    reminders = participant.session_reminders.select_related("session").order_by("sent_at", "pk")
    return [{"session": reminder.session.title, "sent_at": reminder.sent_at.isoformat()} for reminder in reminders]


def export_participant_sessions(participant):
    """The attendance records of ``participant`` for a data export."""
    records = participant.attendance.select_related("session").order_by("session__starts_at")
    flags = set(participant.absence_flags.values_list("session_id", flat=True))
    return [
        {
            "session": record.session.title,
            "kind": record.session.kind,
            "starts_at": record.session.starts_at.isoformat(),
            "session_status": record.session.status,
            "attendance": record.status,
            "note": record.note,
            "recorded_at": record.recorded_at.isoformat(),
            "absence_flag": record.session_id in flags,
        }
        for record in records
    ]


def anonymise_participant_sessions(participant):
    """Remove the free text this app holds about ``participant``; attendance itself stays."""
    notes = participant.attendance.exclude(note="").update(note="")
    flags = participant.absence_flags.exclude(resolution_note="").update(resolution_note="")
    return notes + flags

