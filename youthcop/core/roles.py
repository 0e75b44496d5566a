"""The staff groups of youthcop and their model permissions.

Each sub-app's data migration grants its own models' permissions with
``grant_permissions`` so that no app has to know another's models.
"""

from django.contrib.auth.management import create_permissions
from django.utils.translation import gettext_lazy as _

COORDINATOR = "Youth programme coordinators"
FACILITATOR = "Youth programme facilitators"
YOUTH_WORKER = "Youth workers"
ADVISOR = "Confidential advisors"

GROUPS = {
    COORDINATOR: _("Youth programme coordinators"),
    FACILITATOR: _("Youth programme facilitators"),
    YOUTH_WORKER: _("Youth workers"),
    ADVISOR: _("Confidential advisors"),
}


def grant_permissions(apps, app_label, grants):
    """In a data migration: give ``{group name: [codename, …]}`` of ``app_label``.

    Creates the groups and the app's permissions when they do not exist yet
    (permissions are normally created only after all migrations ran).
    """
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # a stub in migrations; create_permissions skips apps without
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in grants.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.add(*permissions)


def grant_admin_access(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for group_name in GROUPS:
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(access)
