from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import admin_views, services, views

LOG_ACTIONS = {
    "youthcop.evaluation.round_opened": (_("Open an evaluation round"), _("Evaluation round opened")),
    "youthcop.evaluation.round_closed": (_("Close an evaluation round"), _("Evaluation round closed")),
    "youthcop.evaluation.questionnaire_chosen": (_("Choose the evaluation questionnaire"), _("Evaluation questionnaire chosen")),
}


@hooks.register("register_log_actions")
def register_evaluation_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_evaluation_admin_urls():
    urls = [
        path("<int:programme_pk>/", admin_views.rounds, name="rounds"),
        path("<int:programme_pk>/results/", admin_views.results, name="results"),
        path("<int:programme_pk>/results.pdf", admin_views.results_pdf, name="results_pdf"),
    ]
    return [path("youthcop/evaluation/", include((urls, "youthcop_evaluation_admin")))]


@hooks.register("insert_global_admin_css")
def evaluation_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("youthcop_evaluation/admin.css"))


@hooks.register("youthcop_participant_sections")
def evaluation_participant_section(request, participant, token):
    return views.participant_section(request, participant, token)


@hooks.register("youthcop_programme_admin_sections")
def evaluation_programme_admin_section(request, programme):
    return admin_views.programme_admin_section(request, programme)


@hooks.register("youthcop_session_reminder_context")
def evaluation_reminder_context(session, participant):
    """While a round is open, the session reminder carries the link to the questionnaire."""
    return {"questionnaire_url": views.reminder_questionnaire_url(participant)}


@hooks.register("youthcop_export_participant")
def export_evaluation_data(participant):
    return services.export_participant(participant)


@hooks.register("youthcop_anonymise_participant")
def anonymise_evaluation_data(participant):
    services.anonymise_participant(participant)


@hooks.register("youthcop_processing_register")
def evaluation_processing_register():
    return [
        {
            "data": _("Evaluation questionnaire answers, under a random pseudonym"),
            "purpose": _("Learn whether the programme builds trust, before and after"),
            "basis": _("Consent"),
            "retention": _("Deleted with the pseudonym when the participant is anonymised or erased"),
            "access": _(
                "Nobody sees an answer with a name; the programme's coordinators and facilitators see totals of "
                "five answers or more"
            ),
        }
    ]
