"""One "Youth programmes" menu group for every part of the plugin."""

from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from youthcop.reports.dashboard import role_panels
from youthcop.reports.views import menu_item_hooks, report_urlpatterns
from youthcop.certificates.viewsets import certificate_viewset
from youthcop.charters.viewsets import charter_viewset, proposal_viewset
from youthcop.evaluation.viewsets import questionnaire_viewset
from youthcop.privacy.views import privacy_viewset
from youthcop.programmes.viewsets import organisation_viewset, participant_viewset, programme_viewset
from youthcop.sessions.viewsets import session_viewset


class YouthProgrammesGroup(ViewSetGroup):
    menu_label = _("Youth programmes")
    menu_icon = "group"
    menu_order = 250
    items = (
        programme_viewset,
        participant_viewset,
        session_viewset,
        charter_viewset,
        proposal_viewset,
        certificate_viewset,
        questionnaire_viewset,
        organisation_viewset,
        privacy_viewset,
    )


@hooks.register("register_admin_viewset")
def register_youth_programmes():
    return YouthProgrammesGroup()


@hooks.register("insert_global_admin_css")
def youthcop_admin_css():
    """The few layout classes youthcop's admin templates use instead of style attributes (CSP)."""
    return format_html(
        '<link rel="stylesheet" href="{}"><link rel="stylesheet" href="{}">',
        static("youthcop/admin.css"),
        static("youthcop/css/overview.css"),  # the programme overview's cards and the SVG charts
    )


# --- Anonymous reports (youthcop/reports/) -----------------------------------------------


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("youthcop/reports/", include((report_urlpatterns(), "youthcop_reports")))]


for _menu_item in menu_item_hooks():  # one hook per report: each returns one menu item
    hooks.register("register_reports_menu_item", _menu_item)


# --- Each role's jobs on the dashboard (youthcop/reports/dashboard.py) --------------------


@hooks.register("construct_homepage_panels")
def add_role_panels(request, panels):
    panels.extend(role_panels(request))
