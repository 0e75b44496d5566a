"""What programme pages show of a programme, in the page's language (``youthcop.programmes.wording``).

A programme page is in one locale: the police zone's and partners' names, the
programme's description and reward it shows are read in that locale's
language, the original where a translation is missing. The page's own locale
decides, not the active language: an English page served under ``/de/`` (not
translated yet) stays English throughout, and is marked so.
"""

from collections import defaultdict
from types import SimpleNamespace

from youthcop.programmes.wording import Wording


def page_language(page):
    """The language of ``page``'s content (its locale's)."""
    return page.locale.language_code


def programme_page_wording(page):
    """Context for a programme page: ``worded_programme`` (its name, description, reward and police zone in the
    page's language) and ``worded_partners`` (called by the template only when its cached fragment is rendered).
    """
    programme = page.programme
    wording = Wording(programme, page_language(page))

    def worded_partners():
        return wording.organisations(programme.partner_organisations.all())

    return {"worded_programme": wording.programme, "worded_partners": worded_partners}


def with_worded_police_zones(programme_pages):
    """``programme_pages`` as a list, each with ``worded_police_zone`` in its language (one query a language)."""
    pages = list(programme_pages)
    by_language = defaultdict(list)
    for page in pages:
        if page.programme.police_zone_id is not None:
            by_language[page_language(page)].append(page)
    for language, group in by_language.items():
        wording = Wording(group[0].programme, language)
        zones = wording.organisations(page.programme.police_zone for page in group)
        for page, zone in zip(group, zones, strict=True):
            page.worded_police_zone = zone
    return pages


def worded_zone_choices(zones, language):
    """A listing's police zone filter, ``[(id as str, name)]``, with the names in ``language``, sorted again."""
    if not zones:
        return zones
    wording = Wording(None, language)
    named = wording.organisations(SimpleNamespace(pk=int(pk), name=name) for pk, name in zones)
    return sorted(((str(zone.pk), zone.name) for zone in named), key=lambda row: row[1].casefold())
