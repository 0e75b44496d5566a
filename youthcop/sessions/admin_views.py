"""Admin pages of sessions beyond the viewset's: attendance sheet, PDF, cancel and move
(with the notice's preview), planning the year, the per-programme overview and
calendar, staff calendar feeds, flags.

Each looks its object up with ``scoped_object_or_404``, through the permission
policies, so anything outside the user's scope answers 404.
"""

import calendar
import copy
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
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
from .forms import CancelForm, MoveForm, ResolveFlagForm, YearPlanner
from .models import Attendance, Session, SessionKind
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


def notice_preview(request, session, change):
    """The notice ``change`` sends about ``session`` as emailed (site language), and who it reaches or not."""
    audience = services.notice_audience(session)
    subject, body = services.render_notice(session, change)
    told = session.takes_attendance and session.starts_at > timezone.now()
    return {
        "notice_subject": subject,
        "notice_body": body,
        "notice_sent": told,
        "recipient_count": len(audience.recipients) if told else 0,
        # Names as this user may see them (README rule 8).
        "participants_told": len(audience.participants),
        "guardians": [as_seen_by(request.user, recipient.participant) for recipient in audience.guardians],
        "without_email": [
            (as_seen_by(request.user, participant), participant.is_minor and bool(participant.guardian_email))
            for participant in audience.without_email
        ],
    }


@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    """Cancel a session after seeing the notice participants (and guardians of minors) will get, and who will not."""
    session = scoped_object_or_404(request, Session.objects.select_related("programme"), pk, "change")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cancel_session(session, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The session is cancelled; the participants are told by email."))
        return redirect(_session_url(session))
    cancelled = copy.copy(session)
    cancelled.status = Session.Status.CANCELLED
    return TemplateResponse(
        request,
        "youthcop_sessions/admin/cancel.html",
        {
            "session": session,
            "form": form,
            **notice_preview(request, cancelled, "cancelled"),
            "header_title": _("Cancel %(title)s") % {"title": session.title},
        },
    )


@require_http_methods(["GET", "POST"])
def move(request, pk):
    """Move a session: the new date and time, a preview of the notice and who it reaches, then confirm."""
    session = scoped_object_or_404(request, Session.objects.select_related("programme"), pk, "change")
    if session.status in (Session.Status.CANCELLED, Session.Status.HELD):
        messages.error(request, _("A held or cancelled session cannot be moved."))
        return redirect(_session_url(session))
    form = MoveForm(request.POST or None, session=session)
    context = {}
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") == "move":
            data = form.cleaned_data
            services.move_session(
                session,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                by=request.user,
                venue_name=data["venue_name"],
                venue_address=data["venue_address"],
            )
            messages.success(request, _("The session is moved; the participants are told by email."))
            month = timezone.localtime(session.starts_at, services.site_zone()).strftime("%Y-%m")
            return redirect(_calendar_url(session.programme_id) + f"?month={month}")
        context = notice_preview(request, form.moved_copy(), "moved")
    return TemplateResponse(
        request,
        "youthcop_sessions/admin/move.html",
        {
            "session": session,
            "form": form,
            "starts": timezone.localtime(session.starts_at, services.site_zone()),
            "ends": timezone.localtime(session.ends_at, services.site_zone()),
            "calendar_url": _calendar_url(session.programme_id),
            **context,
            "header_title": _("Move %(title)s") % {"title": session.title},
        },
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
    """Plan the year in one pass: one section per kind of session, a preview of every date, then create."""
    programme = scoped_object_or_404(request, programmes_whose_sessions(request.user, "change"), pk, action=None)
    planner = YearPlanner(programme, request.POST or None)
    previews = None
    if request.method == "POST" and planner.is_valid():
        rules = planner.rules()
        if request.POST.get("confirm") == "create":
            created = services.create_plan(programme, rules, by=request.user, facilitators=planner.facilitators)
            messages.success(request, _("%(n)s sessions created.") % {"n": len(created)})
            return redirect(reverse("youthcop_admin_sessions:programme_calendar", args=[programme.pk]) + "?view=list")
        previews = services.preview_plan(programme, rules)
    return TemplateResponse(
        request,
        "youthcop_sessions/admin/plan.html",
        {
            "programme": programme,
            "planner": planner,
            "previews": previews,
            "new_count": sum(len(preview.new) for preview in previews or []),
            "site_zone": services.site_zone(),  # the times typed are the site's, whatever the user's zone
            "header_title": _("Plan the year of %(programme)s") % {"programme": programme},
        },
    )


def _calendar_url(programme_id):
    return reverse("youthcop_admin_sessions:programme_calendar", args=[programme_id])


def _month_shown(request, programme, today):
    """The month asked for (``?month=YYYY-MM``), else this month held within the programme's dates."""
    try:
        asked = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        asked = None
    if asked and 1900 < asked.year < 2200:
        return asked
    day = today
    if day < programme.start_date:
        day = programme.start_date
    elif programme.end_date and day > programme.end_date:
        day = programme.end_date
    return day.replace(day=1)


def _wants_list(request):
    """The list on phones unless asked otherwise (``?view=month`` or ``?view=list``)."""
    asked = request.GET.get("view")
    if asked in ("month", "list"):
        return asked == "list"
    return "Mobi" in request.headers.get("User-Agent", "")


def programme_calendar(request, pk):
    """A programme's sessions as a month grid or a list (phones), each one movable by those who manage them."""
    programme = scoped_object_or_404(request, programmes_whose_sessions(request.user), pk, action=None)
    zone = services.site_zone()
    today = timezone.localdate(timezone=zone)
    sessions = programme.sessions.order_by("starts_at", "pk")
    as_list = _wants_list(request)
    month = _month_shown(request, programme, today)
    weeks = []
    if not as_list:
        first_weekday = int(formats.get_format("FIRST_DAY_OF_WEEK"))
        grid = calendar.Calendar(firstweekday=(first_weekday - 1) % 7).monthdatescalendar(month.year, month.month)
        sessions = sessions.filter(
            starts_at__gte=services.local_datetime(grid[0][0], datetime.time.min),
            starts_at__lt=services.local_datetime(grid[-1][-1] + datetime.timedelta(days=1), datetime.time.min),
        )
    sessions = list(sessions)
    by_day = {}
    for session in sessions:
        session.local_starts = timezone.localtime(session.starts_at, zone)
        session.local_ends = timezone.localtime(session.ends_at, zone)
        session.is_cancelled = session.status == Session.Status.CANCELLED
        session.movable = session.status not in (Session.Status.CANCELLED, Session.Status.HELD)
        by_day.setdefault(session.local_starts.date(), []).append(session)
    if not as_list:
        weeks = [[(day, by_day.get(day, [])) for day in week] for week in grid]
    months = {}
    for session in sessions:
        months.setdefault(session.local_starts.date().replace(day=1), []).append(session)
    can_manage = programmes_whose_sessions(request.user, "change").filter(pk=programme.pk).exists()
    return TemplateResponse(
        request,
        "youthcop_sessions/admin/programme_calendar.html",
        {
            "programme": programme,
            "as_list": as_list,
            "month": month,
            "previous_month": (month - datetime.timedelta(days=1)).strftime("%Y-%m"),
            "next_month": (month + datetime.timedelta(days=32)).strftime("%Y-%m"),
            "this_month": today.strftime("%Y-%m"),
            "weeks": weeks,
            "weekday_names": [day for day, _sessions in weeks[0]] if weeks else [],
            "months": sorted(months.items()),
            "today": today,
            "kinds": SessionKind.choices,
            "can_manage": can_manage,
            "site_zone": zone,
            "header_title": _("Calendar of %(programme)s") % {"programme": programme},
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
