from django.db import migrations

from youthcop.core.roles import COORDINATOR, FACILITATOR, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        "youthcop_programmes",
        {
            COORDINATOR: ["view_programmetext", "change_programmetext", "view_organisationtext", "change_organisationtext"],
            FACILITATOR: ["view_programmetext", "change_programmetext"],
        },
    )


class Migration(migrations.Migration):
    """Those who run a programme translate its texts (and coordinators the organisations' names)."""

    dependencies = [("youthcop_programmes", "0012_programme_and_organisation_texts")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
