"""youthcop.core.cache: one version per kind of data, bumped when it changes, never coming back."""

import pytest
from django.core.cache import cache

from youthcop.core.cache import KEY, bump, bump_on_commit, programme_sections, version


def test_a_bump_changes_the_version_of_that_name_only():
    pages, programmes = version("pages"), version("programmes")
    bump("pages")
    assert version("pages") != pages
    assert version("programmes") == programmes


def test_a_version_is_stable_between_bumps():
    assert version("pages") == version("pages")


def test_an_evicted_version_does_not_come_back():
    """Copies cached under the versions before the eviction may still be in the cache: none of them is read again."""
    seen = {version("pages")}
    for _ in range(3):
        bump("pages")
        seen.add(version("pages"))
    cache.delete(KEY.format("pages"))  # the cache evicted it (or restarted)
    assert version("pages") > max(seen)


def test_a_bump_of_an_evicted_version_does_not_bring_an_old_one_back():
    seen = {version("pages")}
    bump("pages")
    seen.add(version("pages"))
    cache.delete(KEY.format("pages"))
    bump("pages")
    assert version("pages") > max(seen)


@pytest.mark.django_db
def test_bump_on_commit_waits_for_the_commit(django_capture_on_commit_callbacks):
    name = programme_sections(7)
    before = version(name)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bump_on_commit(name)
    assert version(name) == before  # a request rendered now still sees the old rows: it must not get a new key
    for callback in callbacks:
        callback()
    assert version(name) != before
