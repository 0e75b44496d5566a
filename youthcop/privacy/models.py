"""The audit log of youthcop's objects, and the confidential notes.

**The audit log**: Wagtail's log entries, kept with the programme and person they concern.

``wagtail.log_actions.log(instance, action)`` writes to the log-entry model
registered for the instance's class, as Wagtail keeps pages' entries in
``PageLogEntry``. Every youthcop model is registered with ``AuditLogEntry``
(``wagtail_hooks.register_audit_log``), so object history views, the site
history report and ``log()`` read and write here. Each entry is built with:

- the **programme and participant** it concerns, so that the site history is
  scoped through youthcop's permission policies (README rule 8) and reports
  join on keys;
- a **label without a name**: entries outlive anonymisation, so a personal
  record's label is "<model> #<pk>" (``pseudonymous_label``).
"""

import functools

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager, LogEntryQuerySet
from wagtail.permissions import policy_registry

from youthcop.programmes.models import Participant, Programme
from youthcop.programmes.permissions import (
    ScopedPermissionPolicy,
    listed_together,
    participant_policy,
    programme_policy,
)

# Any of these on a model lets a user read its entries, as Wagtail's own rule for ModelLogEntry.
ANY_ACTION = ["add", "change", "delete", "view"]


# --- What an entry is about ------------------------------------------------------------


def is_audited(model):
    """Whether ``model``'s entries go to ``AuditLogEntry``: youthcop's models, but pages (``PageLogEntry``)."""
    return (
        model._meta.app_label.startswith("youthcop")
        and not issubclass(model, (Page, BaseLogEntry))
        and isinstance(model._meta.pk, (models.AutoField, models.BigAutoField, models.IntegerField))
    )


def _key_to(model, target):
    return next(
        (
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.ForeignKey) and field.related_model is target
        ),
        None,
    )


@functools.cache
def key_fields(model):
    """``(participant field, programme field)`` of ``model`` (either may be ``None``)."""
    return _key_to(model, Participant), _key_to(model, Programme)


def scope_key(model):
    """Which key scopes ``model``'s entries: "participant", "programme", or ``None`` (superusers only)."""
    if model is Participant or key_fields(model)[0]:
        return "participant"
    if model is Programme or key_fields(model)[1]:
        return "programme"
    return None


def keys_for(instance):
    """``(participant id, programme id)`` that ``instance`` concerns."""
    if isinstance(instance, Participant):
        return instance.pk, instance.programme_id
    if isinstance(instance, Programme):
        return None, instance.pk
    participant_field, programme_field = key_fields(type(instance))
    participant_id = getattr(instance, participant_field.attname) if participant_field else None
    programme_id = getattr(instance, programme_field.attname) if programme_field else None
    if programme_id is None and participant_id is not None:
        try:
            programme_id = getattr(instance, participant_field.name).programme_id  # usually cached
        except Participant.DoesNotExist:
            pass
    return participant_id, programme_id


@functools.cache
def personal_models():
    """Participant and every model that points at a participant (in any app)."""
    related = {rel.related_model for rel in Participant._meta.related_objects if rel.one_to_many or rel.one_to_one}
    return {Participant, *related}


def pseudonymous_label(model, pk):
    # Log entries are kept after anonymisation: their label must not be a name.
    return f"{capfirst(model._meta.verbose_name)} #{pk}"


def label_for(instance):
    model = instance._meta.concrete_model
    if model in personal_models():
        return pseudonymous_label(model, instance.pk)
    return str(instance) or f"{type(instance).__name__} object ({instance.pk})"


# --- Who reads which entries ---------------------------------------------------------------


def visible_objects(model, user):
    """A ``Q`` on entries of ``model``: those of the objects ``user`` may see, through the permission policies.

    A model with a youthcop policy (``register_permission_policy``) is read
    through it; any other follows its participant, else its programme; an
    object of neither is for superusers only (fail closed).
    """
    policy = policy_registry.get_by_type(model, fallback=False)
    if isinstance(policy, ScopedPermissionPolicy):
        visible = policy.instances_user_has_any_permission_for(user, ANY_ACTION)
        return Q(object_id__in=visible.order_by().values("pk"))
    key = scope_key(model)
    if key == "participant":
        visible = participant_policy.instances_user_has_any_permission_for(user, ANY_ACTION)
        return Q(participant__in=visible.order_by().values("pk"))
    if key == "programme":
        visible = programme_policy.instances_user_has_any_permission_for(user, ANY_ACTION)
        return Q(programme__in=visible.order_by().values("pk"))
    return Q(pk__in=[])


class AuditLogEntryQuerySet(LogEntryQuerySet):
    def with_instances(self):
        """Wagtail's ``(entry, instance)`` pairs, the instances marked as shown together.

        The site history checks each row's edit link on the object's policy: so
        marked, it costs one query per model on the page, not one per row.
        """
        pairs = list(super().with_instances())
        listed_together([instance for _entry, instance in pairs if instance is not None])
        return iter(pairs)


class AuditLogEntryManager(BaseLogEntryManager):
    def get_queryset(self):
        return AuditLogEntryQuerySet(self.model, using=self._db)

    def build(self, instance, action, *, user=None, uuid=None, timestamp=None, data=None, **kwargs):
        """An unsaved entry for ``action`` on ``instance``: keys filled, label without a name."""
        if instance.pk is None:
            raise ValueError(f"Attempted to log an action for object {instance!r} with empty primary key")
        kwargs.pop("title", None)  # the label is ours to choose: never a name
        participant_id, programme_id = keys_for(instance)
        return self.model(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=instance.pk,
            participant_id=participant_id,
            programme_id=programme_id,
            label=label_for(instance),
            action=action,
            timestamp=timestamp or timezone.now(),
            user=user,
            uuid=uuid,
            data=data or {},
            **kwargs,
        )

    def log_action(self, instance, action, **kwargs):
        entry = self.build(instance, action, **kwargs)
        entry.save()
        return entry

    def log_many(self, instances, action, *, user=None, data=None):
        """One entry per instance, written in one query whatever their number (exports, downloads, reads).

        ``data`` is the same dict for every entry, or a function of the
        instance. ``instances`` should have their participant loaded
        (``select_related``) when they have no programme of their own.
        """
        if not log_registry.action_exists(action):
            raise ValueError(f"The log action {action!r} has not been registered.")
        context = get_active_log_context()
        now, user = timezone.now(), user or context.user
        entries = [
            self.build(
                instance, action, user=user, uuid=context.uuid, timestamp=now, data=data(instance) if callable(data) else data
            )
            for instance in instances
        ]
        return self.bulk_create(entries) if entries else []

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False), object_id=instance.pk
        )

    def _readable_content_type_ids(self, user):
        """Wagtail's rule: the content types on which ``user`` holds any permission.

        Cached under a name of its own: ``BaseLogEntryManager`` caches its set on the user
        for whichever log model asks first, computed from that model's entries only.
        """
        if not hasattr(user, "_youthcop_audit_content_type_ids"):
            used = self.values_list("content_type_id", flat=True).distinct()
            readable = set()
            for permission in Permission.objects.filter(content_type_id__in=used).select_related("content_type"):
                if permission.content_type_id not in readable and user.has_perm(
                    f"{permission.content_type.app_label}.{permission.codename}"
                ):
                    readable.add(permission.content_type_id)
            user._youthcop_audit_content_type_ids = readable
        return user._youthcop_audit_content_type_ids

    def viewable_by_user(self, user):
        """Entries of the objects ``user`` may see (README rule 8): Wagtail's content-type rule, then each model's policy."""
        if user.is_superuser:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        # Called several times per request (list and filters): build the filter once per user.
        if not hasattr(user, "_youthcop_audit_scope"):
            scope = Q(pk__in=[])
            for content_type_id in sorted(self._readable_content_type_ids(user)):
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                if model is not None:
                    scope |= Q(content_type_id=content_type_id) & visible_objects(model, user)
            user._youthcop_audit_scope = scope
        return self.filter(user._youthcop_audit_scope)


class AuditLogEntry(BaseLogEntry):
    """An action on a youthcop object, with who did it and when; ``programme`` and ``participant`` say whose.

    The keys are neither cascaded nor constrained (as Wagtail's ``user`` and
    ``revision``): entries outlive an anonymised participant, and deleting an
    object without history is not refused because of its entries, which keep
    its id.
    """

    object_id = models.BigIntegerField(_("object id"), db_index=True)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participant"),
    )

    objects = AuditLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")
        indexes = [
            models.Index(fields=["uuid", "action", "-timestamp"], name="youthcop_audit_uuid_action"),
            models.Index(fields=["content_type", "object_id"], name="youthcop_audit_object"),
        ]

    def __str__(self):
        return f"AuditLogEntry {self.pk}: '{self.action}' on '{self.object_verbose_name}' with id {self.object_id}"


class AdvisorNote(models.Model):
    """A confidential advisor's private note about a participant of their group.

    Only the advisors of the participant's side in the participant's programme
    read them (``notes.notes_visible_to``); each read is written to the audit
    log. Anonymisation deletes them.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="advisor_notes", verbose_name=_("participant")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        # Append-only: no change or delete permission to hand out.
        default_permissions = ("add", "view")
        verbose_name = _("confidential note")
        verbose_name_plural = _("confidential notes")

    def __str__(self):
        # No name: log entries store str(instance) as their label.
        return _("Confidential note %(pk)s") % {"pk": self.pk}
