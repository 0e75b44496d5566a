from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChartersConfig(AppConfig):
    name = "youthcop.charters"
    label = "youthcop_charters"
    verbose_name = _("Youth programmes: charters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from . import signals  # noqa: F401  (keeps the programme page's cached sections fresh)
