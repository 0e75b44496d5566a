"""Wagtail's site history, narrowed to the youthcop objects a user may see.

Wagtail's site history report (``/admin/reports/site-history/``) lists the
entries of every registered log-entry model through
``<model>.objects.viewable_by_user(user)``. For ``ModelLogEntry`` that is a
rule by content type: whoever holds any permission on Participant sees every
participant's entries ("Participant #12", what was done, by which member of
staff), whatever programme or organisation the person belongs to — which
breaks README rule 8.

Here the site history reads ``ModelLogEntry`` through a manager whose
``viewable_by_user`` keeps Wagtail's content-type rule and, for youthcop
models, keeps only the entries of objects the model's permission policy
(``register_permission_policy``) lets the user see. Nothing is written
differently and no history is rewritten: the same rows, read through a
narrower filter. Models without a youthcop policy are scoped through their
``programme`` or ``participant``; anything else of ours is hidden from
everyone but superusers (fail closed).

Wagtail has no public way to replace the log-entry model the report reads
(``register_model`` only adds one, and ``ModelLogEntry`` is registered by
Wagtail itself for every model), so ``install`` swaps it in the registry's
set of log-entry models. ``tests/privacy/test_site_history.py`` fails if a
Wagtail upgrade changes that.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.models import ModelLogEntry
from wagtail.models.audit_log import ModelLogEntryManager
from wagtail.permissions import policy_registry

from .permissions import ScopedPermissionPolicy, participant_policy, programme_policy

ANY_ACTION = ["add", "change", "delete", "view"]


def youthcop_models():
    return [model for model in apps.get_models() if model._meta.app_label.startswith("youthcop")]


def _field_to(model, target):
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is target:
            return field.name
    return None


def visible_instances(model, user):
    """The instances of youthcop ``model`` whose history ``user`` may read."""
    policy = policy_registry.get_by_type(model, fallback=False)
    if isinstance(policy, ScopedPermissionPolicy):
        return policy.instances_user_has_any_permission_for(user, ANY_ACTION)
    # No policy of its own: as visible as the programme or participant it belongs to.
    from .models import Participant, Programme

    for target, target_policy in ((Participant, participant_policy), (Programme, programme_policy)):
        if field := _field_to(model, target):
            visible = target_policy.instances_user_has_any_permission_for(user, ANY_ACTION)
            return model._default_manager.filter(**{f"{field}__in": visible.values("pk")})
    return model._default_manager.none()


def youthcop_history_filter(user, content_type_ids):
    """A Q that keeps non-youthcop entries, and youthcop entries of objects ``user`` may see."""
    ours = ContentType.objects.get_for_models(*youthcop_models())
    keep = ~Q(content_type_id__in=[content_type.pk for content_type in ours.values()])
    for model, content_type in ours.items():
        if content_type.pk not in content_type_ids:
            continue  # Wagtail's content-type rule already hides it
        pks = visible_instances(model, user).order_by().annotate(_object_id=Cast("pk", CharField()))
        keep |= Q(content_type_id=content_type.pk, object_id__in=pks.values("_object_id"))
    return keep


class ScopedModelLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        entries = super().viewable_by_user(user)
        if user.is_superuser:
            return entries
        # Called several times per request (list and filters): build the filter once per user.
        if not hasattr(user, "_youthcop_history_filter"):
            user._youthcop_history_filter = youthcop_history_filter(user, user._allowed_content_type_ids)
        return entries.filter(user._youthcop_history_filter)


def _scoped_manager():
    manager = ScopedModelLogEntryManager()
    manager.model = ModelLogEntry
    manager.name = "objects"
    return manager


class ScopedModelLogEntries:
    """Stands for ``ModelLogEntry`` in the site history report: same rows, narrower ``viewable_by_user``."""

    objects = _scoped_manager()


def install(actions):
    """``register_log_actions`` hook (run after Wagtail's own): the report reads ModelLogEntry through the scope."""
    if ModelLogEntry in actions.log_entry_models:
        actions.log_entry_models.discard(ModelLogEntry)
        actions.log_entry_models.add(ScopedModelLogEntries)
