"""What other apps add to a programme's public page, through the ``youthcop_programme_page_sections`` hook.

Sessions and charter data come from the apps that own them, so that the
pages never import them (dependencies point one way); see
``youthcop.core.sections``.
"""

from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from youthcop.core import cache as youthcop_cache
from youthcop.core.cache import PAGES, programme_sections, version
from youthcop.core.conf import youthcop_settings
from youthcop.core.sections import FRESH_UNTIL_ATTRIBUTE, hook_sections, fresh_until

SECTIONS_HOOK = "youthcop_programme_page_sections"


def programme_page_sections(request, programme):
    """HTML fragments other apps add to a programme's public page, in hook order."""
    return hook_sections(SECTIONS_HOOK, request, programme)


def cached_programme_page_sections(request, programme):
    """``programme_page_sections``, cached for ``PROGRAMME_SECTIONS_CACHE_SECONDS`` (0: not cached).

    The key holds the programme's sections version (bumped by the apps whose
    data the sections show, see ``youthcop.core.sections``), the language and the
    pages version; a copy never outlives the moment a section said it goes
    stale (the next session's start), and says when that is to the request
    (``fresh_until``), for the page's own cached copy.
    Previews are never cached.
    """
    seconds = youthcop_settings.PROGRAMME_SECTIONS_CACHE_SECONDS
    if not seconds or request is None or getattr(request, "is_preview", False):
        return programme_page_sections(request, programme)
    key = (
        f"youthcop:programme-page-sections:{programme.pk}:{translation.get_language()}:"
        f"{version(PAGES)}:{version(programme_sections(programme.pk))}"
    )
    cached = youthcop_cache.get(key)
    if cached is None:
        enclosing = getattr(request, FRESH_UNTIL_ATTRIBUTE, None)  # what the rest of the page said, if anything
        setattr(request, FRESH_UNTIL_ATTRIBUTE, None)
        sections = [str(section) for section in programme_page_sections(request, programme)]
        stale_at = getattr(request, FRESH_UNTIL_ATTRIBUTE, None)
        setattr(request, FRESH_UNTIL_ATTRIBUTE, enclosing)
        if stale_at is not None:
            seconds = min(seconds, int((stale_at - timezone.now()).total_seconds()))
        cached = (sections, stale_at)
        if seconds > 0:
            youthcop_cache.store(key, cached, seconds)
    sections, stale_at = cached
    fresh_until(request, stale_at)  # the whole page's cached copy expires then too
    return [mark_safe(section) for section in sections]  # HTML the owning apps rendered and escaped
