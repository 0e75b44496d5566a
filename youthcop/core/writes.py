"""The ``PERSONAL`` cache version: bumped by every write to youthcop's tables or the user table.

A personal page (``youthcop.core.personal_pages``) shows rows of every app:
sessions, attendance, the charter and signatures, certificates, ratings,
answers, messages, the advisors' names, the programme's translated texts.
Rather than trust each of them to bump a version when it changes (and miss a
``QuerySet.update`` or a ``bulk_create``), the database connection itself
watches what it writes: an ``INSERT``, ``UPDATE`` or ``DELETE`` on one of those
tables (or a ``TRUNCATE``) bumps ``PERSONAL``

- after the statement, when it ran outside a transaction (it is committed);
- once the transaction commits, when it ran inside one (a page rendered in
  between from the old rows is not read after the commit);
- and, for what the same thread reads before that commit (a test, or the rest
  of a request), when that thread next asks for the version (``flush``).

A write the database rolls back bumps nothing after the commit that never comes.
"""

import logging
import re

from django.db import connections, transaction
from django.db.backends.signals import connection_created

from .cache import bump

PERSONAL = "personal"

logger = logging.getLogger(__name__)

_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|(TRUNCATE))\s+["`]?(\w+)', re.IGNORECASE)
_VERBS = ("INSERT", "UPDATE", "DELETE", "TRUNCA")
_watched_tables = frozenset()


def watch_tables(tables):
    """Set the tables whose writes bump ``PERSONAL`` (``YouthcopConfig.ready``: youthcop's and the user model's)."""
    global _watched_tables
    _watched_tables = frozenset(tables)


def writes_watched_table(sql):
    """Whether ``sql`` writes one of the watched tables (any ``TRUNCATE`` counts: tests' flushes)."""
    if sql.lstrip()[:6].upper() not in _VERBS:
        return False
    match = _WRITE.match(sql)
    return bool(match) and (bool(match.group(1)) or match.group(2) in _watched_tables)


def _bump_after_commit():
    """Bump ``PERSONAL``; a cache out of reach (a migration run where the cache is not) is logged, not raised:
    the write itself is done, and a copy is never read longer than ``PERSONAL_PAGE_CACHE_SECONDS``."""
    try:
        bump(PERSONAL)
    except Exception:  # the cache backend's own connection errors, whatever the backend
        logger.warning("Could not bump the personal pages' cache version after a write", exc_info=True)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if writes_watched_table(sql):
        connection = context["connection"]
        if connection.in_atomic_block:
            connection.youthcop_unflushed_write = True
            if not any(callback is _bump_after_commit for _ids, callback, _robust in connection.run_on_commit):
                transaction.on_commit(_bump_after_commit, using=connection.alias)
        else:
            _bump_after_commit()
    return result


def install(sender=None, connection=None, **kwargs):
    """``connection_created``: watch the connection's writes (once per connection object).

    First in the list, so that a ``connection.execute_wrapper()`` block, which
    removes the last wrapper when it ends, never removes this one.
    """
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)


def connect():
    """Watch the writes of every database connection opened from now on (``YouthcopConfig.ready``)."""
    connection_created.connect(install, dispatch_uid="youthcop_watch_writes")
    for connection in connections.all(initialized_only=True):
        install(connection=connection)


def flush():
    """Bump ``PERSONAL`` now if this thread wrote since its last flush (the commit's bump comes later)."""
    written = False
    for connection in connections.all(initialized_only=True):
        written |= getattr(connection, "youthcop_unflushed_write", False)
        connection.youthcop_unflushed_write = False
    if written:
        _bump_after_commit()
