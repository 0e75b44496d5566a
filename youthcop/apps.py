from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


class YouthcopConfig(AppConfig):
    """Umbrella app: holds the shared locale, templates and static files."""

    name = "youthcop"
    label = "youthcop"
    verbose_name = _("Youth programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .core import cache

        # Each request reads the cache through its own memo (see youthcop.core.cache).
        request_started.connect(cache.request_started, dispatch_uid="youthcop_cache_request_started")
        request_finished.connect(cache.request_finished, dispatch_uid="youthcop_cache_request_finished")
