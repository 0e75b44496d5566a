"""One "Youth programmes" menu group for every part of the plugin."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from youthcop.programmes.viewsets import organisation_viewset, participant_viewset, programme_viewset


class YouthProgrammesGroup(ViewSetGroup):
    menu_label = _("Youth programmes")
    menu_icon = "group"
    menu_order = 250
    items = (programme_viewset, participant_viewset, organisation_viewset)


@hooks.register("register_admin_viewset")
def register_youth_programmes():
    return YouthProgrammesGroup()
