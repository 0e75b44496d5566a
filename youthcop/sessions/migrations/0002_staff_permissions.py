from django.db import migrations

from youthcop.core.roles import ADVISOR, COORDINATOR, FACILITATOR, YOUTH_WORKER, grant_permissions

MANAGE = ["add_session", "change_session", "delete_session", "view_session"]


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        "youthcop_sessions",
        {
            COORDINATOR: MANAGE,
            FACILITATOR: MANAGE,
            YOUTH_WORKER: ["view_session"],
            ADVISOR: ["view_session"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("youthcop_sessions", "0001_sessions_attendance_feeds"),
        ("youthcop_programmes", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
