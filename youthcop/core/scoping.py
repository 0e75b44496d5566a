"""Admin views scoped to what a user may see: one view mixin, one lookup, both on the model's permission policy.

Who may take which action on which object is decided by each model's
permission policy (``permissions.py`` of each app, registered with
``wagtail.permissions.register_permission_policy``); this module only applies
it, the same way everywhere:

- ``ScopedViewMixin`` for Wagtail's class-based views — generic and snippet
  views (index, edit, delete, inspect, history, usage, revisions, lock…) and
  chooser views (choose, results, chosen, chosen several) alike;
- ``scoped_object_or_404`` for function views, as ``get_object_or_404``;
- ``scoped(view_class)`` and ``ScopedModelViewSet``, whose every view is scoped.

An object outside the user's scope answers 404, never 403: a refusal does not
tell that the object exists.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.hooks import search_for_hooks
from wagtail.permissions import policy_registry

from .readable import ReadableExportMixin, ReadableInspectMixin
from .search import FoldedSearchMixin

#: A list or a chooser offers the objects the user may view or change (Wagtail lets "change" stand for "view").
LISTED_ACTIONS = ("view", "change")
#: A view of one object is reachable for these, before the view's own action is checked.
OBJECT_ACTIONS = ("view", "change", "delete")


def policy_for(model):
    """The permission policy of ``model``, found as Wagtail's own views find it (model-wide when none is registered)."""
    search_for_hooks()  # the apps register their policies in their wagtail_hooks.py
    return policy_registry.get_by_type(model)


def _queryset(model_or_queryset):
    if isinstance(model_or_queryset, QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()


def visible_to(user, model_or_queryset, actions=LISTED_ACTIONS):
    """The part of ``model_or_queryset`` on which ``user`` may take ``actions`` (one, or any of several)."""
    queryset = _queryset(model_or_queryset)
    actions = [actions] if isinstance(actions, str) else list(actions)
    return queryset & policy_for(queryset.model).instances_user_has_any_permission_for(user, actions)


def scoped_object_or_404(request, model_or_queryset, pk, action="view"):
    """``get_object_or_404`` within the user's scope: the object ``pk``, if ``request.user`` may take ``action`` on it.

    ``action`` is an action of the model's permission policy (or a list: any of them); ``None`` when the queryset
    is already the user's scope by a rule of its own (say, the programmes whose certificates they issue).
    A missing object, another programme's, or a malformed ``pk`` all answer 404.
    """
    queryset = _queryset(model_or_queryset)
    if action is not None:
        queryset = visible_to(request.user, queryset, action)
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, ValidationError):
        raise Http404 from None


class ScopedViewMixin:
    """Scope a Wagtail admin view to the objects the model's permission policy lets the user see.

    - A list (an index's ``get_base_queryset``, a chooser's ``get_object_list``) holds only the objects the user
      may take one of ``listed_actions`` on; a chooser returns only those (``get_objects``).
    - A view of one object (a ``pk`` in its URL) answers 404 before anything else — before Wagtail's own
      model-permission check — unless the user may take one of ``object_actions`` on it; and, where they hold
      the model permission the view requires, unless they may take that action on this very object: a youth
      worker on one programme and facilitator on another edits only the second one's objects. A view that
      checks no model permission itself (a chooser's "chosen") reaches only what it would list.
    """

    listed_actions = LISTED_ACTIONS
    object_actions = OBJECT_ACTIONS

    @property
    def scoped_model(self):
        return getattr(self, "model_class", None) or self.model

    def visible_objects(self, actions=None):
        """The objects of the view's model on which the user may take ``actions`` (by default, the listed ones)."""
        actions = list(actions or self.listed_actions)
        return policy_for(self.scoped_model).instances_user_has_any_permission_for(self.request.user, actions)

    def scopes_to_reach(self):
        """The lists of actions an object must be in the scope of (of any action of each) to be reached here."""
        if not isinstance(self, PermissionCheckedMixin):
            return [self.listed_actions]
        scopes = [self.object_actions]
        action = self.permission_required or "view"
        # Without the model permission at all, Wagtail's own check answers next.
        if policy_for(self.scoped_model).user_has_permission(self.request.user, action):
            scopes.append([action])
        return scopes

    def setup(self, request, *args, **kwargs):
        pk = kwargs.get("pk", args[0] if args else None)
        if pk is not None:
            self.request = request
            pk = unquote(str(pk))
            for actions in self.scopes_to_reach():
                try:
                    reachable = self.visible_objects(actions).filter(pk=pk).exists()
                except (ValueError, ValidationError):
                    reachable = False
                if not reachable:
                    raise Http404
        super().setup(request, *args, **kwargs)

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if not isinstance(self, generic.IndexView):
            return queryset  # a history or usage listing: of log entries and references, its object scoped above
        return queryset & self.visible_objects()

    def get_object_list(self):
        return super().get_object_list() & self.visible_objects()

    def get_objects(self, pks):
        return super().get_objects(pks) & self.visible_objects()


def scoped(view_class, **attrs):
    """``view_class`` with ``ScopedViewMixin`` (and ``attrs``, e.g. ``object_actions``)."""
    return type(f"Scoped{view_class.__name__}", (ScopedViewMixin, view_class), attrs)


class ScopedIndexView(ScopedViewMixin, ReadableExportMixin, FoldedSearchMixin, generic.IndexView):
    """An admin list of the user's objects, searched with the ORM, folding case and accents (core/search.py),
    exported as it reads (core/readable.py)."""


class ScopedInspectView(ScopedViewMixin, ReadableInspectMixin, generic.InspectView):
    """The page of one of the user's objects, its fields as they read (core/readable.py)."""


class ScopedModelViewSet(ModelViewSet):
    """A ``ModelViewSet`` whose every view is scoped by ``ScopedViewMixin``."""

    search_backend_name = None
    index_view_class = ScopedIndexView
    edit_view_class = scoped(generic.EditView)
    delete_view_class = scoped(generic.DeleteView)
    inspect_view_class = ScopedInspectView
    history_view_class = scoped(history.HistoryView)
    usage_view_class = scoped(usage.UsageView)
    copy_view_class = scoped(generic.CopyView)
    copy_view_enabled = False
