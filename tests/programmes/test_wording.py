"""What readers see of a programme in their language: wagtail-localize's translations, the original where missing."""

import pytest
from django.db import transaction
from wagtail.models import Locale

from tests.factories import ProgrammeFactory, UserFactory
from tests.translating import translate
from youthcop.programmes import wording
from youthcop.programmes.models import ProgrammeText
from youthcop.sessions.models import Session, SessionText

pytestmark = pytest.mark.django_db(transaction=True)  # texts follow their objects after the commit

DUTCH = {
    "Second Wave Schaerbeek": "Tweede Golf Schaarbeek",
    "A trip to Ghent": "Een uitstap naar Gent",
    "Police zone Brussels-North": "Politiezone Brussel-Noord",
    "Workshop 1": "Workshop 1",
    "Listening": "Luisteren",
    "Take the 55 tram to Verboekhoven.": "Neem tram 55 naar Verboekhoven.",
}


@pytest.fixture
def dutch():
    return Locale.objects.get_or_create(language_code="nl")[0]


@pytest.fixture
def translated(dutch):
    programme = ProgrammeFactory(name="Second Wave Schaerbeek", reward_description="A trip to Ghent")
    programme.police_zone.name = "Police zone Brussels-North"
    programme.police_zone.save()
    session = programme.sessions.create(
        title="Workshop 1",
        theme="Listening",
        venue_directions="Take the 55 tram to Verboekhoven.",
        starts_at=programme_start(programme, 19),
        ends_at=programme_start(programme, 21),
    )
    coordinator = UserFactory()
    text = wording.translate_programme_texts(programme, dutch, by=coordinator)
    translate(ProgrammeText.objects.get(programme=programme, locale=Locale.get_default()), dutch, DUTCH)
    zone_text = wording.translate_organisation_text(programme.police_zone, dutch, by=coordinator)
    translate(zone_text.get_translation(Locale.get_default()), dutch, DUTCH)
    assert text.locale == dutch
    return programme, session


def programme_start(programme, hour):
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(programme.start_date, datetime.time(hour)))


def test_a_dutch_reader_reads_the_translations_and_an_english_one_the_original(translated, django_assert_num_queries):
    programme, session = translated
    programme = type(programme).objects.select_related("police_zone").get(pk=programme.pk)
    with django_assert_num_queries(3):
        dutch = wording.Wording(programme, "nl")
        assert dutch.programme.name == "Tweede Golf Schaarbeek"
        assert str(dutch.programme) == "Tweede Golf Schaarbeek"
        assert dutch.programme.reward_description == "Een uitstap naar Gent"
        assert dutch.programme.police_zone.name == "Politiezone Brussel-Noord"
        (worded,) = dutch.sessions([session])
        assert (worded.title, worded.theme, worded.venue_directions) == (
            "Workshop 1",
            "Luisteren",
            "Neem tram 55 naar Verboekhoven.",
        )
        assert worded.pk == session.pk and worded.starts_at == session.starts_at
    with django_assert_num_queries(0):
        english = wording.Wording(programme, "en")
        assert english.programme.name == "Second Wave Schaerbeek"
        assert english.programme.police_zone.name == "Police zone Brussels-North"
        assert english.session(session).theme == "Listening"


def test_a_language_without_translation_reads_the_original(translated):
    programme, session = translated
    german = wording.Wording(programme, "de")
    assert german.programme.reward_description == "A trip to Ghent"
    assert german.session(session).title == "Workshop 1"
    assert german.programme.police_zone.name == "Police zone Brussels-North"


def test_a_session_added_or_changed_after_translation_reads_the_original_until_translated(translated, dutch):
    programme, session = translated
    with transaction.atomic():
        session.theme = "Trust"
        session.save()
        added = programme.sessions.create(
            title="Workshop 2", starts_at=programme_start(programme, 9), ends_at=programme_start(programme, 11)
        )
    dutch_wording = wording.Wording(programme, "nl")
    assert dutch_wording.session(session).theme == "Trust"  # changed: the original until translated again
    assert dutch_wording.session(session).venue_directions == "Neem tram 55 naar Verboekhoven."  # unchanged
    assert dutch_wording.session(added).title == "Workshop 2"
    assert SessionText.objects.filter(session=added).count() == 2  # the original and its Dutch copy
    translate(ProgrammeText.objects.get(programme=programme, locale=Locale.get_default()), dutch, {"Trust": "Vertrouwen"})
    assert wording.Wording(programme, "nl").session(session).theme == "Vertrouwen"


def test_worded_objects_are_for_reading_only(translated):
    programme, session = translated
    worded = wording.Wording(programme, "nl").session(session)
    with pytest.raises(AttributeError):
        worded.title = "Changed"
    assert Session.objects.get(pk=session.pk).title == "Workshop 1"
