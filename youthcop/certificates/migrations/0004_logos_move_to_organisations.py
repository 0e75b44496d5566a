from django.db import migrations


def move_logos_to_organisations(apps, schema_editor):
    """A site-wide certificate logo named like an organisation becomes that organisation's logo.

    Certificates now print the logos of their own programme's organisations, so
    a youth organisation's logo no longer lands on every officer's certificate.
    Logos that match no organisation stay as the setting's fallback.
    """
    CertificateLogo = apps.get_model("youthcop_certificates", "CertificateLogo")
    Organisation = apps.get_model("youthcop_programmes", "Organisation")
    for logo in CertificateLogo.objects.order_by("sort_order", "pk"):
        name = (logo.name or "").strip()
        organisation = Organisation.objects.filter(name__iexact=name).order_by("pk").first() if name else None
        if organisation is None:
            continue
        if organisation.logo_id is None:
            organisation.logo_id = logo.image_id
            organisation.save(update_fields=["logo"])
        logo.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("youthcop_certificates", "0003_certificate_participant_protect"),
        ("youthcop_programmes", "0006_certificates_earned"),
    ]

    operations = [
        migrations.RunPython(move_logos_to_organisations, migrations.RunPython.noop),
    ]
