import pytest
from django.contrib.auth.models import Group
from django.db import connection
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

def test_a(live_server, desktop):
    print("\nA", Group.objects.count(), id(connection._connections), hasattr(connection, "_test_serialized_contents"))
    desktop.goto(live_server.url + "/en/")

def test_b(live_server, desktop):
    print("\nB", Group.objects.count(), id(connection._connections), hasattr(connection, "_test_serialized_contents"))
