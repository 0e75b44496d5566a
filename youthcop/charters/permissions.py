"""Who may draft, adopt and follow which charter: the staff who manage its programme."""

from youthcop.programmes.permissions import ScopedPermissionPolicy, programmes_managed_by

from .models import Charter, Proposal


def _managed_programme_scope(user, queryset):
    return queryset.filter(programme__in=programmes_managed_by(user).values("pk"))


charter_policy = ScopedPermissionPolicy(Charter, _managed_programme_scope)
proposal_policy = ScopedPermissionPolicy(Proposal, _managed_programme_scope)
