"""Sections that apps add to each other's pages through Wagtail hooks.

Dependencies point one way (programmes ← sessions, charters ← certificates),
so a page of ``programmes`` shows what the other apps know by calling a hook:

- ``youthcop_participant_sections(request, participant, token)`` — the
  participant's personal page;
- ``youthcop_programme_page_sections(request, programme)`` — the public
  programme page (no personal data, ever);
- ``youthcop_programme_admin_sections(request, programme)`` — the
  programme's page in the admin (the request's user is allowed to see it).

Each registered function returns an HTML string its app rendered (and so
escaped) from a template, or "" to add nothing. On the programme's admin
overview each section is one card or more (``<section class="yc-card">``).

- ``youthcop_session_admin_sections(request, session)`` — a session's page
  in the admin (the request's user may view the session; a section checks
  any narrower rule of its own), e.g. feedback's ratings of a workshop.

- ``youthcop_programme_admin_buttons(request, programme)`` returns a list of
  Wagtail ``Button``s for the overview's action bar (sessions' "Plan the
  year" and "Calendar"), only those the user may follow.

The admin's participants list takes columns the same way:

- ``youthcop_participant_list_columns(request)`` returns a ``(column,
  annotate)`` pair, or ``None`` to add nothing: ``column`` a Wagtail table
  ``Column`` (``youthcop.programmes.columns.StateColumn`` shows a state as an
  icon and a word), and ``annotate(queryset)`` the list's participants
  queryset annotated with what the column reads, so that the list costs the
  same number of queries whatever its length (charters' "Charter signed").

The public programme page caches its sections (``PROGRAMME_SECTIONS_CACHE_SECONDS``)
under a per-programme cache version (``youthcop.core.cache.programme_sections``).
An app whose data appears in those sections calls
``bump_programme_sections(programme_id)`` when that data changes (its signal
receivers do), and a section that goes stale with time alone (a
"next session" once it has started) calls ``fresh_until(request,
moment)`` while rendering, so that the cached copy expires then. The
participant's page is kept whole the same way (``youthcop.core.personal_pages``):
a participant section calls ``fresh_until`` for what it shows that changes
with time alone (a session starting, a rating window closing), and needs no
version of its own (any write to youthcop's data expires the copy).
"""

from django.utils.safestring import mark_safe
from wagtail import hooks

from .cache import bump_on_commit, programme_sections

FRESH_UNTIL_ATTRIBUTE = "_youthcop_sections_fresh_until"


def hook_sections(hook_name, *args):
    """The non-empty HTML fragments of ``hook_name``'s functions, in hook order."""
    sections = []
    for section in hooks.get_hooks(hook_name):
        html = section(*args)
        if html:
            sections.append(mark_safe(html))  # rendered from the owning app's template
    return sections


def bump_programme_sections(programme_id):
    """Expire the programme page's cached sections once the current transaction commits.

    After the commit, not before: a page rendered in between would otherwise
    cache the old data under the new version.
    """
    if programme_id is not None:
        bump_on_commit(programme_sections(programme_id))


def fresh_until(request, moment):
    """Called by a section while rendering: what it shows goes stale at ``moment`` (an aware datetime; None:
    nothing)."""
    if request is None or moment is None:
        return
    current = getattr(request, FRESH_UNTIL_ATTRIBUTE, None)
    if current is None or moment < current:
        setattr(request, FRESH_UNTIL_ATTRIBUTE, moment)
