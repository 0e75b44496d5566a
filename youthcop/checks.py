"""System checks of the youthcop app."""

from django.conf import settings
from django.core import checks

# Default-cache backends that no two processes share: a count kept in them is per process.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "keeps its entries in each process's memory",
    "django.core.cache.backends.dummy.DummyCache": "keeps nothing at all",
}


@checks.register(checks.Tags.caches, checks.Tags.security)
def shared_cache_in_production(app_configs, **kwargs):
    """youthcop's bad-link limit and its cache versions live in the default cache.

    With a per-process cache each worker counts on its own: 4 workers accept
    4 × ``BAD_LINK_LIMIT_PER_HOUR`` − 1 bad links before a 429 (399, not 100),
    and a bumped version (programme sections, the site's pages) reaches only
    the process that bumped it. A file-based cache is shared by the processes
    of one machine, which suffices for a single app server, so it is not
    flagged; several app servers need Redis or Memcached. Only checked with
    ``DEBUG = False``: a development server is one process.
    """
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) {PER_PROCESS_CACHES[backend]}: youthcop's "
            "bad-link limit then counts per worker process (4 workers accept 4 times "
            "BAD_LINK_LIMIT_PER_HOUR bad links) and its cache versions are not seen by other processes.",
            hint="Use a cache that every process shares for CACHES['default'], e.g. "
            "django.core.cache.backends.redis.RedisCache (the example site's production settings do when "
            "REDIS_URL is set).",
            obj="youthcop",
            id="youthcop.W001",
        )
    ]
