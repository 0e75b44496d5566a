import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import ProgrammeFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme(db):
    """A running programme of 27 at 2:1 (18 young people, 9 officers)."""
    return ProgrammeFactory()
