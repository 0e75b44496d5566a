"""No youthcop model has — or may ever gain — a field for ethnic origin, religion, health or criminal data.

README rule 6. Field names and verbose names (in en, fr, nl and de) are
matched against forbidden words in those four languages.
"""

import re
import unicodedata

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

# A word ending in "*" forbids every word starting with it; others must match a whole word.
FORBIDDEN = {
    "ethnic origin": [
        "ethnic*", "race", "races", "racial", "ethnique*", "ethnie*", "etnisch*", "etniciteit",
        "afkomst", "ras", "ethnisch*", "herkunft", "abstammung", "rasse",
    ],
    "religion": [
        "religio*", "faith", "belief*", "church", "mosque", "synagogue", "confession*", "culte", "croyance*",
        "godsdienst*", "geloof*", "kerk", "moskee", "religiös*", "glaube*", "konfession*", "kirche",
    ],
    "health": [
        "health*", "medical*", "medication*", "medicine*", "illness*", "disease*", "diagnos*", "disabilit*",
        "handicap*", "mental*", "psychiatr*", "pregnan*", "sante", "medicament*", "maladie*", "gezondheid*",
        "medisch*", "ziekte*", "zwanger*", "gesundheit*", "medizin*", "krankheit*", "behinderung*",
    ],
    "criminal data": [
        "criminal*", "crime*", "conviction*", "offence*", "offense*", "arrest*", "prison*", "probation*",
        "casier*", "judiciaire*", "penal*", "condamnation*", "infraction*", "delit*", "antecedent*",
        "strafblad*", "strafrechtelijk*", "veroordeling*", "misdrijf*", "crimineel*", "criminaliteit",
        "vorstrafe*", "strafregister*", "straftat*", "kriminell*", "verurteilung*",
    ],
}
LANGUAGES = ["en", "fr", "nl", "de"]


def _plain(text):
    """Lower case without accents: "Santé" and "sante" are the same word."""
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _matches(word, forbidden):
    forbidden = _plain(forbidden)
    return word.startswith(forbidden[:-1]) if forbidden.endswith("*") else word == forbidden


def forbidden_words_in(text):
    """``[(category, word), …]`` of forbidden words in ``text`` (a field name or a verbose name)."""
    words = re.split(r"[^a-z0-9]+", _plain(text))
    return [
        (category, word)
        for word in words
        if word
        for category, forbidden_words in FORBIDDEN.items()
        if any(_matches(word, forbidden) for forbidden in forbidden_words)
    ]


def youthcop_models():
    return [model for model in apps.get_models() if model._meta.app_label.startswith("youthcop")]


def field_texts(field):
    """The field's name, and its verbose name in every language of the site."""
    yield field.name
    if getattr(field, "verbose_name", None):
        for language in LANGUAGES:
            with translation.override(language):
                yield str(field.verbose_name)


def test_the_youthcop_apps_are_all_checked():
    labels = {model._meta.app_label for model in youthcop_models()}
    assert {"youthcop_programmes", "youthcop_sessions", "youthcop_charters", "youthcop_certificates"} <= labels


@pytest.mark.parametrize("model", youthcop_models(), ids=lambda model: model._meta.label)
def test_no_field_records_special_category_data(model):
    offending = [
        (field.name, text, found)
        for field in model._meta.get_fields(include_hidden=True)
        for text in field_texts(field)
        if (found := forbidden_words_in(text))
    ]
    assert offending == []


@pytest.mark.parametrize(
    "name",
    [
        "religion",
        "ethnic_origin",
        "Origine ethnique",
        "health_notes",
        "Santé",
        "Casier judiciaire",
        "strafblad",
        "Vorstrafen",
        "Medizinische Hinweise",
        "criminal_record",
        "Godsdienst",
        "Gezondheidsproblemen",
    ],
)
def test_the_check_catches_forbidden_fields(name):
    assert forbidden_words_in(name)


@pytest.mark.parametrize(
    "name",
    ["date_of_birth", "original_charter", "accessibility_needs", "dietary needs for shared meals", "recorded_at",
     "police_unit", "guardian's name", "Tracé", "gender", "langue d'origine", "Originalsprache"],
)
def test_ordinary_fields_pass(name):
    assert forbidden_words_in(name) == []


def test_a_model_gaining_a_forbidden_field_fails():
    field = models.TextField("Antécédents judiciaires")
    field.name = "background"
    assert [found for text in field_texts(field) if (found := forbidden_words_in(text))]
