"""Serving public pages cheaply: shared caching, the whole HTML cached, view restrictions in one query, routing by ``url_path``.

A site's own page models use these too (the example site's home page and
standard pages), so they live apart from youthcop's page models.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from wagtail.models import Page, PageViewRestriction, Site

from youthcop.core import cache as youthcop_cache
from youthcop.core.cache import KEY, PAGES, PROGRAMMES, version
from youthcop.core.conf import youthcop_settings
from youthcop.core.sections import FRESH_UNTIL_ATTRIBUTE

ROUTE_CACHE_SECONDS = 3600
PAGE_CACHE_SECONDS = 3600  # a public page's whole HTML, for the models that keep it (see PublicPageMixin)


def allow_shared_caching(response, request):
    """Let a frontend cache keep an anonymous page for a while (nothing personal is on it)."""
    seconds = youthcop_settings.PUBLIC_PAGE_MAX_AGE
    if seconds and not request.user.is_authenticated and not getattr(request, "is_preview", False):
        patch_cache_control(response, public=True, max_age=seconds, s_maxage=seconds)
    return response


def _site_part(request):
    """What of the request's host and Wagtail Site a page's HTML shows (absolute links, the site's name)."""
    site = getattr(request, "_wagtail_site", None) or Site.find_for_request(request)
    seen = f"{request.scheme}://{request.get_host()}|{getattr(site, 'pk', '')}|{getattr(site, 'site_name', '')}"
    return hashlib.md5(seen.encode(), usedforsecurity=False).hexdigest()[:12]


def _html_may_be_shared(request, response):
    """Nothing in the rendered HTML belongs to this request alone (a CSP nonce, a CSRF token, a cookie)."""
    return (
        response.status_code == 200
        and not response.cookies
        and not isinstance(getattr(request, "_csp_nonce", None), str)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


class PublicPageMixin:
    """Cache-friendly serving of anonymous public pages.

    A page model that sets ``page_cache_seconds`` also keeps its whole HTML for
    anonymous visitors in the cache: one copy per page, language, host and
    versions (``page_cache_versions``: ``PAGES`` and ``PROGRAMMES`` unless the
    model names more), never outliving what a section said about its freshness
    (``youthcop.core.sections.fresh_until``). Whatever such a
    page shows must bump one of those versions when it changes. A page read
    with a query string, a preview, or by a logged-in user is rendered as usual.
    """

    page_cache_seconds = 0

    def page_cache_versions(self):
        return (PAGES, PROGRAMMES)

    def serve(self, request, *args, **kwargs):
        key = self._page_cache_key(request, args, kwargs)
        if key is None:
            response = super().serve(request, *args, **kwargs)
        else:
            html = youthcop_cache.get(key)
            if html is not None:
                response = HttpResponse(html)
            else:
                setattr(request, FRESH_UNTIL_ATTRIBUTE, None)
                response = super().serve(request, *args, **kwargs)
                if hasattr(response, "add_post_render_callback"):
                    response.add_post_render_callback(lambda rendered: self._keep_html(request, rendered, key))
        return allow_shared_caching(response, request)

    def _page_cache_key(self, request, args, kwargs):
        seconds = self.page_cache_seconds
        if (
            not seconds
            or args
            or kwargs
            or request.method not in ("GET", "HEAD")
            or request.GET
            or getattr(request, "is_preview", False)
            or request.user.is_authenticated
        ):
            return None
        names = self.page_cache_versions()
        youthcop_cache.get_many([KEY.format(name) for name in names])  # one round trip at most, often none
        versions = ":".join(str(version(name)) for name in names)
        return f"youthcop:page:{self.pk}:{translation.get_language()}:{_site_part(request)}:{versions}"

    def _keep_html(self, request, response, key):
        if not _html_may_be_shared(request, response):
            return
        seconds = self.page_cache_seconds
        fresh_until = getattr(request, FRESH_UNTIL_ATTRIBUTE, None)
        if fresh_until is not None:
            seconds = min(seconds, int((fresh_until - timezone.now()).total_seconds()))
        if seconds > 0:
            youthcop_cache.store(key, response.content.decode(response.charset), seconds)

    def get_view_restrictions(self):
        """Wagtail's rule in one query instead of two: the restrictions of this page and its
        ancestors, an alias ancestor counting through the page it is an alias of."""
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        alias_sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of_id")
        return PageViewRestriction.objects.filter(
            models.Q(page__path__in=paths, page__alias_of__isnull=True) | models.Q(page_id__in=alias_sources)
        )


class UrlPathRoutingMixin:
    """Routes a whole sub-path by ``url_path`` instead of walking down the tree level by level.

    For a site's root page (the example site's HomePage uses it). The page
    found for a path is remembered until any page is published, unpublished,
    moved or deleted, so a warm request costs one query: the page itself,
    with what its model names in ``serving_select_related``. When no page has
    exactly that URL (say, a routable page consuming part of the path),
    Wagtail's usual walk takes over. The root's translation in the active
    language is remembered the same way.
    """

    @property
    def localized(self):
        """Wagtail's live translation in the active language, remembered until any page is published.

        Wagtail asks the site's root page for it on every request (the active
        Locale, then the translation: two queries).
        """
        if not self.pk or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return super().localized
        key = f"youthcop:localized:{self.pk}:{translation.get_language()}:{version(PAGES)}"
        page = youthcop_cache.get(key)
        if page is None:
            page = super().localized.specific  # routing starts from it: keep the specific form
            youthcop_cache.store(key, page, ROUTE_CACHE_SECONDS)
        return page

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        found = self._page_for_path(self.url_path + "/".join(path_components) + "/")
        if found is None:
            return super().route(request, path_components)
        page_id, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.select_related(*getattr(model, "serving_select_related", ())).filter(pk=page_id).first()
        if page is None or not page.url_path.startswith(self.url_path):
            return super().route(request, path_components)
        return page.route(request, [])

    def _page_for_path(self, url_path):
        key = f"youthcop:route:{self.pk}:{version(PAGES)}:{url_path}"
        found = youthcop_cache.get(key)
        if found is None:
            row = (
                Page.objects.filter(path__startswith=self.path, url_path=url_path)
                .values_list("pk", "content_type_id")
                .first()
            )
            if row is None:
                return None
            found = tuple(row)
            youthcop_cache.store(key, found, ROUTE_CACHE_SECONDS)
        return found
