import pytest
from django.contrib.auth.models import Group
from django.db import connections

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a():
    c = connections["default"]
    print("HAS", hasattr(c, "_test_serialized_contents"), len(getattr(c, "_test_serialized_contents", "") or ""), "auth.group" in (getattr(c, "_test_serialized_contents", "") or ""))
    print("GROUPS", Group.objects.count())

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_b():
    print("GROUPS B", Group.objects.count())
