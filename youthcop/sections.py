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
escaped) from a template, or "" to add nothing.
"""

from django.utils.safestring import mark_safe
from wagtail import hooks


def hook_sections(hook_name, *args):
    """The non-empty HTML fragments of ``hook_name``'s functions, in hook order."""
    sections = []
    for section in hooks.get_hooks(hook_name):
        html = section(*args)
        if html:
            sections.append(mark_safe(html))  # rendered from the owning app's template
    return sections
