"""Who sees and runs certificates, built on ``youthcop.programmes.permissions``.

Anyone who may see a participant may see their certificate (youth workers
follow their young people); issuing, deciding by hand and revoking are for
the coordinators and facilitators of the programme, with the matching
permission.
"""

import copy

from django.db.models import Q

from youthcop.programmes.permissions import (
    ScopedPermissionPolicy,
    initial_only,
    participants_visible_to,
    programmes_managed_by,
    sees_identity,
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


# --- README rule 8: police staff see a young holder by first name and initial --------------------


def sees_holder(user, certificate):
    """Whether ``user`` sees who holds ``certificate`` (its PDF prints the full name)."""
    return certificate.participant_id is None or sees_identity(user, certificate.participant)


def as_seen_by(user, certificate):
    """``certificate`` as ``user`` may see it: itself, or a copy naming a young holder by first name and initial."""
    if sees_holder(user, certificate):
        return certificate
    shown = copy.copy(certificate)
    shown.holder_last_name = initial_only(certificate.holder_last_name)
    return shown
