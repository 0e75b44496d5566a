"""AdvisorNote now lives in youthcop_privacy (its 0003 renamed the table): forgotten here, state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("youthcop_programmes", "0009_programme_pages_move_to_youthcop_pages"),
        ("youthcop_privacy", "0003_advisor_note"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AdvisorNote")]),
    ]
