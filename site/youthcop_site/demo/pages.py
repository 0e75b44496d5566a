"""Demo public pages: the home page, a programme index and the demo programme's page, in en, fr, nl and de.

In each of those the site has (youthcop_site.demo.languages), and no other.

Runs after the programmes demo (it needs ``context["programme"]``). The
Translated pages are made through wagtail-localize, as an editor would: a
translation source, translated strings, then the translation published.
Running it again changes nothing.
"""

from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from youthcop.pages.models import ProgrammeIndexPage, ProgrammePage

from .languages import site_languages

HOME_INTRO = (
    "<p>Every year our police zone brings together young people and police officers for a year of monthly "
    "workshops. They get to know each other, talk about what goes wrong on the street and write a charter "
    "of commitment together.</p>"
)

INDEX = {
    "title": "Our programmes",
    "slug": "programmes",
    "intro": (
        "<p>Each programme is a one-year trajectory in a police zone: about 27 people, two young people for "
        "each police officer, meeting every month with external facilitators.</p>"
    ),
}

PROGRAMME_PAGE = {
    "summary": "Eighteen young people and nine police officers of Schaerbeek and Evere meet every month for a year.",
    "body": (
        "<p>Second Wave Brussels-North brings together young people from two youth organisations and police "
        "officers from every service of the zone: community officers, but also intervention and investigation.</p>"
        "<p>Some of the young people trust the police, others do not. That is the point: they meet as people, "
        "not as uniforms and suspects.</p>"
    ),
    "partners": "<p>The municipality of Schaerbeek supports the programme and lends its rooms.</p>",
    "how_the_year_works": (
        "<p>Once a month a joint workshop led by a theatre company: improvisation, trust games and role play, "
        "always followed by a shared meal.</p>"
        "<p>Young people prepare some workshops among themselves and officers are briefed before others. "
        "Halfway through the year the group writes a charter of commitment, which every participant signs.</p>"
    ),
    "reward": (
        "<p>Those who took part all year receive a certificate and go on an exchange weekend with a youth "
        "association in Ghent.</p>"
    ),
    "how_to_propose": (
        "<p>Youth workers propose young people aged 15 to 21 whom they follow. Write to the coordinator with a "
        "few words about the young person; a guardian agrees for minors before the first workshop.</p>"
    ),
    "contact_email": "second-wave@example.org",
}

# English source strings (as wagtail-localize segments them) and their French translations.
FRENCH = {
    "Youth and police, one year together": "Jeunes et police, une année ensemble",
    "home": "accueil",
    "Every year our police zone brings together young people and police officers for a year of monthly "
    "workshops. They get to know each other, talk about what goes wrong on the street and write a charter "
    "of commitment together.": (
        "Chaque année, notre zone de police réunit des jeunes et des policiers pour une année d'ateliers "
        "mensuels. Ils apprennent à se connaître, parlent de ce qui ne va pas dans la rue et écrivent "
        "ensemble une charte d'engagement."
    ),
    "Our programmes": "Nos programmes",
    "programmes": "programmes",
    "Each programme is a one-year trajectory in a police zone: about 27 people, two young people for each "
    "police officer, meeting every month with external facilitators.": (
        "Chaque programme est un trajet d'un an dans une zone de police : environ 27 personnes, deux jeunes "
        "pour chaque policier, qui se retrouvent chaque mois avec des animateurs externes."
    ),
    "Second Wave Brussels-North": "Second Wave Bruxelles-Nord",
    "second-wave-brussels-north": "second-wave-bruxelles-nord",
    "Eighteen young people and nine police officers of Schaerbeek and Evere meet every month for a year.": (
        "Dix-huit jeunes et neuf policiers de Schaerbeek et d'Evere se retrouvent chaque mois pendant un an."
    ),
    "Second Wave Brussels-North brings together young people from two youth organisations and police officers "
    "from every service of the zone: community officers, but also intervention and investigation.": (
        "Second Wave Bruxelles-Nord réunit des jeunes de deux organisations de jeunesse et des policiers de tous "
        "les services de la zone : agents de quartier, mais aussi intervention et recherche."
    ),
    "Some of the young people trust the police, others do not. That is the point: they meet as people, not as "
    "uniforms and suspects.": (
        "Certains jeunes font confiance à la police, d'autres non. C'est tout l'intérêt : ils se rencontrent "
        "en tant que personnes, pas en tant qu'uniformes et suspects."
    ),
    "The municipality of Schaerbeek supports the programme and lends its rooms.": (
        "La commune de Schaerbeek soutient le programme et prête ses salles."
    ),
    "Once a month a joint workshop led by a theatre company: improvisation, trust games and role play, always "
    "followed by a shared meal.": (
        "Une fois par mois, un atelier commun animé par une compagnie de théâtre : improvisation, jeux de "
        "confiance et jeux de rôle, toujours suivi d'un repas partagé."
    ),
    "Young people prepare some workshops among themselves and officers are briefed before others. Halfway "
    "through the year the group writes a charter of commitment, which every participant signs.": (
        "Les jeunes préparent certains ateliers entre eux et les policiers sont briefés avant d'autres. À "
        "mi-parcours, le groupe écrit une charte d'engagement que chaque participant signe."
    ),
    "Those who took part all year receive a certificate and go on an exchange weekend with a youth "
    "association in Ghent.": (
        "Celles et ceux qui ont participé toute l'année reçoivent un certificat et partent pour un week-end "
        "d'échange avec une association de jeunesse de Gand."
    ),
    "Youth workers propose young people aged 15 to 21 whom they follow. Write to the coordinator with a few "
    "words about the young person; a guardian agrees for minors before the first workshop.": (
        "Les travailleurs de jeunesse proposent des jeunes de 15 à 21 ans qu'ils accompagnent. Écrivez à la "
        "coordinatrice en quelques mots sur le jeune ; pour les mineurs, un responsable légal donne son "
        "accord avant le premier atelier."
    ),
}


DUTCH = {
    "Youth and police, one year together": "Jongeren en politie, een jaar samen",
    "home": "start",
    "Every year our police zone brings together young people and police officers for a year of monthly "
    "workshops. They get to know each other, talk about what goes wrong on the street and write a charter "
    "of commitment together.": (
        "Elk jaar brengt onze politiezone jongeren en politiemensen samen voor een jaar van maandelijkse "
        "workshops. Ze leren elkaar kennen, praten over wat er op straat misloopt en schrijven samen een "
        "engagementscharter."
    ),
    "Our programmes": "Onze programma's",
    "programmes": "programmas",
    "Each programme is a one-year trajectory in a police zone: about 27 people, two young people for each "
    "police officer, meeting every month with external facilitators.": (
        "Elk programma is een traject van een jaar in een politiezone: ongeveer 27 mensen, twee jongeren per "
        "politieagent, die elke maand samenkomen met externe begeleiders."
    ),
    "Second Wave Brussels-North": "Second Wave Brussel-Noord",
    "second-wave-brussels-north": "second-wave-brussel-noord",
    "Eighteen young people and nine police officers of Schaerbeek and Evere meet every month for a year.": (
        "Achttien jongeren en negen politiemensen uit Schaarbeek en Evere komen een jaar lang elke maand samen."
    ),
    "Second Wave Brussels-North brings together young people from two youth organisations and police officers "
    "from every service of the zone: community officers, but also intervention and investigation.": (
        "Second Wave Brussel-Noord brengt jongeren van twee jeugdorganisaties samen met politiemensen van alle "
        "diensten van de zone: wijkagenten, maar ook interventie en recherche."
    ),
    "Some of the young people trust the police, others do not. That is the point: they meet as people, not as "
    "uniforms and suspects.": (
        "Sommige jongeren vertrouwen de politie, andere niet. Daar gaat het net om: ze ontmoeten elkaar als "
        "mensen, niet als uniformen en verdachten."
    ),
    "The municipality of Schaerbeek supports the programme and lends its rooms.": (
        "De gemeente Schaarbeek steunt het programma en stelt haar zalen ter beschikking."
    ),
    "Once a month a joint workshop led by a theatre company: improvisation, trust games and role play, always "
    "followed by a shared meal.": (
        "Eén keer per maand een gezamenlijke workshop onder leiding van een theatergezelschap: improvisatie, "
        "vertrouwensspelletjes en rollenspel, altijd gevolgd door een gedeelde maaltijd."
    ),
    "Young people prepare some workshops among themselves and officers are briefed before others. Halfway "
    "through the year the group writes a charter of commitment, which every participant signs.": (
        "De jongeren bereiden sommige workshops onder elkaar voor en de politiemensen krijgen voor andere een "
        "briefing. Halverwege het jaar schrijft de groep een engagementscharter, dat elke deelnemer ondertekent."
    ),
    "Those who took part all year receive a certificate and go on an exchange weekend with a youth "
    "association in Ghent.": (
        "Wie het hele jaar heeft deelgenomen, krijgt een getuigschrift en gaat op uitwisselingsweekend met een "
        "jeugdvereniging in Gent."
    ),
    "Youth workers propose young people aged 15 to 21 whom they follow. Write to the coordinator with a few "
    "words about the young person; a guardian agrees for minors before the first workshop.": (
        "Jeugdwerkers stellen jongeren van 15 tot 21 jaar voor die ze begeleiden. Schrijf de coördinator in een "
        "paar woorden over de jongere; voor minderjarigen geeft een voogd of ouder toestemming vóór de eerste "
        "workshop."
    ),
}

GERMAN = {
    "Youth and police, one year together": "Jugend und Polizei, ein Jahr gemeinsam",
    "home": "startseite",
    "Every year our police zone brings together young people and police officers for a year of monthly "
    "workshops. They get to know each other, talk about what goes wrong on the street and write a charter "
    "of commitment together.": (
        "Jedes Jahr bringt unsere Polizeizone Jugendliche und Polizeibeamte für ein Jahr mit monatlichen "
        "Workshops zusammen. Sie lernen einander kennen, sprechen darüber, was auf der Straße schiefläuft, "
        "und schreiben gemeinsam eine Verpflichtungscharta."
    ),
    "Our programmes": "Unsere Programme",
    "programmes": "programme",
    "Each programme is a one-year trajectory in a police zone: about 27 people, two young people for each "
    "police officer, meeting every month with external facilitators.": (
        "Jedes Programm ist ein einjähriger Weg in einer Polizeizone: etwa 27 Menschen, zwei Jugendliche je "
        "Polizeibeamten, die sich jeden Monat mit externen Moderatoren treffen."
    ),
    "Second Wave Brussels-North": "Second Wave Brüssel-Nord",
    "second-wave-brussels-north": "second-wave-bruessel-nord",
    "Eighteen young people and nine police officers of Schaerbeek and Evere meet every month for a year.": (
        "Achtzehn Jugendliche und neun Polizeibeamte aus Schaerbeek und Evere treffen sich ein Jahr lang jeden Monat."
    ),
    "Second Wave Brussels-North brings together young people from two youth organisations and police officers "
    "from every service of the zone: community officers, but also intervention and investigation.": (
        "Second Wave Brüssel-Nord bringt Jugendliche aus zwei Jugendorganisationen und Polizeibeamte aus allen "
        "Diensten der Zone zusammen: Bürgerpolizisten, aber auch Einsatz und Ermittlung."
    ),
    "Some of the young people trust the police, others do not. That is the point: they meet as people, not as "
    "uniforms and suspects.": (
        "Manche der Jugendlichen vertrauen der Polizei, andere nicht. Genau darum geht es: Sie begegnen sich als "
        "Menschen, nicht als Uniformen und Verdächtige."
    ),
    "The municipality of Schaerbeek supports the programme and lends its rooms.": (
        "Die Gemeinde Schaerbeek unterstützt das Programm und stellt ihre Räume zur Verfügung."
    ),
    "Once a month a joint workshop led by a theatre company: improvisation, trust games and role play, always "
    "followed by a shared meal.": (
        "Einmal im Monat ein gemeinsamer Workshop, geleitet von einer Theatergruppe: Improvisation, "
        "Vertrauensspiele und Rollenspiele, immer gefolgt von einem gemeinsamen Essen."
    ),
    "Young people prepare some workshops among themselves and officers are briefed before others. Halfway "
    "through the year the group writes a charter of commitment, which every participant signs.": (
        "Die Jugendlichen bereiten manche Workshops unter sich vor, die Beamten werden vor anderen gebrieft. "
        "Nach der Hälfte des Jahres schreibt die Gruppe eine Verpflichtungscharta, die alle Teilnehmenden "
        "unterschreiben."
    ),
    "Those who took part all year receive a certificate and go on an exchange weekend with a youth "
    "association in Ghent.": (
        "Wer das ganze Jahr dabei war, erhält ein Zertifikat und fährt zu einem Austauschwochenende mit einem "
        "Jugendverein in Gent."
    ),
    "Youth workers propose young people aged 15 to 21 whom they follow. Write to the coordinator with a few "
    "words about the young person; a guardian agrees for minors before the first workshop.": (
        "Jugendarbeiter schlagen Jugendliche zwischen 15 und 21 Jahren vor, die sie begleiten. Schreiben Sie der "
        "Koordinatorin ein paar Worte über die jugendliche Person; bei Minderjährigen stimmt ein "
        "Erziehungsberechtigter vor dem ersten Workshop zu."
    ),
}

# The languages the demo pages are translated into, when the site has them.
TRANSLATIONS = {"fr": FRENCH, "nl": DUTCH, "de": GERMAN}


def translate_page(page, language_code, strings, user=None, publish=True):
    """Translate ``page`` into ``language_code`` through wagtail-localize and return the translation.

    ``strings`` maps source segments to their translation; segments it lacks
    keep the source text (wagtail-localize's fallback). This is what an
    editor does with "Translate this page", the translation editor and "Publish".
    """
    locale = Locale.objects.get(language_code=language_code)
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = strings.get(segment.string.data)
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": text},
            )
    translation.save_target(user=user, publish=publish)
    return page.get_translation(locale)


def _publish(page, user=None):
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def _home():
    return Site.objects.get(is_default_site=True).root_page.specific


def _index(home, user):
    index = ProgrammeIndexPage.objects.child_of(home).filter(slug=INDEX["slug"]).first()
    if index is None:
        index = ProgrammeIndexPage(show_in_menus=True, **INDEX)
        home.add_child(instance=index)
        _publish(index, user)
    return index


def _programme_page(index, programme, user):
    page = ProgrammePage.objects.filter(programme=programme, locale=index.locale).first()
    if page is None:
        page = ProgrammePage(
            title=programme.name, slug="second-wave-brussels-north", programme=programme, **PROGRAMME_PAGE
        )
        index.add_child(instance=page)
        _publish(page, user)
    return page


def _ensure_translation(page, language_code, strings, user):
    if not page.get_translations().filter(locale__language_code=language_code, alias_of__isnull=True).exists():
        translate_page(page, language_code, strings, user=user)


def load(context):
    """Publish the demo home page intro, the programme index and the programme page, in the site's other languages
    too (those the demo has texts in)."""
    user = context.get("admin")
    with transaction.atomic():
        home = _home()
        if hasattr(home, "intro") and not home.intro:
            home.intro = HOME_INTRO
            _publish(home, user)
        index = _index(home, user)
        page = _programme_page(index, context["programme"], user)
        for translated in (home, index, page):  # parents first: a translated page lives under translated parents
            for language in site_languages():
                if language in TRANSLATIONS and language != translated.locale.language_code:
                    _ensure_translation(Page.objects.get(pk=translated.pk).specific, language, TRANSLATIONS[language], user)
    context.update(programme_index_page=index, programme_page=page)
    return context
