from django.db import migrations

from youthcop.core.roles import COORDINATOR, FACILITATOR, grant_permissions

# Questionnaires are shared content: coordinators write and translate them, facilitators read them.
COORDINATOR_PERMISSIONS = ["add_questionnaire", "change_questionnaire", "view_questionnaire"]
FACILITATOR_PERMISSIONS = ["view_questionnaire"]


def grant(apps, schema_editor):
    grant_permissions(
        apps, "youthcop_evaluation", {COORDINATOR: COORDINATOR_PERMISSIONS, FACILITATOR: FACILITATOR_PERMISSIONS}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("youthcop_evaluation", "0001_questionnaires_rounds_pseudonymous_answers"),
        ("youthcop_programmes", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
