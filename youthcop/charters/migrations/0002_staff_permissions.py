from django.db import migrations

from youthcop.core.roles import COORDINATOR, FACILITATOR, grant_permissions

CHARTER_STAFF = [
    "add_charter", "change_charter", "view_charter", "publish_charter", "lock_charter", "unlock_charter",
    "adopt_charter",
    "add_proposal", "change_proposal", "view_proposal",
]


def grant(apps, schema_editor):
    grant_permissions(apps, "youthcop_charters", {COORDINATOR: CHARTER_STAFF, FACILITATOR: CHARTER_STAFF})


class Migration(migrations.Migration):
    dependencies = [
        ("youthcop_charters", "0001_charters_proposals_versions_signatures"),
        ("youthcop_programmes", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
