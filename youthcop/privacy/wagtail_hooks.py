from django.apps import apps
from wagtail import hooks

from .models import AuditLogEntry, is_audited


@hooks.register("register_log_actions")
def register_audit_log(actions):
    """youthcop's objects log to ``AuditLogEntry``: ``log()``, history views and the site history use it."""
    for model in apps.get_models():
        if is_audited(model):
            actions.register_model(model, AuditLogEntry)
