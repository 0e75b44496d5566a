from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisorsConfig(AppConfig):
    """Private messages between a participant and the confidential advisor of their side."""

    name = "youthcop.advisors"
    label = "youthcop_advisors"
    verbose_name = _("Youth programmes: confidential advisors")
    default_auto_field = "django.db.models.BigAutoField"
