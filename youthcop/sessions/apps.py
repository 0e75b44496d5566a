from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    name = "youthcop.sessions"
    label = "youthcop_sessions"
    verbose_name = _("Youth programmes: sessions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  (keeps the programme page's cached sections fresh)
