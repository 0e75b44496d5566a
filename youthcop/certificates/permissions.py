"""Who sees and runs certificates, built on ``youthcop.programmes.permissions``.

Anyone who may see a participant may see their certificate (youth workers
follow their young people); issuing, deciding by hand and revoking are for
the coordinators and facilitators of the programme, with the matching
permission.
"""

from django.db.models import Q

from youthcop.programmes.permissions import (
    ScopedPermissionPolicy,
    participants_visible_to,
    programmes_managed_by,
)

from .models import Certificate


def certificates_visible_to(user, queryset=None):
    queryset = Certificate.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if user.is_active and user.is_superuser:
        return queryset
    # The programme clause keeps certificates whose holder was erased visible to their managers.
    return queryset.filter(
        Q(participant__in=participants_visible_to(user).values("pk"))
        | Q(programme__in=programmes_managed_by(user).values("pk"))
    )


certificate_policy = ScopedPermissionPolicy(Certificate, certificates_visible_to)


def programmes_certified_by(user, action="issue"):
    """Programmes whose certificates ``user`` may ``issue`` (or ``revoke``)."""
    if not certificate_policy.user_has_permission(user, action):
        return programmes_managed_by(user).none()
    return programmes_managed_by(user)
