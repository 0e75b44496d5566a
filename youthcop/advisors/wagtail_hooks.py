from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls, services, theme_views, views

LOG_ACTIONS = {
    # The entries say that a message went one way or the other, never what it says.
    "youthcop.advisor.message_sent": (_("Write to the confidential advisor"), _("Message sent to the confidential advisor")),
    "youthcop.advisor.message_answered": (_("Answer as confidential advisor"), _("Confidential advisor answered")),
    "youthcop.advisor.message_read": (_("Read a message as confidential advisor"), _("Message read by the confidential advisor")),
    "youthcop.theme.chosen": (_("Choose a workshop theme"), _("Proposed theme chosen for a session")),
}


@hooks.register("register_log_actions")
def register_advisor_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_advisor_admin_urls():
    return [path("youthcop/advisor/", include((admin_urls.urlpatterns, "youthcop_advisors_admin")))]


class AdvisorInboxMenuItem(MenuItem):
    def is_shown(self, request):
        return services.is_advisor(request.user)


@hooks.register("register_admin_menu_item")
def register_advisor_inbox_menu_item():
    return AdvisorInboxMenuItem(
        _("Advisor messages"), reverse("youthcop_advisors_admin:inbox"), name="youthcop-advisor-messages", icon_name="mail", order=260
    )


@hooks.register("youthcop_participant_sections")
def advisor_participant_section(request, participant, token):
    return views.participant_section(request, participant, token)


@hooks.register("youthcop_participant_sections")
def themes_participant_section(request, participant, token):
    return theme_views.participant_section(request, participant, token)


@hooks.register("youthcop_programme_admin_sections")
def themes_programme_admin_section(request, programme):
    return theme_views.programme_admin_section(request, programme)


@hooks.register("youthcop_export_participant")
def export_advisor_messages(participant):
    return services.export_participant(participant)


@hooks.register("youthcop_anonymise_participant")
def anonymise_advisor_messages(participant):
    services.anonymise_participant(participant)


@hooks.register("youthcop_processing_register")
def advisors_processing_register():
    return [
        {
            "data": _("Messages between a participant and their confidential advisor"),
            "purpose": _("Let participants reach the confidential advisor of their own group in private"),
            "basis": _("Consent"),
            "retention": _("Deleted when the participant is anonymised or erased"),
            "access": _(
                "The participant and the confidential advisor of their group in that programme only; "
                "emails and the audit log never hold the text"
            ),
        }
    ]
