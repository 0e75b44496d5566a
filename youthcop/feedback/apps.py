from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Participants' say on the year: session ratings, "I can't come", themes proposed for coming workshops."""

    name = "youthcop.feedback"
    label = "youthcop_feedback"
    verbose_name = _("Youth programmes: feedback")
    default_auto_field = "django.db.models.BigAutoField"
