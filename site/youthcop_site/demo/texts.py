"""Demo texts of the programme in the site's other languages: its name, description and reward, its police
zone's name and its sessions' titles and themes, translated through wagtail-localize as translators would
(``youthcop.programmes.wording``'s texts: the strings entered in its translation memory, then each translation
started and published, once per language).

Runs after the sessions demo (the sessions' texts go with the programme's). Running it again changes nothing.
"""

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

from youthcop.programmes import wording
from youthcop.programmes.models import OrganisationText, ProgrammeText

from .languages import site_languages
from .sessions import WORKSHOP_THEMES

PROGRAMME = {
    "fr": {
        "Second Wave Brussels-North": "Second Wave Bruxelles-Nord",
        "Young people and police officers of Schaerbeek and Evere meet every month for a year.": (
            "Des jeunes et des policiers de Schaerbeek et d'Evere se retrouvent chaque mois pendant un an."
        ),
        "An exchange weekend with a youth association in Ghent for those who took part all year.": (
            "Un week-end d'échange avec une association de jeunesse de Gand pour celles et ceux qui ont "
            "participé toute l'année."
        ),
    },
    "nl": {
        "Second Wave Brussels-North": "Second Wave Brussel-Noord",
        "Young people and police officers of Schaerbeek and Evere meet every month for a year.": (
            "Jongeren en politiemensen uit Schaarbeek en Evere komen een jaar lang elke maand samen."
        ),
        "An exchange weekend with a youth association in Ghent for those who took part all year.": (
            "Een uitwisselingsweekend met een jeugdvereniging in Gent voor wie het hele jaar heeft deelgenomen."
        ),
    },
    "de": {
        "Second Wave Brussels-North": "Second Wave Brüssel-Nord",
        "Young people and police officers of Schaerbeek and Evere meet every month for a year.": (
            "Jugendliche und Polizeibeamte aus Schaerbeek und Evere treffen sich ein Jahr lang jeden Monat."
        ),
        "An exchange weekend with a youth association in Ghent for those who took part all year.": (
            "Ein Austauschwochenende mit einem Jugendverein in Gent für alle, die das ganze Jahr dabei waren."
        ),
    },
}

ORGANISATIONS = {
    "Police zone Brussels-North": {
        "fr": "Zone de police Bruxelles-Nord",
        "nl": "Politiezone Brussel-Noord",
        "de": "Polizeizone Brüssel-Nord",
    },
}

SESSION_TITLES = {
    "fr": {
        "Joint workshop": "Atelier commun",
        "Youth preparation": "Préparation des jeunes",
        "Police briefing": "Briefing des policiers",
        "Football and barbecue": "Football et barbecue",
        "Steering committee": "Comité de pilotage",
        "Closing ceremony": "Cérémonie de clôture",
        "Step-free entrance; accessible toilet on the ground floor.": (
            "Entrée de plain-pied ; toilette accessible au rez-de-chaussée."
        ),
    },
    "nl": {
        "Joint workshop": "Gezamenlijke workshop",
        "Youth preparation": "Voorbereiding jongeren",
        "Police briefing": "Briefing politie",
        "Football and barbecue": "Voetbal en barbecue",
        "Steering committee": "Stuurgroep",
        "Closing ceremony": "Slotceremonie",
        "Step-free entrance; accessible toilet on the ground floor.": (
            "Drempelvrije ingang; toegankelijk toilet op het gelijkvloers."
        ),
    },
    "de": {
        "Joint workshop": "Gemeinsamer Workshop",
        "Youth preparation": "Vorbereitung der Jugendlichen",
        "Police briefing": "Briefing der Polizei",
        "Football and barbecue": "Fußball und Grillen",
        "Steering committee": "Lenkungsausschuss",
        "Closing ceremony": "Abschlussfeier",
        "Step-free entrance; accessible toilet on the ground floor.": (
            "Stufenloser Eingang; barrierefreie Toilette im Erdgeschoss."
        ),
    },
}

THEMES = {
    "fr": [
        "Faire connaissance",
        "Premières impressions",
        "Confiance et respect",
        "Contrôle et fouille : les deux versions de l'histoire",
        "Notre quartier",
        "Le conflit sans violence",
        "Rumeurs et réseaux sociaux",
        "L'écoute",
        "Écrire notre charte",
        "Adopter notre charte",
        "Ce qui a changé pour nous",
        "Regarder en arrière, regarder devant",
    ],
    "nl": [
        "Kennismaken",
        "Eerste indrukken",
        "Vertrouwen en respect",
        "Controle en fouillering: twee kanten van het verhaal",
        "Onze wijk",
        "Conflict zonder geweld",
        "Geruchten en sociale media",
        "Luisteren",
        "Ons charter schrijven",
        "Ons charter aannemen",
        "Wat er voor ons veranderde",
        "Terugblikken, vooruitkijken",
    ],
    "de": [
        "Einander kennenlernen",
        "Erste Eindrücke",
        "Vertrauen und Respekt",
        "Kontrolle und Durchsuchung: beide Seiten der Geschichte",
        "Unser Viertel",
        "Konflikt ohne Gewalt",
        "Gerüchte und soziale Medien",
        "Zuhören",
        "Unsere Charta schreiben",
        "Unsere Charta annehmen",
        "Was sich für uns verändert hat",
        "Zurückblicken, nach vorne schauen",
    ],
}
WORKSHOP = {"fr": "Atelier {number} : {theme}", "nl": "Workshop {number}: {theme}", "de": "Workshop {number}: {theme}"}


def session_strings(language, count=len(WORKSHOP_THEMES)):
    """The sessions' English titles and themes (``sessions.plan_year``'s) with their ``language`` translation."""
    strings = dict(SESSION_TITLES[language])
    for index in range(count):
        theme, translated = WORKSHOP_THEMES[index % len(WORKSHOP_THEMES)], THEMES[language][index % len(THEMES[language])]
        strings[theme] = translated
        strings[f"Workshop {index + 1}: {theme}"] = WORKSHOP[language].format(number=index + 1, theme=translated)
    return strings


def enter_strings(source, translations, by=None):
    """What translators do in wagtail-localize's editor: enter the translation of each of ``source``'s strings,
    ``translations`` being ``{locale: {original: translation}}``. Strings it lacks read in the original."""
    segments = list(StringSegment.objects.filter(source=source).select_related("string"))
    StringTranslation.objects.bulk_create(
        [
            StringTranslation(
                translation_of_id=segment.string_id,
                locale=locale,
                context_id=segment.context_id,
                data=strings[segment.string.data],
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                last_translated_by=by,
            )
            for locale, strings in translations.items()
            for segment in segments
            if strings.get(segment.string.data)
        ],
        ignore_conflicts=True,  # already entered (a translation memory keeps them)
    )


def translate(text, translations, by=None):
    """``text`` (the default locale's row) translated into each locale of ``translations`` with wagtail-localize,
    as ``wording.translate_texts`` does, the strings entered before the translations are written: each is written
    and published once, whatever the number of languages."""
    source, _created = TranslationSource.update_or_create_from_instance(text)
    enter_strings(source, translations, by)
    translate_object(text, list(translations), user=by)


def load(context):
    """Translate the demo programme's and its organisations' texts into the site's other languages."""
    programme = context["programme"]
    by = context["users"]["coordinator"]
    source = Locale.get_default()
    locales = [
        locale
        for locale in Locale.objects.filter(language_code__in=site_languages()).exclude(pk=source.pk)
        if locale.language_code in PROGRAMME
    ]
    missing = [locale for locale in locales if not ProgrammeText.objects.filter(programme=programme, locale=locale).exists()]
    if missing:
        strings = {locale: {**PROGRAMME[locale.language_code], **session_strings(locale.language_code)} for locale in missing}
        translate(wording.sync_programme_texts(programme), strings, by)
    for organisation in context["organisations"].values():
        names = ORGANISATIONS.get(organisation.name, {})
        missing = [
            locale
            for locale in locales
            if locale.language_code in names
            and not OrganisationText.objects.filter(organisation=organisation, locale=locale).exists()
        ]
        if missing:
            strings = {locale: {organisation.name: names[locale.language_code]} for locale in missing}
            translate(wording.sync_organisation_text(organisation), strings, by)
    return context
