"""What readers see of a programme, in their language.

A programme's name, description and reward, its organisations' names and its
sessions' titles, themes and venue directions are written by staff once, in
the site's default language, on the programme, organisation and session
themselves. They are translated with wagtail-localize, like pages and the
charter: each programme has a ``ProgrammeText`` (holding a ``SessionText`` per
session) and each organisation an ``OrganisationText`` — in the default locale
a copy of what staff wrote (``sync_programme_texts``), in other locales
wagtail-localize's translations of that copy (``translate_programme_texts``).

A reader gets the translation in their language and, field by field, the
original where a translation is missing:

    wording = Wording(programme, "nl")
    wording.programme.name, wording.programme.police_zone.name
    for session in wording.sessions(sessions): session.title

``Wording`` costs at most three queries whatever the number of sessions, none
in the default language. The objects it returns are for reading (templates,
emails, calendars, PDFs): they stand for the model instance everywhere else
but are not one, so never save them or give them to a query.
"""

from functools import cached_property

from django.conf import settings
from django.db import transaction
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from .models import Organisation, OrganisationText, Programme, ProgrammeText

PROGRAMME_FIELDS = {"name": "name", "description": "description", "reward_description": "reward"}
SESSION_FIELDS = ("title", "theme", "venue_directions", "venue_accessibility")


class Worded:
    """A model instance as a reader sees it: some texts in the reader's language, everything else its own."""

    def __init__(self, instance, **texts):
        self.__dict__["_instance"] = instance
        self.__dict__.update(texts)

    def __getattr__(self, name):
        return getattr(self._instance, name)

    def __setattr__(self, name, value):
        raise AttributeError("Worded objects are for reading only.")

    def __str__(self):
        return self.__dict__.get("name") or self.__dict__.get("title") or str(self._instance)

    def __eq__(self, other):
        return self._instance == getattr(other, "_instance", other)

    def __hash__(self):
        return hash(self._instance)


def content_language(language=None):
    """The content language (a locale's code) that ``language`` reads, e.g. ``fr`` for ``fr-be``."""
    try:
        return get_supported_content_language_variant(language or translation.get_language())
    except LookupError:
        return source_language()


def source_language():
    """The language staff write the texts in: the default locale's."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def _translated(value, original):
    return value if value and value.strip() else original


class Wording:
    """The readable texts of ``programme`` in ``language`` (by default the active one), with fallback."""

    def __init__(self, programme, language=None):
        self._programme = programme
        self.language = content_language(language)
        self.is_source = self.language == source_language()
        self._organisations = {}

    @cached_property
    def _text(self):
        if self.is_source:
            return None
        return (
            ProgrammeText.objects.filter(programme_id=self._programme.pk, locale__language_code=self.language)
            .prefetch_related("session_texts")
            .first()
        )

    @cached_property
    def _session_texts(self):
        return {} if self._text is None else {text.session_id: text for text in self._text.session_texts.all()}

    @cached_property
    def programme(self):
        """The programme, its name, description, reward and police zone's name in the reader's language."""
        programme = self._programme
        texts = {
            attribute: _translated(getattr(self._text, field, ""), getattr(programme, attribute))
            for attribute, field in PROGRAMME_FIELDS.items()
        }
        if "police_zone" in programme._state.fields_cache or programme.police_zone_id is None:
            zone = programme.police_zone
        else:
            zone = Organisation.objects.get(pk=programme.police_zone_id)
        return Worded(programme, police_zone=self.organisation(zone) if zone else None, **texts)

    @cached_property
    def programme_name(self):
        """The programme's name alone, read without its other fields or its police zone (calendar feeds)."""
        return _translated(getattr(self._text, "name", ""), self._programme.name)

    def organisations(self, organisations):
        """``organisations`` with their names in the reader's language (one query for all)."""
        organisations = list(organisations)
        self._load_organisations(organisations)
        return [self.organisation(organisation) for organisation in organisations]

    def organisation(self, organisation):
        if organisation is None:
            return None
        self._load_organisations([organisation])
        return Worded(organisation, name=_translated(self._organisations.get(organisation.pk), organisation.name))

    def _load_organisations(self, organisations):
        missing = {organisation.pk for organisation in organisations} - set(self._organisations)
        if not missing:
            return
        self._organisations.update(dict.fromkeys(missing))
        if not self.is_source:
            texts = OrganisationText.objects.filter(organisation_id__in=missing, locale__language_code=self.language)
            self._organisations.update(texts.values_list("organisation_id", "name"))

    def session(self, session):
        """``session`` with its title, theme and venue texts in the reader's language."""
        text = self._session_texts.get(session.pk)
        return Worded(
            session, **{field: _translated(getattr(text, field, ""), getattr(session, field)) for field in SESSION_FIELDS}
        )

    def sessions(self, sessions):
        return [self.session(session) for session in sessions]


def worded_session(session, language=None):
    """One session as a reader in ``language`` sees it (a query or two; use ``Wording.sessions`` for lists)."""
    return Wording(session.programme, language).session(session)


# --- Keeping the default locale's copy up to date, and translating it -----------------------------------------


def source_locale():
    return Locale.get_default()


def sync_programme_texts(programme):
    """Bring the programme's texts in the default locale up to the programme and its sessions, and then every
    wagtail-localize translation of them (a new or changed text reads in the original until translated).

    Returns the default locale's ``ProgrammeText``.
    """
    locale = source_locale()
    with transaction.atomic():
        text = ProgrammeText.objects.filter(programme=programme, locale=locale).first() or ProgrammeText(
            programme=programme, locale=locale
        )
        text.name = programme.name
        text.description = programme.description
        text.reward = programme.reward_description
        existing = {session_text.session_id: session_text for session_text in text.session_texts.all()}
        children = []
        for session in programme.sessions.order_by("starts_at", "pk"):
            child = existing.get(session.pk) or text.session_texts.model(session=session, locale=locale)
            for field in SESSION_FIELDS:
                setattr(child, field, getattr(session, field))
            children.append(child)
        text.session_texts = children
        text.save()
        _update_translations(text)
    return text


def sync_organisation_text(organisation):
    """The organisation's name in the default locale, and its translations, brought up to date."""
    locale = source_locale()
    with transaction.atomic():
        text, _created = OrganisationText.objects.update_or_create(
            organisation=organisation, locale=locale, defaults={"name": organisation.name}
        )
        _update_translations(text)
    return text


def _update_translations(text):
    translations = Translation.objects.filter(
        source__object_id=text.translation_key,
        source__specific_content_type__model=text._meta.model_name,
        source__specific_content_type__app_label=text._meta.app_label,
        enabled=True,
    )
    if not translations.exists():
        return
    TranslationSource.update_or_create_from_instance(text)
    for localize_translation in translations.select_related("source", "target_locale"):
        localize_translation.save_target(publish=True)


def translate_texts(text, locale, *, by):
    """Start (or bring up to date) wagtail-localize's translation of ``text`` into ``locale``; the translated row."""
    with transaction.atomic():
        TranslationSource.update_or_create_from_instance(text)
        translate_object(text, [locale], user=by)
    return text.get_translation(locale)


def translate_programme_texts(programme, locale, *, by):
    """The programme's texts (with its sessions') in ``locale``, to translate in wagtail-localize's editor."""
    return translate_texts(sync_programme_texts(programme), locale, by=by)


def translate_organisation_text(organisation, locale, *, by):
    """The organisation's name in ``locale``, to translate in wagtail-localize's editor."""
    return translate_texts(sync_organisation_text(organisation), locale, by=by)


def sync_on_commit(instance):
    """After the current transaction, bring the texts that ``instance`` (a programme, session or organisation)
    appears in up to date — once per transaction and object, and only if they were ever translated."""
    if isinstance(instance, Organisation):
        key, model, run = ("organisation", instance.pk), OrganisationText, _sync_organisation
        lookup = {"organisation_id": instance.pk}
    else:
        programme_id = instance.pk if isinstance(instance, Programme) else instance.programme_id
        key, model, run = ("programme", programme_id), ProgrammeText, _sync_programme
        lookup = {"programme_id": programme_id}
    connection = transaction.get_connection()
    if any(getattr(func, "youthcop_texts", None) == key for _savepoints, func, _robust in connection.run_on_commit):
        return  # already due after this transaction
    if not model.objects.filter(**lookup).exists():
        return  # never translated: nothing to keep in step

    def run_once():
        run(key[1])

    run_once.youthcop_texts = key
    transaction.on_commit(run_once)


def _sync_programme(programme_id):
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is not None:
        sync_programme_texts(programme)


def _sync_organisation(organisation_id):
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is not None:
        sync_organisation_text(organisation)
