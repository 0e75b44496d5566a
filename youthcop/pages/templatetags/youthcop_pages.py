"""Template tags of youthcop's public pages: language switcher, hreflang, menu, sections.

``{% load youthcop_pages %}`` then:

- ``{% page_languages page as languages %}`` — one entry per site language:
  ``code``, ``name`` (in that language), ``url``, ``absolute_url``,
  ``is_current``, ``is_default``, ``is_translation`` (False when the link
  falls back to that language's home page, for a page not translated yet
  or only copied there as an alias of the original).
- ``{% menu_pages as menu %}`` — the home page and its menu pages, in the
  active language.
- ``{% programme_sections programme as sections %}`` — the HTML fragments
  other apps add to a programme page (``youthcop_programme_page_sections``).

Links and menu are cached until any page is published, unpublished or deleted.
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from wagtail.models import Page, Site

from youthcop.core import cache as youthcop_cache
from youthcop.core.cache import PAGES, version
from youthcop.pages.sections import cached_programme_page_sections

register = template.Library()

NAVIGATION_CACHE_SECONDS = 3600


def site_languages():
    return [code for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES)]


def native_name(code):
    """The language's own name ("Français", "Nederlands"): readers look for their language in it."""
    try:
        return capfirst(get_language_info(code)["name_local"])
    except KeyError:
        return code


def _live_translations(site, translation_keys):
    """{translation_key: {language_code: page summary}} of live, unrestricted pages, in one query."""
    found = {}
    pages = (
        Page.objects.filter(translation_key__in=translation_keys, view_restrictions__isnull=True)
        .live()
        .select_related("locale")
    )
    for page in pages:
        url = page.get_url(current_site=site)  # relative on this site: works behind any host name
        if url:
            found.setdefault(page.translation_key, {})[page.locale.language_code] = {
                "id": page.pk,
                "title": page.title,
                "url": url,
                "path": page.path,
                "depth": page.depth,
                "locale_id": page.locale_id,
                "alias": page.alias_of_id is not None,  # the original's content, not a translation
            }
    return found


def _navigation(site, page):
    """Live translations of ``page`` and of the site's home page (cached per publication)."""
    root = site.root_page
    keys = sorted({str(root.translation_key), str(page.translation_key)})
    key = f"youthcop:navigation:{site.pk}:{':'.join(keys)}:{version(PAGES)}"
    navigation = youthcop_cache.get(key)
    if navigation is None:
        translations = _live_translations(site, keys)
        navigation = {
            "own": translations.get(page.translation_key, {}),
            "homes": translations.get(root.translation_key, {}),
        }
        youthcop_cache.store(key, navigation, NAVIGATION_CACHE_SECONDS)
    return navigation


def language_links(request, page):
    """Links to ``page`` in each site language, falling back to that language's home page."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    navigation = _navigation(site, page)
    homes = navigation["homes"]
    own = {code: target for code, target in navigation["own"].items() if not target.get("alias")}
    links = []
    for code in site_languages():
        target = own.get(code) or homes.get(code)
        if target:
            links.append(
                {
                    "code": code,
                    "name": native_name(code),
                    "url": target["url"],
                    "absolute_url": request.build_absolute_uri(target["url"]),
                    "is_translation": code in own,
                    "is_current": target["id"] == page.pk,
                    "is_default": code == settings.LANGUAGE_CODE,
                }
            )
    return links


@register.simple_tag(takes_context=True)
def page_languages(context, page=None):
    page = page or context.get("page")
    request = context.get("request")
    if request is None or not isinstance(page, Page) or not page.pk:
        return []
    return language_links(request, page)


@register.simple_tag(takes_context=True)
def menu_pages(context, page=None):
    """The home page in the active language, then its live menu pages (cached per publication)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    page = page if isinstance(page, Page) and page.pk else site.root_page
    language = translation.get_language()
    home = _navigation(site, page)["homes"].get(language)
    if home is None:
        return []
    key = f"youthcop:menu:{site.pk}:{home['id']}:{version(PAGES)}"
    entries = youthcop_cache.get(key)
    if entries is None:
        children = (
            Page.objects.filter(path__startswith=home["path"], depth=home["depth"] + 1, view_restrictions__isnull=True)
            .live()
            .in_menu()
            .order_by("path")
        )
        entries = [{"title": home["title"], "url": home["url"], "id": home["id"]}]
        entries += [{"title": c.title, "url": c.get_url(current_site=site), "id": c.pk} for c in children]
        youthcop_cache.store(key, entries, NAVIGATION_CACHE_SECONDS)
    return entries


@register.simple_tag(takes_context=True)
def programme_sections(context, programme):
    """What other apps add to a programme page (cached as the site allows, see ``cached_programme_page_sections``)."""
    return cached_programme_page_sections(context.get("request"), programme)


@register.simple_tag(takes_context=True)
def content_language(context, languages):
    """The language of the page's own content: from the links already computed (no query), else the page's
    (an alias shows its original's content, in the original's language)."""
    for language in languages:
        if language["is_current"]:
            return language["code"]
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return ""
    if page.alias_of_id:
        return Page.objects.filter(pk=page.alias_of_id).values_list("locale__language_code", flat=True).first() or ""
    return page.locale.language_code
