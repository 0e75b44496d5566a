from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YouthcopConfig(AppConfig):
    """Umbrella app: holds the shared locale, templates and static files."""

    name = "youthcop"
    label = "youthcop"
    verbose_name = _("Youth programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
