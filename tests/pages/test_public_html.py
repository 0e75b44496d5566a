"""The public pages with the demo content: valid HTML, no personal data, translated URLs."""

import html5lib
import pytest
from django.test import TestCase

from youthcop.programmes.models import Participant

from tests.demo_once import demo_media, loaded_once, media_root  # noqa: F401  (fixtures)

from .public_fixtures import PUBLIC_PATHS, load_demo_site, participant_path, personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded_demo_site(django_db_setup, django_db_blocker, demo_media):  # noqa: F811  (the fixture)
    """Loaded once for the module, rolled back when it ends; each test runs in a savepoint rolled back after it."""
    with loaded_once(django_db_blocker, demo_media, lambda: load_demo_site(TestCase.captureOnCommitCallbacks)) as site:
        yield site


@pytest.fixture
def demo_site(loaded_demo_site, db):
    """The demo's context, its programme read afresh: a test's changes to it end with the test."""
    programme = loaded_demo_site["programme"]
    return {**loaded_demo_site, "programme": type(programme).objects.get(pk=programme.pk)}


def assert_valid_html(html, where):
    parser = html5lib.HTMLParser(strict=True)
    try:
        parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        raise AssertionError(f"{where}: {error}") from error


def test_public_pages_parse_and_show_no_personal_data(client, demo_site):
    secrets = personal_data(demo_site["programme"])
    assert len(secrets) > 50  # the demo's 27 participants, their emails, the staff…
    for path in PUBLIC_PATHS:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert_valid_html(html, path)
        leaked = sorted(value for value in secrets if value in html)
        assert not leaked, f"{path} shows {leaked}"


def test_pages_are_served_in_their_language(client, demo_site):
    french = client.get("/fr/programmes/second-wave-bruxelles-nord/").content.decode()
    assert '<html lang="fr">' in french
    assert "Dix-huit jeunes et neuf policiers" in french
    english = client.get("/en/programmes/second-wave-brussels-north/").content.decode()
    assert '<html lang="en">' in english
    assert (
        '<link rel="alternate" hreflang="fr" href="http://testserver/fr/programmes/second-wave-bruxelles-nord/">'
        in english
    )
    assert 'hreflang="en" href="http://testserver/en/programmes/second-wave-brussels-north/"' in french
    assert 'hreflang="x-default" href="http://testserver/en/programmes/second-wave-brussels-north/"' in french
    # The switcher names each language in itself and marks the current one.
    assert '<a href="/fr/programmes/second-wave-bruxelles-nord/" lang="fr" aria-current="page">Français</a>' in french
    assert 'href="/en/programmes/second-wave-brussels-north/" lang="en" hreflang="en">English</a>' in french


def test_demo_pages_load_twice_without_change(demo_site, django_capture_on_commit_callbacks):
    from wagtail.models import Page

    from youthcop_site.demo import pages as demo_pages

    before = list(Page.objects.order_by("path").values_list("path", "title", "live", "locale_id"))
    with django_capture_on_commit_callbacks(execute=True):
        demo_pages.load(dict(demo_site))
    assert list(Page.objects.order_by("path").values_list("path", "title", "live", "locale_id")) == before


def test_participant_page_parses(client, demo_site):
    participant = Participant.objects.filter(programme=demo_site["programme"], status="enrolled").first()
    response = client.get(participant_path(participant))
    assert response.status_code == 200
    assert_valid_html(response.content.decode(), "participant page")


def test_certificate_verification_page_parses(client, demo_site):
    from .public_fixtures import certificate_code

    response = client.get(f"/youthcop/verify/{certificate_code(demo_site['programme'])}/")
    assert response.status_code == 200
    assert_valid_html(response.content.decode(), "verification page")
