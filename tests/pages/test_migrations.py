"""A site whose programme pages were made before they moved from ``youthcop_programmes`` to ``youthcop_pages``.

The test makes the pages now, migrates back to before the move (the pages'
rows then sit in ``youthcop_programmes``'s tables under its content types, as
on such a site), then forward again, as an upgrade does.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page, Revision

from youthcop.pages.models import ProgrammePage

from .factories import make_index, make_programme_page

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("youthcop_pages", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh graph: what is applied now


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    return migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def before_the_move(programme):
    index = make_index()
    page = make_programme_page(programme, parent=index)
    executor = migrate(BEFORE_THE_MOVE)
    try:
        yield page, executor
    finally:
        migrate_to_latest()
        # The migration emptied the content type cache; the tests after this one reload the database
        # (serialized rollback), and a signal sent meanwhile would otherwise make content types anew.
        ContentType.objects.get_for_models(*apps.get_models())


def test_pages_made_before_the_move_follow_it(client, before_the_move):
    page, executor = before_the_move
    applied = max(key for key in executor.loader.applied_migrations if key[0] == "youthcop_programmes")
    old_apps = executor.loader.project_state(applied).apps
    old_type = old_apps.get_model("contenttypes", "ContentType").objects.get(pk=page.content_type_id)
    assert (old_type.app_label, old_type.model) == ("youthcop_programmes", "programmepage")
    assert "youthcop_programmes_programmepage" in connection.introspection.table_names()
    assert old_apps.get_model("youthcop_programmes", "ProgrammePage").objects.get(pk=page.pk).title == page.title

    migrate_to_latest()

    tables = connection.introspection.table_names()
    assert {"youthcop_pages_programmepage", "youthcop_pages_programmeindexpage"} <= set(tables)
    assert "youthcop_programmes_programmepage" not in tables
    content_type = ContentType.objects.get(pk=page.content_type_id)
    assert (content_type.app_label, content_type.model) == ("youthcop_pages", "programmepage")
    assert content_type.model_class() is ProgrammePage
    assert isinstance(Page.objects.get(pk=page.pk).specific, ProgrammePage)
    assert Revision.objects.filter(object_id=str(page.pk)).latest("pk").as_object().summary == page.summary
    assert Permission.objects.filter(content_type=content_type, codename="change_programmepage").exists()
    assert not ContentType.objects.filter(app_label="youthcop_programmes", model__endswith="page").exists()
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.summary in response.content.decode()


def test_a_content_type_made_for_the_new_label_meanwhile_gives_way_to_the_pages_one(before_the_move):
    """``post_migrate`` may have made one already (say, a ``migrate`` of another app first)."""
    page, _executor = before_the_move
    ContentType.objects.create(app_label="youthcop_pages", model="programmepage")

    migrate_to_latest()

    content_type = ContentType.objects.get(app_label="youthcop_pages", model="programmepage")
    assert content_type.pk == page.content_type_id
    assert isinstance(Page.objects.get(pk=page.pk).specific, ProgrammePage)
