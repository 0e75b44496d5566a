import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import youthcop.certificates.models


class Migration(migrations.Migration):

    dependencies = [
        ("youthcop_certificates", "0004_logos_move_to_organisations"),
        ("youthcop_programmes", "0002_staff_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CertificateArchive",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("officers_only", models.BooleanField(default=False)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting to start"),
                            ("running", "Preparing"),
                            ("done", "Ready"),
                            ("failed", "Stopped by an error"),
                        ],
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("total", models.PositiveIntegerField(default=0)),
                ("zipped", models.PositiveIntegerField(default=0)),
                ("certificates", models.JSONField(blank=True, default=list)),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        storage=youthcop.certificates.models.private_storage,
                        upload_to="youthcop_certificates/",
                    ),
                ),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="certificate_archives",
                        to="youthcop_programmes.programme",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "ZIP of certificates",
                "verbose_name_plural": "ZIPs of certificates",
                "ordering": ["-requested_at", "-pk"],
                "default_permissions": (),
            },
        ),
    ]
