"""Cache versions: one number per kind of data, in the cache key of every copy made from it.

A cached copy (a route, a menu, a programme page's sections) puts
``version(name)`` in its key; whatever changes that data calls ``bump(name)``,
and every copy made before is never read again (the cache evicts it in its
time). The names in use:

- ``PAGES`` — any page published, unpublished, moved or deleted
  (``youthcop.pages`` bumps it): routes, menus, language links, breadcrumbs;
- ``PROGRAMMES`` — a programme, its partners or an organisation changed
  (``youthcop.pages``): fragments of the public programme pages;
- ``programme_sections(programme_id)`` — what the other apps show on one
  programme's public page (see ``youthcop.core.sections``).

A version starts from the clock, not from 1: when the cache evicts a version
(or restarts), the next one is far above any value that copies still in the
cache were stored under, so a stale copy never becomes readable again. Every
process must share one cache for a bump to reach them all (check
``youthcop.W001``).
"""

import time

from django.core.cache import cache
from django.db import transaction

PAGES = "pages"
PROGRAMMES = "programmes"

KEY = "youthcop:version:{}"


def programme_sections(programme_id):
    """The version name of one programme's public page sections."""
    return f"programme-sections:{programme_id}"


def version(name):
    """The current version of ``name``: put it in the key of anything cached from that data."""
    key = KEY.format(name)
    current = cache.get(key)
    if current is None:
        cache.add(key, time.time_ns(), None)  # add: a concurrent first reader's value wins
        current = cache.get(key, 0)
    return current


def bump(name):
    """A new version of ``name`` now: copies cached under the old one are no longer read."""
    key = KEY.format(name)
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (never read, or evicted): start again from the clock
        cache.set(key, time.time_ns(), None)


def bump_on_commit(name):
    """``bump(name)`` once the current transaction commits (at once outside one).

    For data read by other requests: bumping before the commit would let a
    request rendered in between cache the old rows under the new version.
    """
    transaction.on_commit(lambda: bump(name))


def calendar_feeds(programme_id):
    """The version name of one programme's calendar feeds (``youthcop.sessions.views``).

    Bumped with ``bump_to_now_on_commit`` only, so that the version is also a
    time: the feeds' ``Last-Modified``.
    """
    return f"calendar-feeds:{programme_id}"


def bump_to_now(name):
    """Like ``bump``, to the current time in nanoseconds (or one above the current version, if that is later).

    A version bumped only this way (and started from the clock by ``version``)
    is never earlier than the last change of its data, so it can serve as an
    HTTP ``Last-Modified`` (see ``youthcop.sessions.views.FeedState``). Two
    round trips, not one: for data that changes far less often than it is read.
    """
    key = KEY.format(name)
    cache.set(key, max(time.time_ns(), cache.get(key, 0) + 1), None)


def bump_to_now_on_commit(name):
    """``bump_to_now(name)`` now, and again once the current transaction commits.

    Now, so that what runs later in the same transaction (a test, which never
    commits, or the rest of a request) reads the change; again after the
    commit, so that a copy cached in between from the old rows is never read
    (see ``bump_on_commit``).
    """
    bump_to_now(name)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: bump_to_now(name))
