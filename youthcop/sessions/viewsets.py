"""Wagtail admin for sessions: list, plan, edit, attendance, printouts, calendars.

Every view is scoped on the server: viewing follows ``programmes_visible_to``,
everything else ``programmes_managed_by`` (see ``permissions.py``). An object
outside the user's scope answers 404.
"""

import django_filters
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton, MenuItem
from wagtail.log_actions import log

from youthcop.programmes.permissions import all_as_seen_by, programmes_managed_by
from youthcop.core.scoping import ScopedIndexView, ScopedInspectView, ScopedModelViewSet, scoped
from youthcop.core.sections import hook_sections
from youthcop.programmes.viewsets import programme_filter

from . import admin_views, services
from .forms import SessionForm
from .models import Attendance, Session
from .permissions import session_policy
from .services.figures import add_attendance_figures


class SessionFilterSet(WagtailFilterSet):
    programme = programme_filter()
    when = django_filters.ChoiceFilter(
        label=_("when"),
        choices=[("coming", _("Coming")), ("past", _("Past"))],
        method="filter_when",
        empty_label=_("All"),
    )

    class Meta:
        model = Session
        fields = ["programme", "kind", "status"]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "coming":
            return queryset.filter(ends_at__gte=now)
        if value == "past":
            return queryset.filter(ends_at__lt=now)
        return queryset


def local_start(session):
    return formats.date_format(timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT")


def attendance_cell(session):
    if not session.takes_attendance:
        return "—"
    if not session.recorded:
        return _t("not taken")
    return _t("%(attended)s of %(recorded)s (%(percent)s %%)") % {
        "attended": session.attended_count,
        "recorded": session.recorded,
        "percent": round(100 * services.session_attendance_rate(session)),
    }


def attendance_is_open(session):
    try:
        services.check_attendance_open(session)
    except services.AttendanceNotOpen:
        return False
    return True


def ratio_cell(session):
    if not session.ratio_alert:
        return ""
    return _t("⚠ %(youth)s:%(police)s") % {"youth": session.attended_youth, "police": session.attended_police}


class SessionIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme")

    def get_table(self, object_list):
        # Attendance is counted for the page shown, not for every session the list could show;
        # the export's columns hold none of it.
        if not self.is_export:
            object_list = add_attendance_figures(object_list)
        return super().get_table(object_list)

    @cached_property
    def managed_programme_ids(self):
        return set(programmes_managed_by(self.request.user).values_list("pk", flat=True))

    def can_manage(self, instance):
        return self.user_has_permission("change") and instance.programme_id in self.managed_programme_ids

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if self.can_manage(instance) else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if self.can_manage(instance) else None

    def get_copy_url(self, instance):
        return None

    @cached_property
    def columns(self):
        columns = super().columns
        # The title opens the session page (attendance, sheet, edit, cancel), for viewers and managers alike.
        columns[0]._get_url_func = self.get_inspect_url
        return columns

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        url = lambda name: reverse(f"youthcop_admin_sessions:{name}", args=[instance.pk])  # noqa: E731
        buttons.append(MenuItem(_("Session page"), url=url("inspect"), icon_name="info-circle", priority=5))
        if self.can_manage(instance) and instance.takes_attendance and instance.status != Session.Status.CANCELLED:
            if attendance_is_open(instance):
                buttons.append(MenuItem(_("Take attendance"), url=url("attendance"), icon_name="tick", priority=6))
            buttons.append(MenuItem(_("Printable sheet (PDF)"), url=url("sheet_pdf"), icon_name="doc-full", priority=7))
        if self.can_manage(instance) and instance.status not in (Session.Status.CANCELLED, Session.Status.HELD):
            buttons.append(MenuItem(_("Move"), url=url("move"), icon_name="date", priority=8))
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        buttons.append(
            HeaderButton(
                _("Sessions per programme"), url=reverse("youthcop_admin_sessions:programmes"), icon_name="group"
            )
        )
        return buttons


class SessionCreateView(generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        if programme := self.request.GET.get("programme"):
            initial["programme"] = programme
        return initial


class SessionEditView(scoped(generic.EditView)):
    """Edits go through ``services.save_session_changes``: moves and cancellations notify participants.

    An edit that would email participants first shows the notice and who will
    not get it; saving again (``notice_confirmed``) sends it.
    """

    template_name = "youthcop_sessions/admin/session_edit.html"
    notice_preview = None

    def form_valid(self, form):
        if not self.request.POST.get("notice_confirmed"):
            before = Session.objects.get(pk=self.object.pk)
            change = services.change_to_announce(before, form.instance)
            if change:
                self.notice_preview = admin_views.notice_preview(self.request, form.instance, change)
                return self.render_to_response(self.get_context_data(form=form))
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.notice_preview:
            context.update(self.notice_preview, notice_preview=True)
        return context

    def save_instance(self):
        before = Session.objects.get(pk=self.object.pk)
        session = self.form.save(commit=False)
        services.save_session_changes(session, before=before, by=self.request.user)
        self.form.save_m2m()
        log(session, "wagtail.edit", user=self.request.user, content_changed=True)
        return session


class SessionInspectView(ScopedInspectView):
    template_name = "youthcop_sessions/admin/session_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        user = self.request.user
        can_manage = session_policy.user_has_permission_for_instance(user, "change", session)
        rows = all_as_seen_by(user, services.sheet_participants(session, user=user)) if session.takes_attendance else []
        labels = dict(Attendance.Status.choices)
        flagged = set(session.absence_flags.filter(resolved_at__isnull=True).values_list("participant_id", flat=True))
        for row in rows:
            row.mark_label = labels.get(row.mark)
            row.absence_flag = row.pk in flagged
        attended = sum(1 for row in rows if row.mark in services.ATTENDED)
        context.update(
            session=session,
            can_manage=can_manage,
            attendance_open=can_manage and attendance_is_open(session),
            rows=rows,
            marked=sum(1 for row in rows if row.mark),
            attended=attended,
            # No meal at a cancelled session.
            dietary=services.dietary_counts(session)
            if session.shared_meal and session.status != Session.Status.CANCELLED
            else None,
            # From the rows this user sees: an advisor's "3 of 3 attended" is 100 %, whatever the whole session's rate.
            rate_percent=round(100 * attended / len(rows)) if rows else None,
            starts=timezone.localtime(session.starts_at),
            ends=timezone.localtime(session.ends_at),
            facilitators=session.facilitators.all(),
            overview_url=reverse("youthcop_admin_sessions:programme", args=[session.programme_id]),
            sections=hook_sections("youthcop_session_admin_sections", self.request, session),
        )
        return context


session_panels = ObjectList(
    [
        FieldRowPanel([FieldPanel("programme"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("title"), FieldPanel("theme")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("venue_directions"),
                FieldPanel("venue_accessibility"),
            ],
            heading=_("Venue"),
        ),
        MultiFieldPanel(
            [FieldPanel("activities"), FieldPanel("activity_notes"), FieldPanel("shared_meal")],
            heading=_("Activities"),
        ),
        FieldPanel("facilitators"),
        FieldPanel("status"),
        FieldPanel("facilitator_notes"),
    ],
    base_form_class=SessionForm,
)


class SessionViewSet(ScopedModelViewSet):
    model = Session
    permission_policy = session_policy
    edit_handler = session_panels
    icon = "date"
    menu_label = _("Sessions")
    menu_order = 150
    add_to_admin_menu = False
    url_prefix = "youthcop/sessions"
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    inspect_view_class = SessionInspectView
    delete_view_class = scoped(generic.DeleteView)
    inspect_view_enabled = True
    filterset_class = SessionFilterSet
    list_per_page = 50
    ordering = ["starts_at"]
    list_display = [
        "title",
        Column("programme", label=_("Programme"), accessor="programme"),
        "kind",
        Column("starts_at", label=_("Starts at"), accessor=local_start, sort_key="starts_at"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("attendance", label=_("Attendance"), accessor=attendance_cell),
        Column("ratio_alert", label=_("Ratio"), accessor=ratio_cell),
    ]
    search_fields = ["title", "theme", "venue_name"]
    list_export = [
        "programme",
        "kind",
        "title",
        "theme",
        "starts_at",
        "ends_at",
        "status",
        "venue_name",
        "shared_meal",
        "attended_youth",
        "attended_police",
        "ratio_alert",
    ]
    export_filename = "sessions"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("attendance/<int:pk>/", admin_views.attendance_sheet, name="attendance"),
            path("attendance/<int:pk>/pdf/", admin_views.attendance_sheet_pdf, name="sheet_pdf"),
            path("cancel/<int:pk>/", admin_views.cancel, name="cancel"),
            path("move/<int:pk>/", admin_views.move, name="move"),
            path("programmes/", admin_views.programme_list, name="programmes"),
            path("programme/<int:pk>/", admin_views.programme_overview, name="programme"),
            path("programme/<int:pk>/plan/", admin_views.plan_schedule, name="plan"),
            path("programme/<int:pk>/calendar/", admin_views.staff_calendar, name="calendar"),
            path("programme/<int:pk>/sessions-calendar/", admin_views.programme_calendar, name="programme_calendar"),
            path("flag/<int:pk>/resolve/", admin_views.resolve_flag, name="resolve_flag"),
        ]


session_viewset = SessionViewSet("youthcop_admin_sessions")
