import pytest
from django.core.cache import cache
from django.db import connections
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from tests.factories import ProgrammeFactory, programme_staff
from youthcop.programmes.models import ProgrammeStaff


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


@pytest.fixture
def coordinator(programme):
    return programme_staff(programme, ProgrammeStaff.Role.COORDINATOR)


@pytest.fixture
def facilitator(programme):
    return programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)


@pytest.fixture
def youth_worker(programme):
    return programme_staff(programme, ProgrammeStaff.Role.YOUTH_WORKER)


# Run first. Under xdist each worker is first sent a share of the tests in this order: the crawl's per-role tests
# and its completeness check (which needs every role's crawl) then share one process and one demo load, and the
# longest tests (the crawl, the install test) start the run instead of ending it on one worker.
FIRST = ("tests/test_admin_crawl.py", "tests/test_install.py")


def pytest_collection_modifyitems(items):
    """Transactional tests flush the database when they end: keep what the migrations
    created (groups, root page, site, locales) to restore it (``pytest_runtest_teardown``)."""
    items.sort(key=lambda item: not item.nodeid.startswith(FIRST))  # stable: the order is otherwise kept
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker and marker.kwargs.get("transaction")) or {
            "live_server",
            "transactional_db",
        } & set(getattr(item, "fixturenames", ()))
        if transactional and not (marker and "serialized_rollback" in marker.kwargs):
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, put back what the migrations created: under ``--dist worksteal``
    a process may take an ordinary test after it (pytest-django runs those first only within one process)."""
    result = yield
    if _transactional(item) and nextitem is not None:  # the last test's teardown has dropped the database too
        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result
