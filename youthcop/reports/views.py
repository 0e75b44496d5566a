"""The anonymous reports in the admin: Wagtail ``ReportView``s of ``figures``, and their menu items.

Each report lists the programmes the user coordinates or facilitates (all for
superusers), per programme (filter) or across them, and exports to CSV and
XLSX. Access is checked in ``dispatch``: hiding a menu item is not access control.
"""

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports import ReportView

from youthcop.programmes.models import Programme
from youthcop.sessions.models import Session

from .figures import (
    SessionRow,
    SummaryRow,
    held_sessions,
    programme_figures,
    reportable_programmes,
    request_may_see_reports,
    retention_rows,
    with_attendance_counts,
)

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


class FigureColumn(Column):
    """A figure as people read it: "—" when there is none (a rate of nothing), "Yes"/"No" for a flag."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return "—"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return value


class MonthColumn(Column):
    """A month ("2026-10" in the rows and exports) in the language's YEAR_MONTH_FORMAT: "October 2026"."""

    def get_value(self, instance):
        value = super().get_value(instance)
        year, month = map(int, value.split("-"))
        return formats.date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")


def figure_columns(headings):
    return [
        (MonthColumn if key == "month" else FigureColumn)(key, label=label, accessor=key) for key, label in headings.items()
    ]


class YouthcopReportView(ReportView):
    """Reports on the programmes the user runs; refused to everybody else."""

    template_name = "youthcop/reports/report.html"
    header_icon = "table"
    paginate_by = 50
    intro = ""
    # Flags in CSV as words, like on screen (XLSX keeps its TRUE/FALSE cells).
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        bool: {SpreadsheetExportMixin.FORMAT_CSV: lambda value: str(_("Yes") if value else _("No"))},
    }

    def dispatch(self, request, *args, **kwargs):
        if not request_may_see_reports(request):
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
        # Wagtail calls this after get_context_data, whose table needs the rows: they are made there.
        return object_list


# --- Participants by side, signatures, certificates ---------------------------------------


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
    columns = figure_columns({key: label for key, label in SUMMARY_HEADINGS.items() if key not in (
        "start_date", "youth_waiting", "police_waiting", "youth_signed", "police_signed")})

    def get_queryset(self):
        self.queryset = programme_figures(self.programmes()).order_by("-start_date", "name")
        return super().get_queryset()

    def rows(self, programmes):
        return [SummaryRow(programme) for programme in programmes]


# --- Retention over the year ------------------------------------------------------------------


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
    columns = figure_columns(RETENTION_HEADINGS)
    paginate_by = 10  # programmes per page; each gives a row per month

    def get_queryset(self):
        self.queryset = self.programmes().order_by("-start_date", "name")
        return super().get_queryset()

    def rows(self, programmes):
        return retention_rows(programmes)


# --- Attendance per session ----------------------------------------------------------------------


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
    columns = figure_columns(SESSION_HEADINGS)

    def get_queryset(self):
        self.queryset = held_sessions(self.programmes()).order_by("-starts_at", "pk")
        return super().get_queryset()

    def rows(self, sessions):
        return [SessionRow(session) for session in with_attendance_counts(sessions)]


# --- Menu -----------------------------------------------------------------------------------------------


class YouthcopReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request_may_see_reports(request)


REPORTS = [
    ("summary", ProgrammeSummaryReport, _("Youth programmes"), "group"),
    ("retention", RetentionReport, _("Youth programmes: retention"), "history"),
    ("attendance", SessionAttendanceReport, _("Youth programmes: attendance"), "tick-inverse"),
]


def report_urlpatterns():
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
