"""Who is expected, taking attendance, absence flags."""

import operator
from collections import Counter
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from youthcop.programmes.composition import ratio_is_off
from youthcop.programmes.models import Participant, Side
from youthcop.programmes.permissions import participants_visible_to

from .. import signals
from ..models import (
    AbsenceFlag,
    Attendance,
    Session,
    kinds_for_side,
)
from .schedule import site_zone

# People of the group who are expected at sessions: not waiting, not withdrawn,
# not a minor whose guardian has not consented yet.
TAKING_PART = (Participant.Status.ENROLLED, Participant.Status.COMPLETED)
ATTENDED = Attendance.ATTENDED
ABSENT = Attendance.Status.ABSENT



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


class AdvanceExcuseClosed(AttendanceNotOpen):
    """Saying "I can't come" (or taking it back) is no longer possible for this session."""


def check_advance_excuse_open(session, participant, now=None):
    """Raise ``AdvanceExcuseClosed`` unless ``participant`` may still say in advance they cannot come to ``session``."""
    if session.status == Session.Status.CANCELLED:
        raise AdvanceExcuseClosed(_("This session was cancelled."))
    if not takes_part(participant) or participant.side not in session.expected_sides:
        raise AdvanceExcuseClosed(_("You are not expected at this session."))
    if session.attendance_taken_at or session.starts_at <= (now or timezone.now()):
        raise AdvanceExcuseClosed(_("This session has started: please tell your facilitator or youth worker."))


def excuse_in_advance(session, participant, *, now=None):
    """Record ``participant`` as excused at the coming ``session``, as they said from their page.

    The attendance record itself (status excused, no recorder), so the attendance
    sheet opens with them marked excused. Returns ``(record, changed)``.
    """
    check_advance_excuse_open(session, participant, now)
    now = now or timezone.now()
    with transaction.atomic():
        record = Attendance.objects.select_for_update().filter(session=session, participant=participant).first()
        if record is not None and record.status == Attendance.Status.EXCUSED:
            return record, False
        with translation.override(settings.LANGUAGE_CODE):  # staff read the note: the site's language
            note = _("Said from their page on %(date)s that they cannot come.") % {
                "date": formats.date_format(timezone.localtime(now, site_zone()), "SHORT_DATE_FORMAT")
            }
        record, _created = Attendance.objects.update_or_create(
            session=session,
            participant=participant,
            defaults={"status": Attendance.Status.EXCUSED, "note": note, "recorded_at": now, "recorded_by": None},
        )
        log(participant, "youthcop.attendance.excused_in_advance", data={"session": session.pk})
    return record, True


def withdraw_advance_excuse(session, participant, *, now=None):
    """Take back an "I can't come" before ``session`` starts; True when there was one to take back."""
    check_advance_excuse_open(session, participant, now)
    with transaction.atomic():
        deleted, _rows = Attendance.objects.filter(
            session=session, participant=participant, status=Attendance.Status.EXCUSED, recorded_by__isnull=True
        ).delete()
        if deleted:
            log(participant, "youthcop.attendance.excuse_withdrawn", data={"session": session.pk})
    return bool(deleted)


def excused_session_ids(participant, sessions):
    """The ids of ``sessions`` at which ``participant`` is recorded excused. One query."""
    return set(
        Attendance.objects.filter(
            participant=participant, session__in=sessions, status=Attendance.Status.EXCUSED
        ).values_list("session_id", flat=True)
    )


def next_sessions_for(participant, now, count=4):
    """``participant``'s next ``count`` sessions not yet held, soonest first, each with ``is_excused`` (recorded
    excused in advance). One query."""
    excused = Attendance.objects.filter(
        session=OuterRef("pk"), participant=participant, status=Attendance.Status.EXCUSED
    )
    return list(
        sessions_expected_for(participant)
        .filter(ends_at__gte=now)
        .exclude(status=Session.Status.HELD)
        .annotate(is_excused=Exists(excused))
        .order_by("starts_at")[:count]
    )


def open_absence_flags_visible_to(user):
    """Unresolved absence flags about participants ``user`` may see."""
    return AbsenceFlag.objects.filter(
        resolved_at__isnull=True, participant__in=participants_visible_to(user)
    ).select_related("participant", "session", "participant__programme")
