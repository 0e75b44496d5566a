"""Public pages in their languages: the switcher offers every translation, ``lang`` tells the content's language,
and the programme's texts (police zone, partners, reward) read in the page's language through Wording."""

import pytest
from wagtail_localize.operations import translate_object

from tests.factories import OrganisationFactory, ProgrammeFactory, UserFactory
from youthcop.programmes import wording
from youthcop.programmes.models import OrganisationText, ProgrammeText

from .factories import locale, make_index, make_programme_page
from .test_translated_parents import fill_and_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated_page(django_capture_on_commit_callbacks):
    """A programme page in English, translated into French and Dutch (not German) with wagtail-localize."""
    programme = ProgrammeFactory(name="Second Wave", reward_description="A trip to Ghent")
    programme.police_zone.name = "Police zone Brussels-North"
    programme.police_zone.save()
    programme.partner_organisations.set([OrganisationFactory(name="Youth house The Bridge")])
    page = make_programme_page(programme, parent=make_index(), slug="second-wave", reward="")
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(page, [locale("fr"), locale("nl")])
    return page


def fill_text(text, language_code, strings):
    """A translator's work on a programme's or organisation's texts (default locale row ``text``)."""
    fill_and_publish(text, language_code, strings)


def test_the_switcher_offers_every_language_the_page_exists_in(client, translated_page):
    english = client.get(translated_page.url).content.decode()
    alternates = {
        code: f'hreflang="{code}" href="http://testserver{translated_page.get_translation(locale(code)).url}"'
        for code in ("en", "fr", "nl")
    }
    for code, link in alternates.items():
        assert link in english, code
    assert 'hreflang="de"' not in english  # no German page, no German home page either
    for code in ("fr", "nl"):
        url = translated_page.get_translation(locale(code)).url
        assert f'<a href="{url}" lang="{code}" hreflang="{code}">' in english
    dutch = client.get(translated_page.get_translation(locale("nl")).url).content.decode()
    assert '<html lang="nl">' in dutch
    assert 'lang="en"' not in dutch.split("<main")[1].split(">")[0]
    assert f'<a href="{translated_page.url}" lang="en" hreflang="en">English</a>' in dutch


def test_an_untranslated_page_under_another_language_is_marked_as_its_own_language(client, translated_page):
    """``/de/`` serves the English page (no German translation): its content is marked English."""
    german = client.get("/de/programmes/second-wave/")
    assert german.status_code == 200
    html = german.content.decode()
    assert '<html lang="de">' in html and 'lang="en"' in html.split("<main")[1].split(">")[0]


def test_the_programme_page_reads_the_programmes_texts_in_its_language(
    client, translated_page, django_capture_on_commit_callbacks
):
    programme = translated_page.programme
    dutch = locale("nl")
    coordinator = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        wording.translate_programme_texts(programme, dutch, by=coordinator)
        fill_text(ProgrammeText.objects.get(programme=programme, locale__language_code="en"), "nl",
                  {"A trip to Ghent": "Een uitstap naar Gent"})
        for organisation, name in [
            (programme.police_zone, "Politiezone Brussel-Noord"),
            (programme.partner_organisations.get(), "Jeugdhuis De Brug"),
        ]:
            wording.translate_organisation_text(organisation, dutch, by=coordinator)
            fill_text(OrganisationText.objects.get(organisation=organisation, locale__language_code="en"), "nl",
                      {organisation.name: name})

    html = client.get(translated_page.get_translation(dutch).url).content.decode()
    assert '<p class="yc-kicker">Politiezone Brussel-Noord</p>' in html  # above the title
    assert "<dd>Politiezone Brussel-Noord</dd>" in html  # in the facts
    assert "Jeugdhuis De Brug" in html and "Een uitstap naar Gent" in html
    for english in ("Police zone Brussels-North", "Youth house The Bridge", "A trip to Ghent"):
        assert english not in html

    french = client.get(translated_page.get_translation(locale("fr")).url).content.decode()  # not translated: original
    assert '<p class="yc-kicker">Police zone Brussels-North</p>' in french
    assert "Youth house The Bridge" in french and "A trip to Ghent" in french
    index = client.get(translated_page.get_parent().get_translation(dutch).url).content.decode()
    assert "Politiezone Brussel-Noord" in index and "Police zone Brussels-North" not in index
