from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from youthcop.core.sections import programme_sections_fresh_until

from . import services
from .models import Session
from .permissions import session_policy

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
    sessions = list(
        services.sessions_expected_for(participant)
        .filter(ends_at__gte=timezone.now())
        .exclude(status=Session.Status.HELD)
        .order_by("starts_at")[:4]
    )
    feed_path = reverse("youthcop_sessions:participant_feed", args=[token])
    feed_url = request.build_absolute_uri(feed_path)
    return render_to_string(
        "youthcop_sessions/public/participant_sessions.html",
        {
            "participant": participant,
            "sessions": sessions,
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
        programme_sections_fresh_until(request, upcoming.starts_at)  # then another session is next
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
    planned, held = services.programme_session_counts(programme)
    return render_to_string(
        "youthcop_sessions/admin/programme_section.html",
        {
            "planned": planned,
            "held": held,
            "next_session": services.next_session(programme),
            "ratio_alerts": services.programme_ratio_alerts(programme).count(),
            "absence_flags": services.open_absence_flags_visible_to(request.user)
            .filter(session__programme=programme)
            .count(),
            "overview_url": reverse("youthcop_admin_sessions:programme", args=[programme.pk]),
            "sessions_url": reverse("youthcop_admin_sessions:index") + f"?programme={programme.pk}",
        },
        request=request,
    )


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
