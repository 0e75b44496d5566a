from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data: the audit log of youthcop's objects, subject access, erasure, retention."""

    name = "youthcop.privacy"
    label = "youthcop_privacy"
    verbose_name = _("Youth programmes: personal data")
    default_auto_field = "django.db.models.BigAutoField"
