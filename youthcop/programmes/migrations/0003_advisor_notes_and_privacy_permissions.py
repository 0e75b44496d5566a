import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from youthcop.core.roles import ADVISOR, COORDINATOR, grant_permissions

# Rights on a participant's personal data, beyond Django's add/change/delete/view.
PARTICIPANT_PERMISSIONS = [
    ("export_participant", "Can export a participant's personal data"),
    ("erase_participant", "Can erase a participant's personal data"),
]


def create_privacy_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    participant_type, _created = ContentType.objects.get_or_create(
        app_label="youthcop_programmes", model="participant"
    )
    for codename, name in PARTICIPANT_PERMISSIONS:
        Permission.objects.get_or_create(content_type=participant_type, codename=codename, defaults={"name": name})
    grant_permissions(
        apps,
        "youthcop_programmes",
        {
            COORDINATOR: ["export_participant", "erase_participant"],
            ADVISOR: ["add_advisornote", "view_advisornote"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("youthcop_programmes", "0002_staff_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AdvisorNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="note")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="written at"),
                ),
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
            },
        ),
        migrations.RunPython(create_privacy_permissions, migrations.RunPython.noop),
    ]
