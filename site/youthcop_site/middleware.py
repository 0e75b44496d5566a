"""Middleware of the example site.

``SiteLocaleMiddleware`` is Django's LocaleMiddleware without its redirect of
404s outside the language-prefixed pages.

``CachedSiteMiddleware`` keeps the Wagtail Site and its home page in the
cache. Wagtail looks up the Site for every request (one query) and then loads
the site's home page in its specific form (another); both change only when a
page is published or a Site is edited, so the cached copy holds youthcop's
pages version and a Site version (``youthcop.core.cache``) it was read under,
and all three are read in one round trip. Run several
processes with a shared cache (Redis, as in production settings): with a
per-process cache, a change reaches other processes within
``SITE_CACHE_SECONDS``.

``ContentSecurityPolicyMiddleware`` is django-csp's, with a policy of its own
for the Wagtail admin.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from wagtail.models import Site

from youthcop.core import cache as youthcop_cache
from youthcop.core.cache import KEY, PAGES, bump, version

SITE_CACHE_SECONDS = 300
SITES = "youthcop_site:sites"  # cache version of the Wagtail Sites


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without its redirect of 404s outside the language-prefixed pages.

    The admin and youthcop's personal links have no language prefix: a 404
    there (an unknown object, a bad link) must stay a 404, not turn into a
    redirect to /en/….
    """

    UNPREFIXED = ("/admin/", "/youthcop/", "/documents/")

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.UNPREFIXED):
            return response
        return super().process_response(request, response)


def bump_sites_version(**kwargs):
    bump(SITES)


def connect_signals():
    post_save.connect(bump_sites_version, sender=Site, dispatch_uid="youthcop_site_sites_saved")
    post_delete.connect(bump_sites_version, sender=Site, dispatch_uid="youthcop_site_sites_deleted")


class CachedSiteMiddleware:
    """Sets Wagtail's per-request Site (``request._wagtail_site``) from the cache on public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path.startswith("/admin/"):
            self.attach_site(request)
        return self.get_response(request)

    def attach_site(self, request):
        try:
            host = request.get_host()
        except DisallowedHost:
            return  # Wagtail and Django answer this request as they would without us
        # One round trip for the site and both versions: the entry's key holds no version, its value
        # says which versions it was read under and is used only while they are the current ones.
        key = f"youthcop_site:site:{host}:{request.get_port()}"
        found = youthcop_cache.get_many([KEY.format(SITES), KEY.format(PAGES), key])
        current = (version(SITES), version(PAGES))  # both read already: no round trip
        entry = found[key]
        if entry is not None and entry[0] == current:
            site = entry[1]
        else:
            site = Site.find_for_request(request)
            if site is None:
                return
            site.root_page = site.root_page.specific  # routing starts from it: keep the specific form
            youthcop_cache.store(key, (current, site), SITE_CACHE_SECONDS)
        request._wagtail_site = site


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware: ``CONTENT_SECURITY_POLICY``, or ``ADMIN_CONTENT_SECURITY_POLICY`` in the admin.

    The strict policy covers everything the public and the participants see;
    the Wagtail admin, which still needs inline scripts and styles (see the
    settings), gets its own. A view that sets its policy with django-csp's
    decorators keeps it.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_policy = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", None)
        if not report_only and admin_policy and parts.config is None and self.in_admin(request):
            parts.config = default_config(admin_policy["DIRECTIVES"])
        return parts

    @staticmethod
    def in_admin(request):
        return request.path_info.startswith(reverse("wagtailadmin_home"))
