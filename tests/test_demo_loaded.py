"""The demo as ``manage.py youthcop_demo`` loads it on the example site, loaded once for these tests.

Loading takes seconds: the tests that read the demo share one load (each test
runs in a savepoint rolled back after it). The tests that load it on another
site, or check what it refuses, load it themselves in tests/test_demo.py.
"""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from tests.demo_once import demo_media, loaded_once, media_root  # noqa: F401  (fixtures)
from youthcop.programmes.models import Participant, Programme, Side

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):  # noqa: F811  (the fixture)
    """The demo loaded to its end (what runs on commit too: translations published); what it printed."""
    def load():
        out = StringIO()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("youthcop_demo", "--allow-without-debug", stdout=out)
        return out.getvalue()

    with loaded_once(django_db_blocker, demo_media, load) as printed:
        yield printed


def test_demo_command_loads_a_running_programme_and_is_idempotent(demo, django_capture_on_commit_callbacks):
    counts = _counts()
    with django_capture_on_commit_callbacks(execute=True):  # run again to its end, as the first time
        call_command("youthcop_demo", "--allow-without-debug", stdout=StringIO())

    assert _counts() == counts
    programme = Programme.objects.get(name="Second Wave Brussels-North")
    enrolled = programme.participants.filter(status=Participant.Status.ENROLLED)
    waiting = programme.participants.filter(status=Participant.Status.WAITING)
    assert (programme.target_size, programme.youth_per_officer) == (27, 2)
    assert enrolled.filter(side=Side.YOUTH).count() == 17  # one moved away this week: their place is on offer
    assert enrolled.filter(side=Side.POLICE).count() == 9
    (offered,) = programme.participants.filter(status=Participant.Status.OFFERED)
    assert offered.side == Side.YOUTH and offered.offer_expires_at is not None
    assert waiting.filter(side=Side.YOUTH).count() >= 2
    assert waiting.filter(side=Side.POLICE).count() >= 2
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert {"coordinator", "youthworker1", "youthworker2", "facilitator1", "facilitator2",
            "advisor_youth", "advisor_police", "admin"} <= usernames
    assert "youthcop-demo" in demo and "youthworker2" in demo  # what the first load printed


def _counts():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label.startswith("youthcop")
    }


HEALTH_WORDS = ["knee", "operation", "allerg", "hospital", "illness", "injur", "asthma", "diabet", "medic", "surgery"]


GENERATED = re.compile(r"[A-Za-z0-9_-]+")  # a code, a selector, a key: one run of letters and digits, nothing written


def _written(table, column, word):
    """Whether a value of ``table.column`` holding ``word`` was written by someone (a random certificate code may
    spell KNEE: that is no health detail)."""
    from django.db import connection

    qn = connection.ops.quote_name
    cast = "CAST({} AS TEXT)" if connection.vendor == "postgresql" else "{}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cast.format(qn(column))} FROM {qn(table)}")
        values = [str(value) for (value,) in cursor.fetchall() if value is not None and word in str(value).lower()]
    return any(not GENERATED.fullmatch(value) for value in values)


def test_demo_data_holds_no_health_detail(demo):
    """Every column of every table, after the whole demo is loaded (the audit log included)."""
    from tests.privacy.dbscan import scan

    found = {
        word: [place for place in places if _written(*place, word)] for word, places in scan(HEALTH_WORDS).items()
    }
    assert {word: places for word, places in found.items() if places} == {}


def test_a_generated_code_is_no_health_detail_but_a_written_word_is(demo):
    """The filter above keeps what it must: a code that spells a word is dropped, a sentence is not."""
    from youthcop.certificates.models import Certificate

    certificate = Certificate.objects.first()
    Certificate.objects.filter(pk=certificate.pk).update(code="7KNEE3XQ")
    assert not _written("youthcop_certificates_certificate", "code", "knee")
    Certificate.objects.filter(pk=certificate.pk).update(code="my knee")
    assert _written("youthcop_certificates_certificate", "code", "knee")


DEMO_TITLES = {
    "en": ["Youth and police, one year together", "Our programmes", "Second Wave Brussels-North"],
    "fr": ["Jeunes et police, une année ensemble", "Nos programmes", "Second Wave Bruxelles-Nord"],
    "nl": ["Jongeren en politie, een jaar samen", "Onze programma's", "Second Wave Brussel-Noord"],
    "de": ["Jugend und Polizei, ein Jahr gemeinsam", "Unsere Programme", "Second Wave Brüssel-Nord"],
}


def test_demo_pages_and_texts_are_translated_into_the_four_languages(demo, client):
    """Every public page, live, in each language with its own titles (wagtail-localize translations, not copies),
    and the programme's and its police zone's texts read in each language."""
    from wagtail.models import Page
    from wagtail_localize.models import Translation

    from youthcop.pages.models import ProgrammePage
    from youthcop.programmes.wording import Wording
    from youthcop.sessions.models import Session
    from youthcop_site.demo import pages as demo_pages

    pages = Page.objects.filter(depth__gt=1).live().order_by("path")
    for language, titles in DEMO_TITLES.items():
        localized = pages.filter(locale__language_code=language)
        assert list(localized.values_list("title", flat=True)) == titles, language
        assert not localized.filter(alias_of__isnull=False).exists()
        if language != "en":
            assert Translation.objects.filter(target_locale__language_code=language).count() >= 3
    programme = Programme.objects.get(name="Second Wave Brussels-North")
    workshop = Session.objects.filter(programme=programme, theme="Listening").first()
    expected = {
        "fr": ("Zone de police Bruxelles-Nord", "Un week-end d'échange", "L'écoute"),
        "nl": ("Politiezone Brussel-Noord", "Een uitwisselingsweekend", "Luisteren"),
        "de": ("Polizeizone Brüssel-Nord", "Ein Austauschwochenende", "Zuhören"),
    }
    for language, (zone, reward, theme) in expected.items():
        wording = Wording(programme, language)
        assert wording.programme.police_zone.name == zone
        assert wording.programme.reward_description.startswith(reward)
        assert wording.session(workshop).theme == theme
        assert wording.session(workshop).title.endswith(theme)
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        assert DEMO_TITLES[language][0] in response.content.decode()
        page = ProgrammePage.objects.get(programme=programme, locale__language_code=language)
        html = client.get(page.url).content.decode()
        assert f'<p class="yc-kicker">{zone}</p>' in html
        assert f'<html lang="{language}">' in html and "lang=" not in html.split("<main")[1].split(">")[0]
        left_in_english = [text for text in demo_pages.FRENCH if len(text) > 30 and text in html]
        assert not left_in_english, (language, left_in_english)
