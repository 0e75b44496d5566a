"""Admin pages of sessions beyond the viewset's: attendance sheet, PDF, cancel,
planning the year, the per-programme overview, staff calendar feeds, flags.

Each looks its object up with ``scoped_object_or_404``, through the permission
policies, so anything outside the user's scope answers 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.log_actions import log

from youthcop.core.pdf import render_template_to_pdf
from youthcop.core.scoping import scoped_object_or_404
from youthcop.programmes.permissions import (
    all_as_seen_by,
    as_seen_by,
    participants_of_as_seen_by,
    participants_visible_to,
    programmes_visible_to,
)

from . import services
from .forms import CancelForm, ResolveFlagForm, ScheduleForm
from .models import Attendance, Session
from .permissions import programmes_whose_sessions, session_policy


def _session_url(session):
    return reverse("youthcop_admin_sessions:inspect", args=[session.pk])


# --- Attendance -------------------------------------------------------------------


def _marks_from(post, rows):
    marks, notes = {}, {}
    for row in rows:
        marks[row.pk] = post.get(f"mark-{row.pk}") or None
        notes[row.pk] = post.get(f"note-{row.pk}", "").strip()
    return marks, notes


@require_http_methods(["GET", "POST"])
def attendance_sheet(request, pk):
    """One tap per person, saved in one request: made for a tablet in the room."""
    session = scoped_object_or_404(request, Session.objects.select_related("programme"), pk, "change")
    try:
        services.check_attendance_open(session)
    except services.AttendanceNotOpen as closed:
        messages.error(request, str(closed))
        return redirect(_session_url(session))
    rows = all_as_seen_by(request.user, services.sheet_participants(session))  # README rule 8
    if request.method == "POST":
        marks, notes = _marks_from(request.POST, rows)
        if request.POST.get("prefill") == "present":
            # Fill the sheet without saving: the facilitator then taps the exceptions.
            for row in rows:
                row.mark = marks[row.pk] or Attendance.Status.PRESENT
                row.note = notes[row.pk]
        else:
            result = services.record_attendance(session, marks, by=request.user, notes=notes)
            messages.success(request, result.message)
            if result.ratio_alert:
                messages.warning(
                    request,
                    _("%(youth)s young people for %(police)s officers attended: outside the programme's ratio.")
                    % {"youth": session.attended_youth, "police": session.attended_police},
                )
            if result.flagged:
                messages.warning(
                    request,
                    _("Two unexcused absences in a row, their youth worker is told: %(names)s.")
                    % {"names": ", ".join(as_seen_by(request.user, p).full_name for p in result.flagged)},
                )
            return redirect(_session_url(session))
    return TemplateResponse(
        request,
        "youthcop_sessions/admin/attendance_sheet.html",
        {
            "session": session,
            "rows": rows,
            "choices": Attendance.Status.choices,
            "starts": timezone.localtime(session.starts_at),
            "unmarked": sum(1 for row in rows if not row.mark),
            "header_title": _("Attendance: %(title)s") % {"title": session.title},
        },
    )


def attendance_sheet_pdf(request, pk):
    """A printable attendance sheet for sessions held without a tablet."""
    session = scoped_object_or_404(request, Session.objects.select_related("programme"), pk, "change")
    rows = all_as_seen_by(request.user, services.sheet_participants(session))  # README rule 8
    starts = timezone.localtime(session.starts_at, services.site_zone())
    pdf = render_template_to_pdf(
        "youthcop_sessions/pdf/attendance_sheet.html",
        {
            "session": session,
            "programme": session.programme,
            "rows": rows,
            "starts": starts,
            "ends": timezone.localtime(session.ends_at, services.site_zone()),
            "choices": Attendance.Status.choices,
            "dietary": services.dietary_counts(session) if session.shared_meal else None,
        },
    )
    # The sheet prints names: who took it, when, and whose names, in the session's history.
    log(
        session,
        "youthcop.personal_data.downloaded",
        user=request.user,
        data={"document": "attendance_sheet", "participants": [row.pk for row in rows]},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="attendance-{starts:%Y-%m-%d}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    session = scoped_object_or_404(request, Session.objects.select_related("programme"), pk, "change")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cancel_session(session, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The session is cancelled; the participants are told by email."))
        return redirect(_session_url(session))
    return TemplateResponse(
        request,
        "youthcop_sessions/admin/cancel.html",
        {"session": session, "form": form, "header_title": _("Cancel %(title)s") % {"title": session}},
    )


# --- Programmes ---------------------------------------------------------------------


def programme_list(request):
    if not session_policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    programmes = (
        programmes_visible_to(request.user)
        .annotate(
            planned=Count("sessions", filter=~Q(sessions__status=Session.Status.CANCELLED)),
            held=Count("sessions", filter=Q(sessions__status=Session.Status.HELD)),
            alerts=Count("sessions", filter=Q(sessions__ratio_alert=True)),
        )
        .select_related("police_zone")
    )
    return TemplateResponse(
        request,
        "youthcop_sessions/admin/programme_list.html",
        {"programmes": programmes, "header_title": _("Sessions per programme")},
    )


def programme_overview(request, pk):
    """A programme's sessions with status and attendance, its ratio alerts, and attendance per participant."""
    programme = scoped_object_or_404(request, programmes_whose_sessions(request.user), pk, action=None)
    sessions = services.with_attendance_figures(programme.sessions.all()).prefetch_related("facilitators")
    summary = services.attendance_summary(programme)
    participants = participants_visible_to(request.user, programme.participants.all()).order_by(
        "-side", "last_name", "first_name"
    )
    people = [(participant, summary.get(participant.pk)) for participant in all_as_seen_by(request.user, participants)]
    flags = participants_of_as_seen_by(
        request.user, services.open_absence_flags_visible_to(request.user).filter(session__programme=programme)
    )
    planned, held = services.programme_session_counts(programme)
    can_manage = programmes_whose_sessions(request.user, "change").filter(pk=programme.pk).exists()
    return TemplateResponse(
        request,
        "youthcop_sessions/admin/programme_overview.html",
        {
            "programme": programme,
            "sessions": sessions,
            "people": people,
            "flags": flags,
            "planned": planned,
            "held": held,
            "ratio_alerts": [session for session in sessions if session.ratio_alert],
            "can_manage": can_manage,
            "threshold": programme.certificate_threshold,
            "header_title": _("Sessions of %(programme)s") % {"programme": programme},
        },
    )


@require_http_methods(["GET", "POST"])
def plan_schedule(request, pk):
    """Plan many sessions in one step: preview the dates, then create them."""
    programme = scoped_object_or_404(request, programmes_whose_sessions(request.user, "change"), pk, action=None)
    form = ScheduleForm(request.POST or None, programme=programme)
    preview = None
    if request.method == "POST" and form.is_valid():
        rule = form.rule()
        if request.POST.get("confirm") == "create":
            created = services.create_schedule(
                programme, rule, by=request.user, facilitators=form.cleaned_data["facilitators"]
            )
            messages.success(request, _("%(n)s sessions created.") % {"n": len(created)})
            return redirect(reverse("youthcop_admin_sessions:programme", args=[programme.pk]))
        preview = services.preview_schedule(programme, rule)
    return TemplateResponse(
        request,
        "youthcop_sessions/admin/plan.html",
        {
            "programme": programme,
            "form": form,
            "preview": preview,
            "site_zone": services.site_zone(),  # the times typed are the site's, whatever the user's zone
            "header_title": _("Plan sessions of %(programme)s") % {"programme": programme},
        },
    )


@require_http_methods(["GET", "POST"])
def staff_calendar(request, pk):
    """A staff member's secret calendar URL for a programme, shown once when issued."""
    programme = scoped_object_or_404(request, programmes_whose_sessions(request.user), pk, action=None)
    context = {"programme": programme, "header_title": _("Calendar of %(programme)s") % {"programme": programme}}
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_staff_feed(programme, request.user)
            messages.success(request, _("Your calendar link no longer works."))
            return redirect(request.path)
        token = services.issue_staff_feed(programme, request.user)
        url = request.build_absolute_uri(reverse("youthcop_sessions:staff_feed", args=[token]))
        context.update(url=url, webcal_url="webcal://" + url.split("://", 1)[1])
    context["has_live_feed"] = programme.calendar_feeds.filter(user=request.user, revoked_at__isnull=True).exists()
    return TemplateResponse(request, "youthcop_sessions/admin/calendar.html", context)


@require_POST
def resolve_flag(request, pk):
    flag = scoped_object_or_404(request, services.open_absence_flags_visible_to(request.user), pk, action=None)
    form = ResolveFlagForm(request.POST)
    form.is_valid()
    services.resolve_absence_flag(flag, by=request.user, note=form.cleaned_data.get("note", ""))
    messages.success(request, _("Marked as handled: %(name)s.") % {"name": as_seen_by(request.user, flag.participant).full_name})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    return redirect(next_url)
