from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from youthcop.programmes.models import Participant, Programme


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
