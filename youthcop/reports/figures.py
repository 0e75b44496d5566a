"""The figures of the anonymous reports: counts and rates per programme, month and session, never a name.

Each function computes its rows in a fixed number of queries, whatever the
number of programmes, participants or sessions; ``views`` shows and exports them.
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, rrule
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from youthcop.certificates.models import Certificate
from youthcop.charters.models import CharterVersion, Signature
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes.models import Participant, Side
from youthcop.programmes.permissions import programmes_managed_by
from youthcop.sessions.models import Attendance, Session

SLOT_HOLDING = Participant.SLOT_HOLDING


def reportable_programmes(user):
    """Programmes whose anonymous figures ``user`` may read: those they coordinate or facilitate."""
    return programmes_managed_by(user)


def can_see_reports(user):
    return user.is_authenticated and reportable_programmes(user).exists()


def request_may_see_reports(request):
    """``can_see_reports`` for the request's user, asked once per request.

    Each report's menu item asks it (twice: for the Reports menu and for its own
    entry), and a report's ``dispatch``; the answer is kept on the request.
    """
    if not hasattr(request, "_youthcop_may_see_reports"):
        request._youthcop_may_see_reports = can_see_reports(request.user)
    return request._youthcop_may_see_reports


def percent(part, whole):
    return round(100 * part / whole) if whole else None


def _count(queryset, group_by):
    """A subquery counting ``queryset``'s rows for the outer programme (0 when none)."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk", distinct=True)).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# --- Participants by side, signatures, certificates ---------------------------------------


def _participants(side, statuses):
    return Participant.objects.filter(programme=OuterRef("pk"), side=side, status__in=statuses)


def _current_signatures(side):
    latest = CharterVersion.objects.filter(programme=OuterRef(OuterRef("pk"))).order_by("-number").values("pk")[:1]
    return Signature.objects.filter(
        version__programme=OuterRef("pk"),
        version=Subquery(latest),
        participant__side=side,
        participant__status__in=SLOT_HOLDING,
    )


def _certificates(side):
    return Certificate.objects.filter(programme=OuterRef("pk"), revoked_at__isnull=True, participant__side=side)


def programme_figures(programmes):
    """Annotate counts per side on ``programmes``: one query, whatever the number of rows."""
    annotations = {}
    for side in Side.values:
        annotations[f"{side}_in_group"] = _count(_participants(side, SLOT_HOLDING), "programme")
        annotations[f"{side}_waiting"] = _count(_participants(side, [Participant.Status.WAITING]), "programme")
        annotations[f"{side}_withdrawn"] = _count(_participants(side, [Participant.Status.WITHDRAWN]), "programme")
        signed = _current_signatures(side).order_by().values("version__programme")
        annotations[f"{side}_signed"] = Coalesce(
            Subquery(signed.annotate(n=Count("participant", distinct=True)).values("n")[:1], output_field=IntegerField()),
            Value(0),
        )
        annotations[f"{side}_certified"] = _count(_certificates(side), "programme")
    held = Session.objects.filter(programme=OuterRef("pk"), status=Session.Status.HELD)
    annotations["sessions_held"] = _count(held, "programme")
    on_sheets = Attendance.objects.filter(session__programme=OuterRef("pk"), session__status=Session.Status.HELD)
    annotations["attendance_recorded"] = _count(on_sheets, "session__programme")
    annotations["attendance_attended"] = _count(on_sheets.filter(status__in=Attendance.ATTENDED), "session__programme")
    annotations["certificates_revoked"] = _count(
        Certificate.objects.filter(programme=OuterRef("pk"), revoked_at__isnull=False), "programme"
    )
    return programmes.annotate(**annotations)


class SummaryRow(dict):
    """One programme's figures, with the rates computed from them."""

    def __init__(self, programme):
        super().__init__(
            name=programme.name,
            status=programme.get_status_display(),
            start_date=programme.start_date,
            end_date=programme.end_date,
            **{
                f"{side}_{figure}": getattr(programme, f"{side}_{figure}")
                for side in Side.values
                for figure in ("in_group", "waiting", "withdrawn", "signed", "certified")
            },
            sessions_held=programme.sessions_held,
            attendance_rate=percent(programme.attendance_attended, programme.attendance_recorded),
            certificates_revoked=programme.certificates_revoked,
        )
        self["youth_per_officer"] = (
            round(self["youth_in_group"] / self["police_in_group"], 1) if self["police_in_group"] else None
        )
        for side in Side.values:
            self[f"{side}_signed_rate"] = percent(self[f"{side}_signed"], self[f"{side}_in_group"])


# --- Retention over the year ------------------------------------------------------------------


JOINED = {"youthcop.participant.promoted"}
LEFT = {"youthcop.participant.withdrawn", "youthcop.participant.reservation_expired"}


def month_ends(start, end):
    """``[(first day, last day)]`` of each month from ``start`` to ``end``."""
    first_days = rrule(MONTHLY, dtstart=start.replace(day=1), until=end)
    return [(day.date(), day.date() + relativedelta(day=31)) for day in first_days]


def _membership(participants):
    """``{participant id: (joined, left)}`` from the audit log (which outlives anonymisation)."""
    by_id = {p.pk: p for p in participants}
    joined = {}
    left = {}
    entries = AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant),
        participant__in=list(by_id),
        action__in=JOINED | LEFT | {"youthcop.participant.registered"},
    ).order_by("timestamp", "pk")
    for pk, action, timestamp, data in entries.values_list("participant_id", "action", "timestamp", "data"):
        if action in LEFT:
            left.setdefault(pk, timezone.localdate(timestamp))
        elif action in JOINED or (data or {}).get("status") in SLOT_HOLDING:
            joined.setdefault(pk, timezone.localdate(timestamp))
    for pk, participant in by_id.items():
        # Records made without the audit trail (imports): those holding a place joined when registered.
        if pk not in joined and participant.status in SLOT_HOLDING:
            joined[pk] = timezone.localdate(participant.registered_at)
    return {pk: (joined.get(pk), left.get(pk)) for pk in by_id}


def _active_by_month(programmes):
    """``{(programme id, year, month, side): participants who attended at least one held session}``."""
    rows = (
        Attendance.objects.filter(
            session__programme__in=programmes, session__status=Session.Status.HELD, status__in=Attendance.ATTENDED
        )
        .values_list("session__programme_id", "session__starts_at", "participant__side", "participant_id")
        .order_by()
    )
    active = defaultdict(set)
    for programme_id, starts_at, side, participant_id in rows:
        local = timezone.localtime(starts_at)
        active[(programme_id, local.year, local.month, side)].add(participant_id)
    return {key: len(ids) for key, ids in active.items()}


def retention_rows(programmes, today=None):
    """One row per programme and month: the group at the month's end, withdrawals, active participants.

    Three queries, whatever the number of programmes and participants.
    """
    today = today or timezone.localdate()
    programmes = list(programmes)
    participants = list(
        Participant.objects.filter(programme__in=programmes).only("pk", "programme_id", "side", "status", "registered_at")
    )
    membership = _membership(participants)
    active = _active_by_month(programmes)
    by_programme = defaultdict(list)
    for participant in participants:
        by_programme[participant.programme_id].append(participant)
    rows = []
    for programme in programmes:
        first_group = None
        for month_start, month_end in month_ends(programme.start_date, min(programme.end_date, today)):
            row = {"programme": programme.name, "month": f"{month_start:%Y-%m}"}
            for side in Side.values:
                members = [p for p in by_programme[programme.pk] if p.side == side]
                row[f"{side}_in_group"] = sum(
                    1
                    for p in members
                    if (joined := membership[p.pk][0]) and joined <= month_end
                    and not ((left := membership[p.pk][1]) and left <= month_end)
                )
                row[f"{side}_left"] = sum(
                    1 for p in members if (left := membership[p.pk][1]) and month_start <= left <= month_end
                )
                row[f"{side}_active"] = active.get((programme.pk, month_start.year, month_start.month, side), 0)
            in_group = row["youth_in_group"] + row["police_in_group"]
            first_group = first_group or in_group or None
            row["retention"] = percent(in_group, first_group)
            rows.append(row)
    return rows


# --- Attendance per session ----------------------------------------------------------------------


class SessionRow(dict):
    def __init__(self, session):
        super().__init__(
            programme=session.programme.name,
            date=timezone.localtime(session.starts_at).date(),
            kind=session.get_kind_display(),
            title=session.title,
            status=session.get_status_display(),
            on_sheet=session.on_sheet,
            attended=session.attended_count,
            rate=percent(session.attended_count, session.on_sheet),
            youth_attended=session.attended_youth,
            police_attended=session.attended_police,
            ratio_alert=session.ratio_alert,
        )


def held_sessions(programmes):
    """The held sessions of ``programmes``; ``with_attendance_counts`` adds their figures to the rows shown."""
    return Session.objects.filter(programme__in=programmes, status=Session.Status.HELD).select_related("programme")


def with_attendance_counts(sessions):
    """``sessions`` as a list, each with ``on_sheet`` and ``attended_count``: one query, whatever their number.

    ``sessions`` is a page of the report (only its sessions are counted, not every
    session the report could show) or, for an export, the whole queryset.
    """
    if isinstance(sessions, QuerySet) and not sessions.query.is_sliced:
        counted = sessions.order_by().values("pk")  # a subquery: an export may hold more ids than a query's parameters
    else:
        sessions = list(sessions)
        counted = [session.pk for session in sessions]
    counts = {
        row["session_id"]: row
        for row in Attendance.objects.filter(session__in=counted)
        .values("session_id")
        .annotate(on_sheet=Count("pk"), attended=Count("pk", filter=Q(status__in=Attendance.ATTENDED)))
        .order_by()
    }
    sessions = list(sessions)
    for session in sessions:
        row = counts.get(session.pk, {})
        session.on_sheet = row.get("on_sheet", 0)
        session.attended_count = row.get("attended", 0)
    return sessions
