"""System checks of the youthcop app: what a site must add to run youthcop.

The README's "Install in your own Wagtail site" names each of these; the checks
say which one a site lacks at ``manage.py check`` (and at every start of
``runserver`` or ``migrate``), instead of a 404 or a 500 later. The charters
app checks its own middleware (``youthcop_charters.E001``).
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

# Apps youthcop's models and views need, besides Wagtail's own (INSTALLED_APPS names).
REQUIRED_APPS = [
    "youthcop",
    "youthcop.programmes",
    "youthcop.privacy",
    "youthcop.pages",
    "youthcop.sessions",
    "youthcop.charters",
    "youthcop.certificates",
    "youthcop.evaluation",
    "youthcop.feedback",
    "youthcop.advisors",
    "wagtail_localize",  # charters are translated with it
    "wagtail.contrib.settings",  # the certificates' site settings (logos, signatory)
]

INCLUDE = 'path("youthcop/", include("youthcop.urls"))'
CATCH_ALL = 'path("", include(wagtail_urls))'
# A public youthcop URL, resolved back to see whether youthcop's view or another answers it.
PROBE_URL_NAME = "youthcop_certificates:verify_form"

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


@checks.register()
def required_apps_installed(app_configs, **kwargs):
    missing = [name for name in REQUIRED_APPS if not apps.is_installed(name)]
    if not missing:
        return []
    return [
        checks.Error(
            f"youthcop needs these apps in INSTALLED_APPS: {', '.join(missing)}.",
            hint="Add them to INSTALLED_APPS as the README's \"Install in your own Wagtail site\" shows.",
            obj="youthcop",
            id="youthcop.E001",
        )
    ]


@checks.register(checks.Tags.urls)
def urls_included_before_wagtail(app_configs, **kwargs):
    """youthcop's public URLs (personal links, consent, charter, feeds, verification) must reach its views.

    Django tries URL patterns in order, and Wagtail's catch-all
    ``path("", include(wagtail_urls))`` answers every path it is given, with a
    page or a 404: youthcop's URLs included after it are never reached.
    """
    try:
        path = reverse(PROBE_URL_NAME)
    except NoReverseMatch:
        return [
            checks.Error(
                "youthcop's URLs are not included in the site's URLconf: personal links, guardian consent, "
                "charters, calendar feeds and certificate verification have no address.",
                hint=f"Add {INCLUDE} to urlpatterns in {settings.ROOT_URLCONF}, before Wagtail's catch-all "
                f"{CATCH_ALL}.",
                obj="youthcop",
                id="youthcop.E002",
            )
        ]
    except Exception:  # noqa: BLE001  a URLconf that fails to load: Django's own URL checks report it
        return []
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and match.view_name == PROBE_URL_NAME:
        return []
    answered = f"is served by {match.func.__module__}.{match.func.__qualname__}" if match else "resolves to no view"
    return [
        checks.Error(
            f"youthcop's URLs are included after a pattern that answers them first: {path} {answered}, so "
            "every youthcop link answers 404.",
            hint=f"Move {INCLUDE} above Wagtail's catch-all {CATCH_ALL} in {settings.ROOT_URLCONF}: Django "
            "tries URL patterns in order.",
            obj="youthcop",
            id="youthcop.E003",
        )
    ]


@checks.register()
def base_url_set(app_configs, **kwargs):
    """Emails (personal links, guardian consent, charters) and certificates' QR codes carry absolute links."""
    if getattr(settings, "WAGTAILADMIN_BASE_URL", ""):
        return []
    return [
        checks.Error(
            "WAGTAILADMIN_BASE_URL is not set: youthcop cannot write the links it emails (personal pages, "
            "guardian consent, charters) nor the verification address on certificates.",
            hint='Set WAGTAILADMIN_BASE_URL to the site\'s public address, e.g. "https://youth.example.org" '
            "(no trailing slash).",
            obj="youthcop",
            id="youthcop.E004",
        )
    ]
