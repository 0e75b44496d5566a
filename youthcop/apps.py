from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


# Written on reads too (an export is logged), and shown on no personal page.
NOT_ON_PERSONAL_PAGES = {"youthcop_privacy.AuditLogEntry"}


class YouthcopConfig(AppConfig):
    """Umbrella app: holds the shared locale, templates and static files."""

    name = "youthcop"
    label = "youthcop"
    verbose_name = _("Youth programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from django.apps import apps
        from django.contrib.auth import get_user_model

        from .core import cache, writes

        # Each request reads the cache through its own memo (see youthcop.core.cache).
        request_started.connect(cache.request_started, dispatch_uid="youthcop_cache_request_started")
        request_finished.connect(cache.request_finished, dispatch_uid="youthcop_cache_request_finished")

        # Personal pages' copies expire with any write to youthcop's data (see youthcop.core.writes).
        writes.watch_tables(
            [
                model._meta.db_table
                for config in apps.get_app_configs()
                if config.name == "youthcop" or config.name.startswith("youthcop.")
                for model in config.get_models(include_auto_created=True)
                if model._meta.label not in NOT_ON_PERSONAL_PAGES
            ]
            + [get_user_model()._meta.db_table]
        )
        writes.connect()
