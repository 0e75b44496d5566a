"""Anonymous reports for funders and evaluators: Wagtail ``ReportView``s.

Figures only — never a name: participants by side, charter signatures and
certificates per programme; the group month by month; attendance per
session. Each report lists the programmes the user coordinates or
facilitates (all for superusers), per programme (filter) or across them, and
exports to CSV and XLSX. Access is checked in ``dispatch``: hiding a menu
item is not access control.

The umbrella app may read every sub-app, so this module lives here.
"""

import datetime
from collections import defaultdict

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from youthcop.certificates.models import Certificate
from youthcop.charters.models import CharterVersion, Signature
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes.models import Participant, Programme, Side
from youthcop.programmes.permissions import programmes_managed_by
from youthcop.sessions.models import Attendance, Session

SLOT_HOLDING = Participant.SLOT_HOLDING


def reportable_programmes(user):
    """Programmes whose anonymous figures ``user`` may read: those they coordinate or facilitate."""
    return programmes_managed_by(user)


def can_see_reports(user):
    return user.is_authenticated and reportable_programmes(user).exists()


def percent(part, whole):
    return round(100 * part / whole) if whole else None


def _count(queryset, group_by):
    """A subquery counting ``queryset``'s rows for the outer programme (0 when none)."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk", distinct=True)).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class ProgrammeFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        empty_label=_("All my programmes"),
        method="filter_programme",
        queryset=lambda request: reportable_programmes(request.user),
    )

    def filter_programme(self, queryset, name, value):
        field = "pk" if queryset.model is Programme else "programme"
        return queryset.filter(**{field: value.pk}) if value else queryset


class ProgrammeStatusFilterSet(ProgrammeFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Programme.Status.choices)

    class Meta:
        model = Programme
        fields = ["programme", "status"]


class SessionFilterSet(ProgrammeFilterSet):
    class Meta:
        model = Session
        fields = ["programme"]


class YouthcopReportView(ReportView):
    """Reports on the programmes the user runs; refused to everybody else."""

    template_name = "youthcop/reports/report.html"
    header_icon = "table"
    paginate_by = 50
    intro = ""

    def dispatch(self, request, *args, **kwargs):
        if not can_see_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def programmes(self):
        return reportable_programmes(self.request.user)

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y-%m-%d}"

    def rows(self, objects):
        """The report's rows (dicts) for a page of ``objects``: figures computed in bulk."""
        return list(objects)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Rows replace the objects before the table is built, for the page and the export alike.
        context["object_list"] = self.rows(context["object_list"])
        context["table"] = self.get_table(context["object_list"])
        context["intro"] = self.intro
        return context

    def decorate_paginated_queryset(self, object_list):
        return object_list  # already rows: see get_context_data


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


SUMMARY_HEADINGS = {
    "name": _("Programme"),
    "status": _("Status"),
    "start_date": _("Start"),
    "end_date": _("End"),
    "youth_in_group": _("Young people in the group"),
    "police_in_group": _("Officers in the group"),
    "youth_per_officer": _("Young people per officer"),
    "youth_waiting": _("Young people waiting"),
    "police_waiting": _("Officers waiting"),
    "youth_withdrawn": _("Young people withdrawn"),
    "police_withdrawn": _("Officers withdrawn"),
    "sessions_held": _("Sessions held"),
    "attendance_rate": _("Attendance (%)"),
    "youth_signed": _("Young people who signed the charter"),
    "youth_signed_rate": _("Young people who signed (%)"),
    "police_signed": _("Officers who signed the charter"),
    "police_signed_rate": _("Officers who signed (%)"),
    "youth_certified": _("Certificates, young people"),
    "police_certified": _("Certificates, officers"),
    "certificates_revoked": _("Certificates revoked"),
}


class ProgrammeSummaryReport(YouthcopReportView):
    page_title = _("Youth programmes: participants, charter, certificates")
    intro = _(
        "Anonymous figures per programme: the group by side, the waiting list and withdrawals, "
        "attendance at held sessions, signatures of the current charter version and valid certificates."
    )
    index_url_name = "youthcop_reports:summary"
    index_results_url_name = "youthcop_reports:summary_results"
    filterset_class = ProgrammeStatusFilterSet
    export_filename = "youth-programmes-summary"
    list_export = list(SUMMARY_HEADINGS)
    export_headings = SUMMARY_HEADINGS
    columns = [Column(key, label=label, accessor=key) for key, label in SUMMARY_HEADINGS.items() if key not in (
        "start_date", "youth_waiting", "police_waiting", "youth_signed", "police_signed")]

    def get_queryset(self):
        self.queryset = programme_figures(self.programmes()).order_by("-start_date", "name")
        return super().get_queryset()

    def rows(self, programmes):
        return [SummaryRow(programme) for programme in programmes]


# --- Retention over the year ------------------------------------------------------------------


JOINED = {"youthcop.participant.promoted"}
LEFT = {"youthcop.participant.withdrawn", "youthcop.participant.reservation_expired"}


def month_ends(start, end):
    """``[(first day, last day)]`` of each month from ``start`` to ``end``."""
    months = []
    day = start.replace(day=1)
    while day <= end:
        following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        months.append((day, following - datetime.timedelta(days=1)))
        day = following
    return months


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


RETENTION_HEADINGS = {
    "programme": _("Programme"),
    "month": _("Month"),
    "youth_in_group": _("Young people in the group at the month's end"),
    "police_in_group": _("Officers in the group at the month's end"),
    "youth_left": _("Young people who left"),
    "police_left": _("Officers who left"),
    "youth_active": _("Young people who attended"),
    "police_active": _("Officers who attended"),
    "retention": _("Group kept since the first month (%)"),
}


class RetentionReport(YouthcopReportView):
    page_title = _("Youth programmes: retention over the year")
    intro = _(
        "Month by month: who is in the group at the month's end, who left during the month, and who "
        "attended at least one held session. Anonymous figures."
    )
    index_url_name = "youthcop_reports:retention"
    index_results_url_name = "youthcop_reports:retention_results"
    filterset_class = ProgrammeStatusFilterSet
    export_filename = "youth-programmes-retention"
    list_export = list(RETENTION_HEADINGS)
    export_headings = RETENTION_HEADINGS
    columns = [Column(key, label=label, accessor=key) for key, label in RETENTION_HEADINGS.items()]
    paginate_by = 10  # programmes per page; each gives a row per month

    def get_queryset(self):
        self.queryset = self.programmes().order_by("-start_date", "name")
        return super().get_queryset()

    def rows(self, programmes):
        return retention_rows(programmes)


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


SESSION_HEADINGS = {
    "programme": _("Programme"),
    "date": _("Date"),
    "kind": _("Kind"),
    "title": _("Session"),
    "status": _("Status"),
    "on_sheet": _("Expected"),
    "attended": _("Attended"),
    "rate": _("Attendance (%)"),
    "youth_attended": _("Young people attended"),
    "police_attended": _("Officers attended"),
    "ratio_alert": _("Ratio out of balance"),
}


class SessionAttendanceReport(YouthcopReportView):
    page_title = _("Youth programmes: attendance per session")
    intro = _("Held sessions and their attendance rate: present or late over the people on the sheet.")
    index_url_name = "youthcop_reports:attendance"
    index_results_url_name = "youthcop_reports:attendance_results"
    filterset_class = SessionFilterSet
    export_filename = "youth-programmes-attendance"
    list_export = list(SESSION_HEADINGS)
    export_headings = SESSION_HEADINGS
    columns = [Column(key, label=label, accessor=key) for key, label in SESSION_HEADINGS.items()]

    def get_queryset(self):
        self.queryset = (
            Session.objects.filter(programme__in=self.programmes(), status=Session.Status.HELD)
            .select_related("programme")
            .annotate(
                on_sheet=Count("attendance", distinct=True),
                attended_count=Count(
                    "attendance", filter=Q(attendance__status__in=Attendance.ATTENDED), distinct=True
                ),
            )
            .order_by("-starts_at", "pk")
        )
        return super().get_queryset()

    def rows(self, sessions):
        return [SessionRow(session) for session in sessions]


# --- Menu -----------------------------------------------------------------------------------------------


class YouthcopReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_reports(request.user)


REPORTS = [
    ("summary", ProgrammeSummaryReport, _("Youth programmes"), "group"),
    ("retention", RetentionReport, _("Youth programmes: retention"), "history"),
    ("attendance", SessionAttendanceReport, _("Youth programmes: attendance"), "tick-inverse"),
]


def report_urlpatterns():
    from django.urls import path

    patterns = []
    for name, view_class, _label, _icon in REPORTS:
        patterns.append(path(f"{name}/", view_class.as_view(), name=name))
        patterns.append(path(f"{name}/results/", view_class.as_view(results_only=True), name=f"{name}_results"))
    return patterns


def menu_item_hooks():
    """Functions for the ``register_reports_menu_item`` hook, one per report."""

    def hook(index, name, label, icon):
        return lambda: YouthcopReportMenuItem(
            label, reverse(f"youthcop_reports:{name}"), name=f"youthcop-{name}", icon_name=icon, order=2000 + index
        )

    return [hook(index, name, label, icon) for index, (name, _view, label, icon) in enumerate(REPORTS)]
