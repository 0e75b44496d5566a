"""Adopting the charter: freezing its text in every language into a numbered version."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import signals
from ..models import (
    Charter,
    CharterVersion,
    CharterVersionText,
    charter_text,
    text_sha256,
)
from .errors import NothingToAdopt, TranslationsOutdated
from .participation import participants_taking_part
from .proposals import _check_not_locked_by_other
from .text import draft_of, translations_to_update


def current_version(programme):
    """The latest adopted version of ``programme``'s charter, or None."""
    programme_id = getattr(programme, "pk", programme)
    return CharterVersion.objects.filter(programme_id=programme_id).order_by("-number").first()


def _drafts_by_language(charters, by):
    drafts = {}
    for charter in charters:
        _check_not_locked_by_other(charter, by)
        drafts[charter.locale.language_code] = (charter, draft_of(charter))
    return drafts


def _publish_adopted(charter, by):
    """Make the adopted draft the live charter too, so the admin shows what was adopted."""
    if charter.live and not charter.has_unpublished_changes:
        return
    revision = charter.latest_revision or charter.save_revision(user=by)
    revision.publish(user=by, skip_permission_checks=True)


def adopt_charter(charter, *, by, invite=True):
    """Freeze the current draft of ``charter`` (in all its languages) as a new version.

    Proposals close, signing of the new version opens, and — when ``invite`` —
    every participant taking part is emailed an invitation to sign it.
    Raises ``NothingToAdopt`` for an empty or unchanged draft, ``TranslationsOutdated``
    while a translation is older than the original's latest change, and
    ``CharterLocked`` while someone else is editing it.
    """
    programme = charter.programme
    with transaction.atomic():
        charters = list(
            Charter.objects.select_for_update().filter(programme=programme).select_related("locale").order_by("pk")
        )
        original = charters[0]
        drafts = _drafts_by_language(charters, by)
        original_language = original.locale.language_code
        if not drafts[original_language][1].commitment_texts():
            raise NothingToAdopt(_("The draft has no commitment yet: accept proposals or write some first."))
        # Every language signs the same text: one older than the original's latest change refuses
        # the adoption, whatever way it was translated (README rule 4).
        outdated = translations_to_update(list(drafts.values()))  # the original first
        if outdated:
            raise TranslationsOutdated(outdated, original_language)
        texts = {language: charter_text(draft) for language, (_row, draft) in drafts.items()}
        # A translation still identical to the original is not translated yet: its readers get the original.
        texts = {
            language: text
            for language, text in texts.items()
            if language == original_language or text != texts[original_language]
        }
        previous = current_version(programme)
        if previous and {t.language: t.text for t in previous.texts.all()} == texts:
            raise NothingToAdopt(
                _("Nothing changed since version %(number)s was adopted.") % {"number": previous.number}
            )
        version = CharterVersion.objects.create(
            programme=programme,
            number=(previous.number + 1) if previous else 1,
            original_language=original_language,
            adopted_by=by,
            adopted_by_name=(by.get_full_name() or by.get_username()) if by else "",
        )
        CharterVersionText.objects.bulk_create(
            [
                CharterVersionText(
                    version=version,
                    language=language,
                    title=draft.title,
                    text=texts[language],
                    sha256=text_sha256(texts[language]),
                )
                for language, (_row, draft) in drafts.items()
                if language in texts
            ]
        )
        for row in charters:
            _publish_adopted(row, by)
        Charter.objects.filter(programme=programme).update(proposals_open=False)
        log(
            original,
            "youthcop.charter.adopted",
            user=by,
            data={"version": version.number, "sha256": {lang: text_sha256(t) for lang, t in texts.items()}},
        )
        if invite:
            ids = list(participants_taking_part(programme).values_list("pk", flat=True))
            signals.signatures_requested.send(sender=CharterVersion, version=version, participant_ids=ids, kind="invitation")
    return version


def charter_page_url(token):
    """The participant's page to read and sign the charter."""
    return reverse("youthcop_charters:charter", args=[token])


