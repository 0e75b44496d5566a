from django.db import migrations

from youthcop.core.roles import ADVISOR, COORDINATOR, FACILITATOR, YOUTH_WORKER, grant_admin_access, grant_permissions

PARTICIPANTS = ["add_participant", "change_participant", "view_participant"]


def create_groups(apps, schema_editor):
    grant_admin_access(apps)
    grant_permissions(
        apps,
        "youthcop_programmes",
        {
            COORDINATOR: [
                "add_programme", "change_programme", "view_programme", "delete_programme",
                "add_organisation", "change_organisation", "view_organisation",
                *PARTICIPANTS, "delete_participant",
            ],
            FACILITATOR: ["view_programme", "view_organisation", *PARTICIPANTS],
            YOUTH_WORKER: ["view_programme", "view_organisation", *PARTICIPANTS],
            ADVISOR: ["view_programme", "view_participant"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("youthcop_programmes", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
