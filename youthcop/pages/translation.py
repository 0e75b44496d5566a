"""Translating a programme page translates the pages above it in the same go.

wagtail-localize creates a translated page under its parent's translation.
When a parent is not translated yet, it copies it as an *alias* of the
original: a live page in the new locale that shows the original's title and
text and cannot be translated from wagtail-localize's list of translations.
The menu and the breadcrumb of the translated programme page then stay in
the original language, and nothing tells the translator that the parents
need translating.

Here, when wagtail-localize starts translating a programme page or a
programme index into a locale, each of its ancestors without a translation in
that locale (or with only an alias there) is submitted for translation too,
from the top down, before the page itself is copied: the parents become
wagtail-localize translations, listed with the page in the translator's work
and published as the original is (``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE``).
Until their strings are translated they read in the original language, as an
alias would; once translated and published, menu and breadcrumb follow.

Other page types keep wagtail-localize's own behaviour.
"""

from wagtail.models import Page
from wagtail_localize.operations import translate_object


def youthcop_page_models():
    from .models import ProgrammeIndexPage, ProgrammePage

    return (ProgrammeIndexPage, ProgrammePage)


def untranslated_ancestors(page, locale):
    """``page``'s ancestors below the tree's root, from the top, that have no real translation in ``locale``."""
    ancestors = list(page.get_ancestors().filter(depth__gt=1).order_by("path"))
    if not ancestors:
        return []
    translated = set(
        Page.objects.filter(
            translation_key__in=[ancestor.translation_key for ancestor in ancestors],
            locale=locale,
            alias_of__isnull=True,
        ).values_list("translation_key", flat=True)
    )
    return [ancestor for ancestor in ancestors if ancestor.translation_key not in translated and ancestor.locale_id != locale.pk]


def translate_parents_too(sender, instance, created, **kwargs):
    """``post_save`` of wagtail-localize's ``Translation``: a new translation of a youthcop page starts with its
    parents' (before wagtail-localize copies the page under them)."""
    if not created or not instance.enabled:
        return
    model = instance.source.specific_content_type.model_class()
    if model is None or not issubclass(model, youthcop_page_models()):
        return
    page = Page.objects.filter(translation_key=instance.source.object_id, locale=instance.source.locale).first()
    if page is None:
        return
    for ancestor in untranslated_ancestors(page, instance.target_locale):
        translate_object(ancestor.specific, [instance.target_locale])
