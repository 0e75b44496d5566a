"""The charter's text and its translations (wagtail-localize), kept up to date with the original."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from ..models import (
    Charter,
    charter_text,
)
from .errors import CharterError
from .participation import participants_taking_part


def charters_of(programme):
    """The programme's charter in each language, the original first."""
    return Charter.objects.filter(programme=programme).select_related("locale").order_by("pk")


def original_charter(programme):
    """The charter first written for ``programme`` (its translations came later), or None."""
    return charters_of(programme).first()


def draft_of(charter):
    """The latest draft of ``charter`` (its latest revision, else the saved row)."""
    return charter.get_latest_revision_as_object()


def locales_to_translate_into(programme):
    """The site's locales the programme's charter does not exist in yet."""
    return Locale.objects.exclude(pk__in=charters_of(programme).values("locale_id")).order_by("language_code")


def _sync_localize_source(original):
    """wagtail-localize's source of the charter, updated from its draft (what will be adopted), not its live row."""
    source, _created = TranslationSource.update_or_create_from_instance(draft_of(original))
    return source


def translate_charter(programme, locale, *, by):
    """Start a wagtail-localize translation of the programme's original charter into ``locale``.

    Returns the translated charter, a copy of the original until its strings are
    translated in wagtail-localize's editor (an untranslated copy is not adopted).
    """
    original = original_charter(programme)
    if original is None:
        raise CharterError(_("Create the programme's charter before translating it."))
    with transaction.atomic():
        _sync_localize_source(original)
        translate_object(original, [locale], user=by)
    return original.get_translation(locale)


def update_translations(programme, *, by):
    """Bring every wagtail-localize translation up to the original's draft. Returns how many.

    Strings already translated are kept; new or changed ones stay in the
    original language until someone translates them.
    """
    original = original_charter(programme)
    if original is None:
        return 0
    with transaction.atomic():
        source = _sync_localize_source(original)
        translations = list(source.translations.filter(enabled=True))
        for localize_translation in translations:
            localize_translation.save_target(user=by, publish=False)
    return len(translations)


def text_changed_at(charter, draft=None):
    """When the text of ``charter``'s draft last changed (its latest revision's stamp, else the row's)."""
    draft = draft if draft is not None else draft_of(charter)
    return draft.text_changed_at or charter.text_changed_at


def _localize_translations(original):
    """wagtail-localize's translations of ``original`` still in progress, by target language."""
    translations = Translation.objects.filter(
        source__object_id=original.translation_key, source__locale_id=original.locale_id, enabled=True
    ).select_related("target_locale")
    return {t.target_locale.language_code: t for t in translations}


def translations_to_update(charters_and_drafts):
    """The languages whose text must be brought up to date before the next adoption (README rule 4).

    ``charters_and_drafts`` is the programme's charters with their drafts, the original first.
    A translation is out of date when its text last changed before the original's latest
    change, however it was made (wagtail-localize, a copy, added by hand with ``?locale=``),
    or when wagtail-localize still has some of its texts in the original language (an update
    brought the new ones in untranslated). A copy still identical to the original is not a
    translation yet, and its readers get the original, unless the original changed since.
    """
    (original, original_draft), *others = charters_and_drafts
    original_changed = text_changed_at(original, original_draft)
    original_text = charter_text(original_draft)
    localize = _localize_translations(original) if others else {}
    languages = []
    for row, draft in others:
        language = row.locale.language_code
        changed = text_changed_at(row, draft)
        if original_changed and (changed is None or changed < original_changed):
            languages.append(language)
        elif language in localize and charter_text(draft) != original_text:
            total, translated = localize[language].get_progress()
            if translated < total:
                languages.append(language)
    return sorted(languages)


def translated_by_hand(programme):
    """Languages of the programme's charter that wagtail-localize does not keep in step (copies, added by hand)."""
    original = original_charter(programme)
    if original is None:
        return []
    synced = _localize_translations(original)
    codes = charters_of(programme).exclude(pk=original.pk).values_list("locale__language_code", flat=True)
    return sorted(code for code in codes if code not in synced)


def languages_to_update(programme):
    """``translations_to_update`` of ``programme``'s charters as they are now."""
    return translations_to_update([(row, draft_of(row)) for row in charters_of(programme)])


def missing_languages(programme):
    """Languages that participants taking part read but the charter does not exist in."""
    present = set(charters_of(programme).values_list("locale__language_code", flat=True))
    read = set(participants_taking_part(programme).values_list("preferred_language", flat=True))
    return sorted(read - present)


def original_charters_of(programmes):
    """``{programme pk: its original charter}`` for ``programmes`` (those with a charter). One query."""
    originals = {}
    for charter in Charter.objects.filter(programme__in=programmes).order_by("pk"):
        originals.setdefault(charter.programme_id, charter)
    return originals
