"""The programme pages now belong to ``youthcop_pages`` (see its 0001): gone from this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("youthcop_programmes", "0008_meal_needs_consent"),
        ("youthcop_pages", "0001_programme_pages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ProgrammePage"),
                migrations.DeleteModel(name="ProgrammeIndexPage"),
            ],
        ),
    ]
