"""Translating a programme page with wagtail-localize translates its parents in the same go (no English aliases)."""

import pytest
from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.operations import translate_object

from tests.translating import translate

from .factories import home_page, locale

pytestmark = pytest.mark.django_db

DUTCH = {
    "Youth and police, one year together": "Jongeren en politie, een jaar samen",
    "Our programmes": "Onze programma's",
}


def fill_and_publish(page, language_code, strings):
    """A translator's work in wagtail-localize's editor: the strings entered, then "Publish"."""
    translate(page, locale(language_code), strings)


def test_translating_a_programme_page_translates_its_parents_first(
    programme_page, index_page, client, django_capture_on_commit_callbacks
):
    dutch = locale("nl")
    home = home_page()
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(programme_page, [dutch])  # what "Translate this page" does
    for original in (home, index_page, programme_page):
        translated = Page.objects.get(translation_key=original.translation_key, locale=dutch)
        assert translated.alias_of_id is None, f"{original.title} was copied as an alias"
        assert translated.live
        assert Translation.objects.filter(source__object_id=original.translation_key, target_locale=dutch).exists()
    dutch_page = programme_page.get_translation(dutch)
    assert dutch_page.get_parent().pk == index_page.get_translation(dutch).pk

    with django_capture_on_commit_callbacks(execute=True):
        fill_and_publish(home, "nl", DUTCH)
        fill_and_publish(index_page, "nl", DUTCH)
    html = client.get(dutch_page.url).content.decode()
    menu = html.split('class="yc-menu"')[1].split("</nav>")[0]
    breadcrumb = html.split('class="yc-breadcrumb"')[1].split("</nav>")[0]
    assert "Jongeren en politie, een jaar samen" in menu and "Onze programma&#x27;s" in menu
    assert "Our programmes" not in menu
    assert "Onze programma&#x27;s" in breadcrumb and "Our programmes" not in breadcrumb


def test_other_page_types_keep_wagtail_localizes_behaviour(django_capture_on_commit_callbacks):
    from .factories import make_standard_page

    about = make_standard_page(parent=make_standard_page(title="Parent", slug="parent"))
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(about, [locale("de")])
    parent = about.get_parent()
    assert parent.get_translation(locale("de")).alias_of_id == parent.pk  # wagtail-localize's alias


def test_parents_copied_as_aliases_before_become_translations(
    programme_page, index_page, django_capture_on_commit_callbacks
):
    """Aliases made earlier (wagtail-localize's own parent copies) are turned into translations, not duplicated."""
    dutch = locale("nl")
    with django_capture_on_commit_callbacks(execute=True):
        alias = index_page.copy_for_translation(dutch, copy_parents=True, alias=True)
        assert alias.alias_of_id == index_page.pk
        translate_object(programme_page, [dutch])
    alias.refresh_from_db()
    assert alias.alias_of_id is None and alias.live
    assert Translation.objects.filter(source__object_id=index_page.translation_key, target_locale=dutch).exists()
    assert programme_page.get_translation(dutch).get_parent().pk == alias.pk
    assert Page.objects.filter(translation_key=index_page.translation_key, locale=dutch).count() == 1
