from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """Before/after evaluation: questionnaires answered under a pseudonym, results shown only as aggregates."""

    name = "youthcop.evaluation"
    label = "youthcop_evaluation"
    verbose_name = _("Youth programmes: evaluation")
    default_auto_field = "django.db.models.BigAutoField"
