"""Names are not copied into Wagtail's search index (README rule 6): the admin searches the tables themselves."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.models import IndexEntry

from tests.charters.factories import charter_for
from tests.factories import OrganisationFactory, ParticipantFactory
from tests.privacy import dbscan

forgetting = importlib.import_module("youthcop.programmes.migrations.0014_out_of_the_search_index")


def test_a_registered_person_is_found_in_their_own_table_only(db):
    person = ParticipantFactory(first_name="Zebulon", last_name="Quinterro")
    charter_for(person.programme, title="Quinterro's charter")

    found = dbscan.scan(["Quinterro"])["Quinterro"]

    assert {table for table, column in found} == {"youthcop_programmes_participant", "youthcop_charters_charter"}
    assert not IndexEntry.objects.exists()


def test_the_migration_forgets_what_was_indexed_before(db):
    person = ParticipantFactory(last_name="Quinterro")
    kept = OrganisationFactory()
    indexed = [person, person.programme, person.organisation, charter_for(person.programme)]
    for obj in indexed:
        IndexEntry.objects.create(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), title=str(obj))
    # Something still indexed (a page, say) stays: here, a row for a content type outside the list.
    other = IndexEntry.objects.create(
        content_type=ContentType.objects.get_for_model(IndexEntry), object_id=str(kept.pk), title="Kept"
    )

    forgetting.forget_index_entries(apps, SimpleNamespace(connection=connection))  # all it reads of a schema editor

    assert list(IndexEntry.objects.all()) == [other]
