from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "youthcop.programmes"
    label = "youthcop_programmes"
    verbose_name = _("Youth programmes: programmes")
    default_auto_field = "django.db.models.BigAutoField"
