"""Receivers connected in ``PagesConfig.ready``: what expires the public pages' cached copies.

- any page published, unpublished, moved or deleted: the ``PAGES`` version
  (routes, menus, language links, breadcrumbs, sections);
- a programme, its partner organisations, an organisation or their texts in
  a language saved or deleted: the ``PROGRAMMES`` version (the programme
  page's partners, police zone, reward), and a programme's own sections.

And a programme page translated with wagtail-localize has its parents translated in the same go
(``translation.py``).

Each version is bumped at once, so the request that made the change sees it,
and again once the transaction commits, so that no request rendered in
between keeps the old rows under the new version.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from youthcop.core.cache import PAGES, PROGRAMMES, bump, bump_on_commit
from youthcop.core.sections import bump_programme_sections

from .translation import translate_parents_too


def bump_now_and_on_commit(name):
    bump(name)
    bump_on_commit(name)


def pages_changed(**kwargs):
    # Any publication can change a language switcher or a list: cached fragments keyed on this expire.
    bump_now_and_on_commit(PAGES)


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_now_and_on_commit(PAGES)


def programmes_changed(**kwargs):
    bump_now_and_on_commit(PROGRAMMES)


def programme_changed(sender, instance, **kwargs):
    bump_programme_sections(instance.pk)


def register_signal_handlers():
    page_published.connect(pages_changed, dispatch_uid="youthcop_pages_published")
    page_unpublished.connect(pages_changed, dispatch_uid="youthcop_pages_unpublished")
    post_page_move.connect(pages_changed, dispatch_uid="youthcop_pages_moved")
    post_delete.connect(page_deleted, dispatch_uid="youthcop_pages_deleted")

    # The texts readers see of programmes and organisations (``youthcop.programmes.wording``) too.
    for model in (
        "youthcop_programmes.Programme",
        "youthcop_programmes.Organisation",
        "youthcop_programmes.ProgrammeText",
        "youthcop_programmes.OrganisationText",
    ):
        post_save.connect(programmes_changed, sender=model, dispatch_uid=f"youthcop_pages_{model}_saved")
        post_delete.connect(programmes_changed, sender=model, dispatch_uid=f"youthcop_pages_{model}_deleted")
    m2m_changed.connect(
        programmes_changed,
        sender="youthcop_programmes.Programme_partner_organisations",
        dispatch_uid="youthcop_pages_programme_partners",
    )
    post_save.connect(
        translate_parents_too, sender="wagtail_localize.Translation", dispatch_uid="youthcop_pages_translate_parents"
    )

    programme = "youthcop_programmes.Programme"
    post_save.connect(programme_changed, sender=programme, dispatch_uid="youthcop_pages_sections_saved")
    post_delete.connect(programme_changed, sender=programme, dispatch_uid="youthcop_pages_sections_deleted")
