"""Who sees what (README rule 8), in one place.

Every admin view, export, chooser, report and panel of youthcop scopes its
objects with these functions or with the permission policies built on them.
"""

from django.db.models import Exists, OuterRef, Q
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Participant, Programme, ProgrammeStaff, Side

Role = ProgrammeStaff.Role
MANAGING_ROLES = (Role.COORDINATOR, Role.FACILITATOR)
REGISTERING_ROLES = (Role.COORDINATOR, Role.FACILITATOR, Role.YOUTH_WORKER)


def _is_unscoped(user):
    return user.is_active and user.is_superuser


def user_organisation_id(user):
    profile = getattr(user, "youthcop_profile", None) if user.is_authenticated else None
    return profile.organisation_id if profile else None


def programmes_visible_to(user, roles=None):
    """Programmes where ``user`` holds one of ``roles`` (any role when None)."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if _is_unscoped(user):
        return Programme.objects.all()
    staff = ProgrammeStaff.objects.filter(programme=OuterRef("pk"), user=user)
    if roles:
        staff = staff.filter(role__in=roles)
    return Programme.objects.filter(Exists(staff))


def programmes_managed_by(user):
    """Programmes whose sessions, charter and certificates ``user`` may run."""
    return programmes_visible_to(user, MANAGING_ROLES)


def programmes_open_for_registration_by(user):
    return programmes_visible_to(user, REGISTERING_ROLES).exclude(
        status__in=[Programme.Status.COMPLETED, Programme.Status.ARCHIVED]
    )


def participant_visibility(user):
    """A ``Q`` selecting the participants ``user`` may see."""
    staff = ProgrammeStaff.objects.filter(programme=OuterRef("programme"), user=user)
    visible = (
        Q(Exists(staff.filter(role__in=MANAGING_ROLES)))
        | Q(Exists(staff.filter(role=Role.YOUTH_ADVISOR)), side=Side.YOUTH)
        | Q(Exists(staff.filter(role=Role.POLICE_ADVISOR)), side=Side.POLICE)
        | Q(registered_by=user)
    )
    organisation_id = user_organisation_id(user)
    if organisation_id:
        visible |= Q(registered_by__youthcop_profile__organisation_id=organisation_id)
    return visible


def participants_visible_to(user, queryset=None):
    queryset = Participant.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if _is_unscoped(user):
        return queryset
    return queryset.filter(participant_visibility(user))


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, narrowed to the objects a user is staff for.

    ``scope(user, queryset)`` returns the part of ``queryset`` the user may touch.
    """

    def __init__(self, model, scope):
        super().__init__(model)
        self.scope = scope

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user, self.model._default_manager.all())

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.instances_user_has_any_permission_for(user, actions).filter(pk=instance.pk).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


def _programme_scope(user, queryset):
    return queryset.filter(pk__in=programmes_visible_to(user).values("pk"))


programme_policy = ScopedPermissionPolicy(Programme, _programme_scope)
participant_policy = ScopedPermissionPolicy(Participant, participants_visible_to)
