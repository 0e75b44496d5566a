from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from youthcop.programmes.models import Participant, Programme, Side


@pytest.mark.django_db
def test_demo_command_loads_a_running_programme_and_is_idempotent():
    out = StringIO()
    call_command("youthcop_demo", "--allow-without-debug", stdout=out)
    counts = _counts()
    call_command("youthcop_demo", "--allow-without-debug", stdout=StringIO())

    assert _counts() == counts
    programme = Programme.objects.get(name="Second Wave Brussels-North")
    enrolled = programme.participants.filter(status=Participant.Status.ENROLLED)
    waiting = programme.participants.filter(status=Participant.Status.WAITING)
    assert (programme.target_size, programme.youth_per_officer) == (27, 2)
    assert enrolled.filter(side=Side.YOUTH).count() == 18
    assert enrolled.filter(side=Side.POLICE).count() == 9
    assert waiting.filter(side=Side.YOUTH).count() >= 2
    assert waiting.filter(side=Side.POLICE).count() >= 2
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert {"coordinator", "youthworker1", "youthworker2", "facilitator1", "facilitator2",
            "advisor_youth", "advisor_police", "admin"} <= usernames
    printed = out.getvalue()
    assert "youthcop-demo" in printed and "youthworker2" in printed


def _counts():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label.startswith("youthcop")
    }


@pytest.mark.django_db
def test_demo_command_refuses_without_debug_and_says_why():
    """It creates a superuser with a published password: not on a real site by accident."""
    with override_settings(DEBUG=False), pytest.raises(CommandError) as refused:
        call_command("youthcop_demo", stdout=StringIO())
    message = str(refused.value)
    assert "DEBUG is off" in message and "youthcop-demo" in message and "--allow-without-debug" in message
    assert not get_user_model().objects.filter(username="admin").exists()
    with override_settings(DEBUG=True):
        call_command("youthcop_demo", stdout=StringIO())
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()


HEALTH_WORDS = ["knee", "operation", "allerg", "hospital", "illness", "injur", "asthma", "diabet", "medic", "surgery"]


@pytest.mark.django_db
def test_demo_data_holds_no_health_detail():
    """Every column of every table, after the whole demo is loaded (the audit log included)."""
    from tests.privacy.dbscan import scan

    call_command("youthcop_demo", "--allow-without-debug", stdout=StringIO())
    found = {word: places for word, places in scan(HEALTH_WORDS).items() if places}
    assert found == {}


def _demo_in(settings, languages):
    """Load the demo on a site whose languages are ``languages`` (codes); its printed output.

    The example site's migrations create its four locales: a site with fewer has only its own.
    """
    from wagtail.models import Locale

    Locale.objects.exclude(language_code__in=languages).delete()
    names = {"en": "English", "fr": "French", "nl": "Dutch", "de": "German"}
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [(code, names[code]) for code in languages]
    settings.WAGTAIL_I18N_ENABLED = len(languages) > 1
    out = StringIO()
    call_command("youthcop_demo", "--allow-without-debug", stdout=out)
    return out.getvalue()


def _languages_used():
    from wagtail.models import Locale, Page

    from youthcop.charters.models import Charter

    return {
        "locales": set(Locale.objects.values_list("language_code", flat=True)),
        "pages": set(Page.objects.filter(depth__gt=1).values_list("locale__language_code", flat=True)),
        "charters": set(Charter.objects.values_list("locale__language_code", flat=True)),
        "people": set(Participant.objects.values_list("preferred_language", flat=True)),
    }


@pytest.mark.django_db
def test_demo_on_a_site_with_one_language_writes_in_it_only(settings):
    """As `wagtail start` makes a site: no French page tree without a URL, no locale the site lacks."""
    from wagtail.models import Page

    printed = _demo_in(settings, ["en"])

    assert _languages_used() == {"locales": {"en"}, "pages": {"en"}, "charters": {"en"}, "people": {"en"}}
    assert all(page.url for page in Page.objects.live().filter(depth__gt=1).specific())
    assert "in the site's languages: en." in printed
    assert Programme.objects.filter(name="Second Wave Brussels-North").exists()


@pytest.mark.django_db
def test_demo_uses_the_sites_languages_and_no_other(settings, django_capture_on_commit_callbacks):
    """A site in English and Dutch: the charter is translated into Dutch, nothing is in French or German."""
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        printed = _demo_in(settings, ["en", "nl"])

    used = _languages_used()
    assert used["locales"] == {"en", "nl"}
    assert used["charters"] == {"en", "nl"}
    assert used["pages"] == {"en", "nl"}
    assert used["people"] == {"en", "nl"}
    assert "in the site's languages: en, nl." in printed


@pytest.mark.django_db
def test_demo_says_it_needs_a_default_site():
    from wagtail.models import Site

    Site.objects.all().delete()
    with pytest.raises(CommandError) as refused:
        call_command("youthcop_demo", "--allow-without-debug", stdout=StringIO())
    assert "needs a default Wagtail site" in str(refused.value)
    assert not Programme.objects.exists()


DEMO_TITLES = {
    "en": ["Youth and police, one year together", "Our programmes", "Second Wave Brussels-North"],
    "fr": ["Jeunes et police, une année ensemble", "Nos programmes", "Second Wave Bruxelles-Nord"],
    "nl": ["Jongeren en politie, een jaar samen", "Onze programma's", "Second Wave Brussel-Noord"],
    "de": ["Jugend und Polizei, ein Jahr gemeinsam", "Unsere Programme", "Second Wave Brüssel-Nord"],
}


@pytest.mark.django_db
def test_demo_pages_and_texts_are_translated_into_the_four_languages(client, django_capture_on_commit_callbacks):
    """Every public page, live, in each language with its own titles (wagtail-localize translations, not copies),
    and the programme's and its police zone's texts read in each language."""
    from wagtail.models import Page
    from wagtail_localize.models import Translation

    from youthcop.pages.models import ProgrammePage
    from youthcop.programmes.wording import Wording
    from youthcop.sessions.models import Session
    from youthcop_site.demo import pages as demo_pages

    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        call_command("youthcop_demo", "--allow-without-debug", stdout=StringIO())

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
