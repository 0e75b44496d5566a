from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from youthcop.core.charts import Series, stacked_bar_chart
from youthcop.core.sections import fresh_until
from youthcop.programmes.models import Side
from youthcop.programmes.views import reader_wording

from . import services
from .models import Session
from .permissions import programmes_whose_sessions, session_policy
from .viewsets import attendance_is_open

register_permission_policy(Session, session_policy)

LOG_ACTIONS = {
    "youthcop.schedule.generated": (_("Plan sessions"), _("Sessions planned")),
    "youthcop.session.moved": (_("Move session"), _("Session moved")),
    "youthcop.session.cancelled": (_("Cancel session"), _("Session cancelled")),
    "youthcop.attendance.recorded": (_("Record attendance"), _("Attendance recorded")),
    "youthcop.absence.flagged": (_("Flag absences"), _("Two unexcused absences in a row")),
    "youthcop.absence.resolved": (_("Handle absence flag"), _("Absence flag handled")),
    "youthcop.calendar_feed.issued": (_("Issue calendar link"), _("Calendar link issued")),
    "youthcop.calendar_feed.revoked": (_("Revoke calendar link"), _("Calendar link revoked")),
}


@hooks.register("register_log_actions")
def register_session_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("youthcop_participant_sections")
def participant_next_sessions(request, participant, token):
    """The participant's next sessions and a link to add them all to a calendar."""
    if not services.takes_part(participant):
        return ""
    now = timezone.now()
    sessions = services.next_sessions_for(participant, now)
    for session in sessions:  # the list changes when one ends; its "I can't come" goes when it starts
        fresh_until(request, session.starts_at if session.starts_at > now else session.ends_at)
    feed_path = reverse("youthcop_sessions:participant_feed", args=[token])
    feed_url = request.build_absolute_uri(feed_path)
    return render_to_string(
        "youthcop_sessions/public/participant_sessions.html",
        {
            "participant": participant,
            "sessions": reader_wording(request, participant.programme).sessions(sessions),  # in their language
            "token": token,  # the feedback app's "I can't come" buttons
            "excused": {session.pk for session in sessions if session.is_excused},
            "now": now,
            "feed_url": feed_path,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        },
        request=request,
    )


@hooks.register("youthcop_programme_page_sections")
def programme_page_sessions(request, programme):
    """Sessions planned and held, and the next date, for the public programme page. No personal data."""
    planned, held = services.programme_session_counts(programme)
    upcoming = services.next_session(programme)
    if upcoming is not None:
        fresh_until(request, upcoming.starts_at)  # then another session is next
    return render_to_string(
        "youthcop_sessions/public/programme_sessions.html",
        {"planned": planned, "held": held, "next_session": upcoming},
        request=request,
    )


@hooks.register("youthcop_export_participant")
def export_participant(participant):
    return {
        "sessions": services.export_participant_sessions(participant),
        "absence_flags": services.export_participant_absence_flags(participant),
        "session_reminders": services.export_participant_reminders(participant),
    }


@hooks.register("youthcop_anonymise_participant")
def anonymise_participant(participant):
    return services.anonymise_participant_sessions(participant)


@hooks.register("youthcop_programme_admin_sections")
def programme_admin_section(request, programme):
    """The programme overview's sessions: the next one (take attendance), what is left to do, attendance by side."""
    user = request.user
    manages = programmes_whose_sessions(user, "change").filter(pk=programme.pk).exists()
    planned, held = services.programme_session_counts(programme)
    upcoming = services.current_or_next_session(programme)
    sessions = list(services.sheet_sessions(programme))
    # Sheets that can be taken now and were not, the latest first (the next session has its own button).
    awaiting = [s for s in reversed(sessions) if not s.attendance_taken_at and s != upcoming and attendance_is_open(s)]
    return render_to_string(
        "youthcop_sessions/admin/programme_section.html",
        {
            "planned": planned,
            "held": held,
            "next_session": upcoming,
            "now": timezone.now(),
            "take_attendance": manages and upcoming is not None and attendance_is_open(upcoming),
            "awaiting": awaiting,
            "manages": manages,
            "ratio_alerts": services.programme_ratio_alerts(programme).count(),
            "absence_flags": services.open_absence_flags_visible_to(user).filter(session__programme=programme).count(),
            "chart": attendance_chart(sessions),
            "overview_url": reverse("youthcop_admin_sessions:programme", args=[programme.pk]),
            "sessions_url": reverse("youthcop_admin_sessions:index") + f"?programme={programme.pk}",
        },
        request=request,
    )


def attendance_chart(sessions):
    """Attended per session and side over the year; sessions whose attendance is not taken yet as stubs."""
    if not sessions:
        return None
    rows = [
        (
            formats.date_format(timezone.localtime(session.starts_at, services.site_zone()), "j M"),
            (session.attended_youth, session.attended_police) if session.attendance_taken_at else None,
        )
        for session in sessions
    ]
    return stacked_bar_chart(
        "attendance",
        _("Attendance per session, by side"),
        [Series(Side.YOUTH, _("Young people")), Series(Side.POLICE, _("Police officers"))],
        rows,
        category_label=_("Session"),
        pending_label=_("Attendance not taken yet"),
    )


@hooks.register("youthcop_programme_admin_buttons")
def programme_admin_buttons(request, programme):
    """The programme overview's buttons: plan the year (for those who run its sessions), its calendar."""
    buttons = []
    if programmes_whose_sessions(request.user, "change").filter(pk=programme.pk).exists():
        url = reverse("youthcop_admin_sessions:plan", args=[programme.pk])
        buttons.append(Button(_("Plan the year"), url=url, icon_name="date", priority=40))
    if session_policy.user_has_permission(request.user, "view"):
        url = reverse("youthcop_admin_sessions:programme_calendar", args=[programme.pk])
        buttons.append(Button(_("Calendar"), url=url, icon_name="calendar", priority=50))
    return buttons


@hooks.register("youthcop_processing_register")
def sessions_processing_register():
    """What this app holds about participants, for the privacy app's register of processing."""
    return [
        {
            "data": _("Attendance (present, late, excused, absent)"),
            "purpose": _("Follow-up by the youth worker, certificate eligibility, anonymous reports"),
            "basis": _("Consent"),
            "retention": _("Kept without name after anonymisation, for anonymous statistics"),
            "access": _("The programme's facilitators and coordinators; the participant's youth worker"),
        },
        {
            "data": _("Absence flags and the follow-up note"),
            "purpose": _("Tell the youth worker after two unexcused absences in a row"),
            "basis": _("Consent"),
            "retention": _("Notes removed on anonymisation; the flag stays, without a name"),
            "access": _("Those who follow the participant: their youth worker, the programme's facilitators and coordinators, the advisor of their group"),
        },
    ]
