"""Pages translated through wagtail-localize's workflow are served at their language's URL."""

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from tests.factories import UserFactory
from tests.pages.factories import make_index, make_programme_page

pytestmark = pytest.mark.django_db

DUTCH = {
    "Our programmes": "Onze programma's",
    "Young people and police officers meet every month for a year.": (
        "Jongeren en politieagenten ontmoeten elkaar een jaar lang elke maand."
    ),
    "Second Wave Ghent": "Second Wave Gent",
    "A year of monthly workshops between young people and police officers.": (
        "Een jaar lang maandelijkse workshops tussen jongeren en politieagenten."
    ),
    "Theatre, trust games and a shared meal every month.": "Theater, vertrouwensspelletjes en elke maand een gedeelde maaltijd.",
    "Twelve joint workshops, from September to June.": "Twaalf gezamenlijke workshops, van september tot juni.",
    "Youth workers write to the coordinator.": "Jeugdwerkers schrijven naar de coördinator.",
}


def test_locales_for_every_site_language_exist():
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"en", "fr", "nl", "de"}


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def translate_in_admin(client, page, locale, strings):
    """Submit ``page`` for translation, type each string in the editor, publish: as an editor does."""
    response = client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [locale.pk]})
    assert response.status_code == 302, response.content[:500]
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        if segment.string.data in strings:
            response = client.put(
                f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
                encode_multipart(BOUNDARY, {"value": strings[segment.string.data]}),
                content_type=MULTIPART_CONTENT,
            )
            assert response.status_code in (200, 201), response.content[:500]
    target = page.get_translation(locale)
    response = client.post(f"/admin/pages/{target.pk}/edit/", {"action": "publish"})
    assert response.status_code in (200, 302)
    return target


def test_a_programme_page_translated_to_dutch_is_served_under_nl(
    editor, client, programme, django_capture_on_commit_callbacks
):
    programme.name = "Second Wave Ghent"
    programme.save()
    index = make_index()
    page = make_programme_page(programme, parent=index)
    nl = Locale.objects.get(language_code="nl")

    with django_capture_on_commit_callbacks(execute=True):
        dutch_index = translate_in_admin(editor, index, nl, DUTCH)
    with django_capture_on_commit_callbacks(execute=True):
        dutch_page = translate_in_admin(editor, page, nl, DUTCH)
    dutch_index.refresh_from_db()  # published on commit, as in production
    dutch_page.refresh_from_db()

    assert dutch_page.live and dutch_page.programme_id == programme.pk  # the link to the programme is synchronised
    url = dutch_page.get_url()
    assert url.startswith("/nl/")
    assert dutch_index.get_url().startswith("/nl/")

    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "<h1>Second Wave Gent</h1>" in html
    assert "Theater, vertrouwensspelletjes" in html
    assert f'<a href="{dutch_index.get_url()}">Onze programma&#x27;s</a>' in html  # breadcrumb in Dutch

    english = client.get(page.get_url()).content.decode()
    assert f'<link rel="alternate" hreflang="nl" href="http://testserver{url}">' in english
    assert f'<a href="{url}" lang="nl" hreflang="nl">Nederlands</a>' in english

    listing = client.get(dutch_index.get_url()).content.decode()
    assert f'href="{url}"' in listing and "Second Wave Gent" in listing


def test_an_untranslated_page_links_to_the_other_languages_home(client, programme):
    page = make_programme_page(programme)
    html = client.get(page.get_url()).content.decode()
    assert 'hreflang="nl"' not in html  # no alternate for a translation that does not exist
    # The home page exists only in English: no language to switch to, so no switcher.
    assert 'class="yc-languages"' not in html


GERMAN = {
    "Second Wave Liège": "Second Wave Lüttich",
    "Un an d'ateliers mensuels entre jeunes et policiers.": "Ein Jahr monatlicher Workshops zwischen Jugendlichen und Polizisten.",
    "Théâtre, jeux de confiance et un repas partagé chaque mois.": "Theater, Vertrauensspiele und jeden Monat ein gemeinsames Essen.",
}


def test_a_page_written_in_french_is_translated_to_german(editor, client, programme, django_capture_on_commit_callbacks):
    """The source need not be English: a French programme page goes through the same workflow into German."""
    fr, de = Locale.objects.get(language_code="fr"), Locale.objects.get(language_code="de")
    index = make_index()
    with django_capture_on_commit_callbacks(execute=True):
        french_index = translate_in_admin(editor, index, fr, {"Our programmes": "Nos programmes"})
    french_index.refresh_from_db()
    programme.name = "Second Wave Liège"
    programme.save()
    french_page = make_programme_page(
        programme,
        parent=french_index,
        slug="second-wave-liege",
        summary="Un an d'ateliers mensuels entre jeunes et policiers.",
        body="<p>Théâtre, jeux de confiance et un repas partagé chaque mois.</p>",
    )
    assert french_page.locale == fr and french_page.url.startswith("/fr/")

    with django_capture_on_commit_callbacks(execute=True):
        german_page = translate_in_admin(editor, french_page, de, GERMAN)
    german_page.refresh_from_db()

    client.logout()
    url = german_page.get_url()
    assert url.startswith("/de/")
    html = client.get(url).content.decode()
    assert '<html lang="de">' in html
    assert "<h1>Second Wave Lüttich</h1>" in html
    assert "Theater, Vertrauensspiele" in html
    assert "Théâtre" not in html
    assert f'hreflang="de" href="http://testserver{url}"' in client.get(french_page.url).content.decode()


def test_each_language_prefix_serves_its_home_page_as_publication_changes(client, django_capture_on_commit_callbacks):
    from tests.pages.factories import home_page
    from youthcop_site.demo.pages import translate_page

    home = home_page()
    english_title = home.title
    assert f'<h1 id="yc-home-title">{english_title}</h1>' in client.get("/fr/").content.decode()  # no French yet

    with django_capture_on_commit_callbacks(execute=True):
        french = translate_page(home, "fr", {english_title: "Jeunes et police"})
    french.refresh_from_db()
    assert french.live and french.url == "/fr/"
    html = client.get("/fr/").content.decode()
    assert '<h1 id="yc-home-title">Jeunes et police</h1>' in html
    assert f'<h1 id="yc-home-title">{english_title}</h1>' in client.get("/en/").content.decode()

    french.unpublish()  # the French prefix falls back to the default language's home page at once
    html = client.get("/fr/").content.decode()
    assert "Jeunes et police" not in html
    assert f'<h1 id="yc-home-title">{english_title}</h1>' in html
