"""A programme whose readable texts are translated into Dutch with wagtail-localize (not into German)."""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from tests.translating import translate
from tests.factories import ProgrammeFactory, UserFactory
from youthcop.programmes import wording
from youthcop.programmes.models import ProgrammeText

ENGLISH = {
    "name": "Second Wave Schaerbeek",
    "description": "A year of workshops with the police.",
    "reward": "A trip to Ghent",
    "zone": "Police zone Brussels-North",
    "title": "Workshop of trust",
    "theme": "Listening",
    "directions": "Take the 55 tram to Verboekhoven.",
}
DUTCH = {
    "Second Wave Schaerbeek": "Tweede Golf Schaarbeek",
    "A year of workshops with the police.": "Een jaar workshops met de politie.",
    "A trip to Ghent": "Een uitstap naar Gent",
    "Police zone Brussels-North": "Politiezone Brussel-Noord",
    "Workshop of trust": "Workshop over vertrouwen",
    "Listening": "Luisteren",
    "Take the 55 tram to Verboekhoven.": "Neem tram 55 naar Verboekhoven.",
}


def at(programme, days, hour):
    day = programme.start_date + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def translated_programme(**fields):
    """A running programme with one session ahead, its texts and police zone's name translated into Dutch."""
    dutch = Locale.objects.get_or_create(language_code="nl")[0]
    fields.setdefault("start_date", timezone.localdate() - datetime.timedelta(days=30))
    programme = ProgrammeFactory(
        name=ENGLISH["name"], description=ENGLISH["description"], reward_description=ENGLISH["reward"], **fields
    )
    programme.police_zone.name = ENGLISH["zone"]
    programme.police_zone.save()
    programme.sessions.create(
        title=ENGLISH["title"],
        theme=ENGLISH["theme"],
        venue_directions=ENGLISH["directions"],
        starts_at=at(programme, 40, 19),
        ends_at=at(programme, 40, 21),
    )
    coordinator = UserFactory()
    wording.translate_programme_texts(programme, dutch, by=coordinator)
    translate(ProgrammeText.objects.get(programme=programme, locale=Locale.get_default()), dutch, DUTCH)
    zone_text = wording.translate_organisation_text(programme.police_zone, dutch, by=coordinator)
    translate(zone_text.get_translation(Locale.get_default()), dutch, DUTCH)
    return programme


def add_session(programme, n):
    return programme.sessions.create(title=f"Workshop {n}", starts_at=at(programme, 41 + n, 19), ends_at=at(programme, 41 + n, 21))
