"""Who may see and run sessions: built on ``youthcop.programmes.permissions``.

Facilitators and coordinators of a programme manage its sessions and
attendance; anyone else on its staff (youth workers, advisors) may view them.
"""

from youthcop.programmes.models import Programme
from youthcop.programmes.permissions import ScopedPermissionPolicy, programmes_managed_by, programmes_visible_to

from .models import Session

VIEW_ONLY = {"view"}


def sessions_visible_to(user, queryset=None):
    queryset = Session.objects.all() if queryset is None else queryset
    return queryset.filter(programme__in=programmes_visible_to(user))


def sessions_managed_by(user, queryset=None):
    queryset = Session.objects.all() if queryset is None else queryset
    return queryset.filter(programme__in=programmes_managed_by(user))


class SessionPermissionPolicy(ScopedPermissionPolicy):
    """Viewing is scoped to the user's programmes; every other action to those they manage."""

    def __init__(self):
        super().__init__(Session, sessions_visible_to)

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = {action for action in actions if self.user_has_permission(user, action)}
        if not allowed:
            return Session.objects.none()
        if allowed & VIEW_ONLY:
            return sessions_visible_to(user)
        return sessions_managed_by(user)


session_policy = SessionPermissionPolicy()


def programmes_whose_sessions(user, action="view"):
    """The programmes whose sessions ``user`` may ``view`` (any role on it) or otherwise run (a managing role)."""
    if not session_policy.user_has_permission(user, action):
        return Programme.objects.none()
    return programmes_visible_to(user) if action in VIEW_ONLY else programmes_managed_by(user)
