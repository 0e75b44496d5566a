from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from youthcop.core.sections import fresh_until
from youthcop.sessions import services as session_services
from youthcop.programmes.wording import Wording

from . import services
from .charts import line_chart
from .models import COMMENT_LENGTH, Score

LOG_ACTIONS = {
    "youthcop.attendance.excused_in_advance": (_("Say in advance they cannot come"), _("Excused in advance")),
    "youthcop.attendance.excuse_withdrawn": (_("Take back an excuse"), _("Can come after all")),
}


@hooks.register("register_log_actions")
def register_feedback_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("insert_global_admin_css")
def feedback_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("youthcop_feedback/admin.css"))


@hooks.register("youthcop_participant_sections")
def participant_feedback(request, participant, token):
    """Joint workshops the participant can rate now (one tap), and those whose answers closed lately."""
    workshops, changes_at = services.rating_card(participant)
    fresh_until(request, changes_at)  # the personal page's cached copy
    language = request.GET.get("lang")
    wording = Wording(participant.programme)  # the request speaks the participant's language
    for item in workshops:
        item.session = wording.session(item.session)
        item.url = reverse("youthcop_feedback:rate", args=[token, item.session.pk])
        if language:
            item.url += "?" + urlencode({"lang": language})
    return render_to_string(
        "youthcop_feedback/public/section.html",
        {
            "workshops": workshops,
            "scores": Score.choices,
            "comment_length": COMMENT_LENGTH,
            "minimum": services.MINIMUM_ANSWERS,
            "days": services.RATING_DAYS,
        },
        request=request,
    )


@hooks.register("youthcop_session_admin_sections")
def session_feedback_section(request, session):
    """A joint workshop's ratings per side, without names, for those who run its programme."""
    if not services.is_rated_kind(session) or not services.may_see_feedback(request.user, session.programme):
        return ""
    now = timezone.now()
    over = session.ends_at <= now
    return render_to_string(
        "youthcop_feedback/admin/session_section.html",
        {
            "over": over,
            "is_open": over and now <= services.rating_closes_at(session),
            "closes_at": services.rating_closes_at(session),
            "sides": services.session_feedback(session) if over else [],
            "minimum": services.MINIMUM_ANSWERS,
            "days": services.RATING_DAYS,
        },
        request=request,
    )


@hooks.register("youthcop_programme_admin_sections")
def programme_feedback_section(request, programme):
    """The year's workshops: each side's mean rating (withheld under the threshold) and its trend."""
    if not services.may_see_feedback(request.user, programme):
        return ""
    trend = services.programme_trend(programme)
    sides = services.SIDES
    for row in trend:
        row.cells = [row.means[side] for side, _label in sides]
    chart = None
    if any(value is not None for row in trend for value in row.cells):
        zone = session_services.site_zone()
        chart = line_chart(
            "feedback",
            _("Mean rating per joint workshop, by side (1 to 5)"),
            [(side, label) for side, label in sides],
            [(formats.date_format(timezone.localtime(row.session.starts_at, zone), "j M"), row.cells) for row in trend],
            category_label=_("Workshop"),
            withheld_label=_("A gap: too few answers"),
        )
    return render_to_string(
        "youthcop_feedback/admin/programme_section.html", {"trend": trend, "chart": chart}, request=request
    )


@hooks.register("youthcop_export_participant")
def export_participant(participant):
    return {"session_ratings": services.export_participant_ratings(participant)}


@hooks.register("youthcop_anonymise_participant")
def anonymise_participant(participant):
    return services.anonymise_participant_ratings(participant)


@hooks.register("youthcop_processing_register")
def feedback_processing_register():
    return [
        {
            "data": _("Ratings of joint workshops (one of five answers) and an optional line of comment"),
            "purpose": _("Let participants say how the workshops go; facilitators improve the next ones"),
            "basis": _("Consent"),
            "retention": _("The link to the person and the comments removed on anonymisation; the scores stay, without a name"),
            "access": _(
                "The participant; the programme's facilitators and coordinators see only counts per side and the "
                "comments, without names, and nothing when fewer than five people of a side answered"
            ),
        },
        {
            "data": _("“I can't come”: an excuse given in advance from the personal page"),
            "purpose": _("Tell the facilitators who will be missing; attendance"),
            "basis": _("Consent"),
            "retention": _("As attendance"),
            "access": _("The session's facilitators (emailed), and whoever sees the attendance"),
        },
    ]
