from django.db import migrations

from youthcop.core.roles import COORDINATOR, FACILITATOR, YOUTH_WORKER, grant_permissions

MANAGING = ["view_certificate", "issue_certificate", "revoke_certificate"]


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        "youthcop_certificates",
        {
            COORDINATOR: [*MANAGING, "change_certificatesettings"],
            FACILITATOR: MANAGING,
            YOUTH_WORKER: ["view_certificate"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("youthcop_certificates", "0001_certificates"),
        ("youthcop_programmes", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
