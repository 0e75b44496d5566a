"""The programme pages move here from ``youthcop_programmes``, their rows untouched.

State: the models are created here (on the tables ``youthcop_programmes``
made) and deleted from ``youthcop_programmes`` by its migration that depends
on this one; nothing is created or dropped in the database. Database: the two
tables are renamed to this app's names, so that a site installed before the
move and one installed after end up with the same schema. The content types
keep their ids and change app label, so existing pages, their revisions,
permissions, log entries, translations and search entries follow.
"""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

import youthcop.pages.mixins

OLD_LABEL = "youthcop_programmes"
NEW_LABEL = "youthcop_pages"
MODELS = ("programmeindexpage", "programmepage")


def move_content_types(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=from_label, model=model).first()
        if old is None:
            continue  # a new database: post_migrate creates the content type later
        # A content type made for the new label in between points at nothing yet: the old one wins.
        ContentType.objects.filter(app_label=to_label, model=model).delete()
        old.app_label = to_label
        old.save(update_fields=["app_label"])
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    CurrentContentType.objects.clear_cache()  # this process may have cached the old label


def forwards(apps, schema_editor):
    move_content_types(apps, OLD_LABEL, NEW_LABEL)


def backwards(apps, schema_editor):
    move_content_types(apps, NEW_LABEL, OLD_LABEL)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("youthcop_programmes", "0008_meal_needs_consent"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProgrammeIndexPage",
                    fields=[
                        ("page_ptr", models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ("intro", wagtail.fields.RichTextField(blank=True, verbose_name="introduction")),
                    ],
                    options={
                        "verbose_name": "programme index page",
                        "verbose_name_plural": "programme index pages",
                        "db_table": "youthcop_programmes_programmeindexpage",
                    },
                    bases=(youthcop.pages.mixins.PublicPageMixin, "wagtailcore.page"),
                ),
                migrations.CreateModel(
                    name="ProgrammePage",
                    fields=[
                        ("page_ptr", models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ("summary", models.CharField(blank=True, help_text="One or two sentences shown in lists of programmes.", max_length=300, verbose_name="summary")),
                        ("body", wagtail.fields.RichTextField(blank=True, verbose_name="about the programme")),
                        ("partners", wagtail.fields.RichTextField(blank=True, help_text="Shown after the partner organisations recorded on the programme.", verbose_name="partners")),
                        ("how_the_year_works", wagtail.fields.RichTextField(blank=True, verbose_name="how the year works")),
                        ("reward", wagtail.fields.RichTextField(blank=True, help_text="Leave empty to show the reward recorded on the programme.", verbose_name="reward")),
                        ("how_to_propose", wagtail.fields.RichTextField(blank=True, verbose_name="how a youth worker can propose a young person")),
                        ("contact_email", models.EmailField(blank=True, help_text="Where youth workers write to propose a young person.", max_length=254, verbose_name="contact email")),
                        ("programme", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="pages", to="youthcop_programmes.programme", verbose_name="programme")),
                    ],
                    options={
                        "verbose_name": "programme page",
                        "verbose_name_plural": "programme pages",
                        "db_table": "youthcop_programmes_programmepage",
                    },
                    bases=(youthcop.pages.mixins.PublicPageMixin, "wagtailcore.page"),
                ),
            ],
        ),
        migrations.AlterModelTable(name="programmeindexpage", table=None),
        migrations.AlterModelTable(name="programmepage", table=None),
        migrations.RunPython(forwards, backwards),
    ]
