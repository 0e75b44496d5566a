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

Within a request (between Django's ``request_started`` and ``request_finished``)
reads go through the request's own memo, so that a page costs one or two cache
round trips, not one per copy:

- a version is read once per request, whoever asks for it;
- the first read of a request fetches, in one ``get_many``, the versions every
  public page needs (``PAGES``, ``PROGRAMMES``), the keys it was asked for and
  every key the last request of the same host and path read in this process
  (a hint only: a key whose version has changed since is simply not found, and
  read again under its new name);
- ``get``, ``get_many`` and ``store`` are the cache's, through that memo: use
  them for copies a public page reads on every request.

A bump in the request updates its memo, so the request that made a change reads
it at once; other processes read it at their next request.
"""

import time
from collections import OrderedDict
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

PAGES = "pages"
PROGRAMMES = "programmes"

KEY = "youthcop:version:{}"


def programme_sections(programme_id):
    """The version name of one programme's public page sections."""
    return f"programme-sections:{programme_id}"


# The versions (almost) every public page reads: fetched with the request's first read.
EVERY_REQUEST = (KEY.format(PAGES), KEY.format(PROGRAMMES))
LEARNED_PATHS = 2000  # how many (host, path) hints a process keeps, the least recently used dropped

_learned = OrderedDict()  # (host, path) -> keys its last request read, in this process
_current = ContextVar("youthcop_cache_request", default=None)


class RequestReads:
    """The cache values a request has read (``None``: not in the cache), and the keys it asked for."""

    def __init__(self, hint=None):
        self.hint = hint
        self.values = None  # None until the first read of the request
        self.asked = {}

    def read(self, keys):
        """The values of ``keys``: those not read yet in one ``get_many`` (with the first read's extras)."""
        for key in keys:
            self.asked[key] = True
        wanted = [key for key in keys if self.values is None or key not in self.values]
        if wanted:
            if self.values is None:
                self.values = {}
                wanted = list(dict.fromkeys([*EVERY_REQUEST, *wanted, *_learned.get(self.hint, ())]))
            found = cache.get_many(wanted)
            for key in wanted:
                self.values[key] = found.get(key)
        return {key: self.values[key] for key in keys}

    def remember(self, key, value):
        if self.values is not None:
            self.values[key] = value


def request_started(sender=None, environ=None, scope=None, **kwargs):
    """Django's ``request_started``: a new memo for the request (connected in ``YouthcopConfig.ready``)."""
    if environ is not None:
        hint = (environ.get("HTTP_HOST", ""), environ.get("PATH_INFO", ""))
    else:
        hint = ("", (scope or {}).get("path", ""))
    _current.set(RequestReads(hint))


def request_finished(sender=None, **kwargs):
    """Django's ``request_finished``: remember what the request read as a hint for the next one of its path."""
    reads = _current.get()
    _current.set(None)
    if reads is not None and reads.asked and reads.hint[1]:
        _learned[reads.hint] = tuple(reads.asked)
        _learned.move_to_end(reads.hint)
        while len(_learned) > LEARNED_PATHS:
            _learned.popitem(last=False)


def get_many(keys):
    """{key: value or None} of ``keys``, in at most one round trip (none for keys this request has read)."""
    reads = _current.get()
    if reads is None:
        found = cache.get_many(keys)
        return {key: found.get(key) for key in keys}
    return reads.read(keys)


def get(key):
    """The cached value of ``key``, or None: read through the request's memo (see the module's docstring)."""
    return get_many([key])[key]


def store(key, value, timeout):
    """``cache.set``, and the request's memo (a later read in the request sees this value)."""
    cache.set(key, value, timeout)
    _remember(key, value)


def _remember(key, value):
    reads = _current.get()
    if reads is not None:
        reads.remember(key, value)


def version(name):
    """The current version of ``name``: put it in the key of anything cached from that data."""
    key = KEY.format(name)
    current = get(key)
    if current is None:
        cache.add(key, time.time_ns(), None)  # add: a concurrent first reader's value wins
        current = cache.get(key, 0)
        _remember(key, current)
    return current


def bump(name):
    """A new version of ``name`` now: copies cached under the old one are no longer read."""
    key = KEY.format(name)
    try:
        _remember(key, cache.incr(key))
    except ValueError:  # not in the cache (never read, or evicted): start again from the clock
        store(key, time.time_ns(), None)


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
    store(key, max(time.time_ns(), cache.get(key, 0) + 1), None)


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
