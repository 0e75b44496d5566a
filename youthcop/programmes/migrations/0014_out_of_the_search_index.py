from django.db import migrations

# Searched in the admin with youthcop.core.search (folded names, scoped lists), never through
# Wagtail's search backend: their copies in its index were names kept twice for nothing.
UNINDEXED = [
    ("youthcop_programmes", "organisation"),
    ("youthcop_programmes", "programme"),
    ("youthcop_programmes", "participant"),
    ("youthcop_charters", "charter"),
]
INDEX_TABLE = "wagtailsearch_indexentry"  # Wagtail's database search backend; its SQLite full-text copy follows by trigger


def forget_index_entries(apps, schema_editor):
    connection = schema_editor.connection
    if INDEX_TABLE not in connection.introspection.table_names():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = [
        content_type.pk
        for app_label, model in UNINDEXED
        for content_type in ContentType.objects.using(connection.alias).filter(app_label=app_label, model=model)
    ]
    if content_types:
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(content_types))
            cursor.execute(f"DELETE FROM {INDEX_TABLE} WHERE content_type_id IN ({placeholders})", content_types)


class Migration(migrations.Migration):
    """Participants, programmes, organisations and charters leave Wagtail's search index (README rule 6)."""

    dependencies = [
        ("youthcop_programmes", "0013_translators_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_index_entries, migrations.RunPython.noop)]
