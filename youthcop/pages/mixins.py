"""Serving public pages cheaply: shared caching, view restrictions in one query, routing by ``url_path``.

A site's own page models use these too (the example site's home page and
standard pages), so they live apart from youthcop's page models.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.utils import translation
from django.utils.cache import patch_cache_control
from wagtail.models import Page, PageViewRestriction

from youthcop.core.cache import PAGES, version
from youthcop.core.conf import youthcop_settings

ROUTE_CACHE_SECONDS = 3600


def allow_shared_caching(response, request):
    """Let a frontend cache keep an anonymous page for a while (nothing personal is on it)."""
    seconds = youthcop_settings.PUBLIC_PAGE_MAX_AGE
    if seconds and not request.user.is_authenticated and not getattr(request, "is_preview", False):
        patch_cache_control(response, public=True, max_age=seconds, s_maxage=seconds)
    return response


class PublicPageMixin:
    """Cache-friendly serving of anonymous public pages."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return allow_shared_caching(response, request)

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
        page = cache.get(key)
        if page is None:
            page = super().localized.specific  # routing starts from it: keep the specific form
            cache.set(key, page, ROUTE_CACHE_SECONDS)
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
        found = cache.get(key)
        if found is None:
            row = (
                Page.objects.filter(path__startswith=self.path, url_path=url_path)
                .values_list("pk", "content_type_id")
                .first()
            )
            if row is None:
                return None
            found = tuple(row)
            cache.set(key, found, ROUTE_CACHE_SECONDS)
        return found
