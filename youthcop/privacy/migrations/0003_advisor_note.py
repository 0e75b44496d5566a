"""The confidential notes move from youthcop_programmes to this app: the same rows, the same permissions.

The model is created here in the state only, on the existing table
(``youthcop_programmes`` 0010 forgets it there, state only too); then the
table takes this app's name, and the content type's ``app_label`` follows, so the groups' permissions on notes and the notes' audit entries keep
pointing at them.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

def move_content_type(apps, schema_editor, old="youthcop_programmes", new="youthcop_privacy"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    moving = ContentType.objects.filter(app_label=old, model="advisornote")
    if moving.exists():
        # One made for the new label meanwhile holds nothing yet: the moving one, with its permissions, wins.
        ContentType.objects.filter(app_label=new, model="advisornote").delete()
        moving.update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="youthcop_privacy", new="youthcop_programmes")


class Migration(migrations.Migration):
    dependencies = [
        ("youthcop_privacy", "0002_move_youthcop_log_entries"),
        ("youthcop_programmes", "0009_programme_pages_move_to_youthcop_pages"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AdvisorNote",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("text", models.TextField(verbose_name="note")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="written at")),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="author",
                            ),
                        ),
                        (
                            "participant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="advisor_notes",
                                to="youthcop_programmes.participant",
                                verbose_name="participant",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "confidential note",
                        "verbose_name_plural": "confidential notes",
                        "ordering": ["-created_at", "-pk"],
                        "default_permissions": ("add", "view"),
                        "db_table": "youthcop_programmes_advisornote",  # the table as it is, until renamed below
                    },
                ),
            ],
        ),
        # The table takes this app's name: youthcop_privacy_advisornote.
        migrations.AlterModelTable(name="AdvisorNote", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
