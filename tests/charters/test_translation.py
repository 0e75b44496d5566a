"""The charter is translated with wagtail-localize, scoped to the facilitator's programmes, and adopted per language."""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from tests.charters.factories import link_for
from tests.factories import ProgrammeFactory, programme_staff
from youthcop.charters import services
from youthcop.charters.models import Charter, CharterVersion, Signature
from youthcop.programmes.models import ProgrammeStaff

pytestmark = pytest.mark.django_db
NS = "wagtailsnippets_youthcop_charters_charter"

FRENCH = {
    "Our charter": "Notre charte",
    "We wrote this together.": "Nous l'avons écrite ensemble.",
    "We commit to listen before we judge.": "Nous nous engageons à écouter avant de juger.",
    "We commit to say hello in the street.": "Nous nous engageons à nous saluer dans la rue.",
}


def offered_languages(client, charter):
    page = client.get(reverse(f"{NS}:translate", args=[charter.pk]))
    return sorted(option.get_text() for option in BeautifulSoup(page.content, "html5lib").select("select option"))


def start_translation(client, charter, language):
    locale = Locale.objects.get(language_code=language)
    response = client.post(reverse(f"{NS}:translate", args=[charter.pk]), {"locale": locale.pk})
    translated = Charter.objects.get(programme=charter.programme, locale=locale)
    assert response.status_code == 302 and response.url == reverse(f"{NS}:edit", args=[translated.pk])
    return translated


def translate_strings(client, translated, strings):
    """What wagtail-localize's editor does: one PUT per string, then "Publish"."""
    translation = Translation.objects.get(target_locale=translated.locale, source__object_id=translated.translation_key)
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        body = urlencode({"value": strings[segment.string.data]})
        response = client.put(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code in (200, 201), response.content
    response = client.post(reverse(f"{NS}:edit", args=[translated.pk]), {"action": "publish"})
    assert response.status_code == 302


def test_a_facilitator_translates_the_charter_and_the_adopted_version_has_both_languages(
    client, charter, facilitator, group
):
    client.force_login(facilitator)
    assert offered_languages(client, charter) == ["Dutch", "French", "German"]
    translated = start_translation(client, charter, "fr")
    assert translated.translation_key == charter.translation_key and translated.programme == charter.programme

    editor = client.get(reverse(f"{NS}:edit", args=[translated.pk]))
    assert editor.status_code == 200
    assert "wagtail_localize" in editor.content.decode()  # wagtail-localize's translation editor, not the plain form
    assert offered_languages(client, charter) == ["Dutch", "German"]  # no second French translation

    translate_strings(client, translated, FRENCH)
    version = services.adopt_charter(charter, by=facilitator)
    french = version.text_in("fr")
    assert french.language == "fr"
    assert french.text.startswith("Notre charte\n\nNous l'avons écrite ensemble.")
    assert "1. Nous nous engageons à écouter avant de juger." in french.text

    reader = group[0]
    reader.preferred_language = "fr"
    reader.save()
    page = client.get(reverse("youthcop_charters:charter", args=[link_for(reader)])).content.decode()
    assert "Nous nous engageons à nous saluer dans la rue." in page
    services.sign(reader, version, typed_name=reader.full_name, language="fr", method="online", ip=None, user_agent="")
    assert Signature.objects.get().text_sha256 == french.sha256 != version.text_in("en").sha256


def test_an_untranslated_copy_is_not_adopted_as_a_translation(client, charter, facilitator):
    client.force_login(facilitator)
    start_translation(client, charter, "nl")
    version = services.adopt_charter(charter, by=facilitator)
    assert [text.language for text in version.texts.all()] == ["en"]
    assert version.text_in("nl").language == "en"  # Dutch readers read the original


def test_staff_of_other_programmes_cannot_translate_the_charter(client, charter, locales):
    outsider = programme_staff(ProgrammeFactory(), ProgrammeStaff.Role.FACILITATOR)
    client.force_login(outsider)
    url = reverse(f"{NS}:translate", args=[charter.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"locale": locales["fr"].pk}).status_code == 404
    assert Charter.objects.count() == 1


def test_the_listing_offers_translate_to_facilitators(client, charter, facilitator):
    client.force_login(facilitator)
    listing = client.get(reverse(f"{NS}:list")).content.decode()
    assert reverse(f"{NS}:translate", args=[charter.pk]) in listing


def outdated_on_adopt_page(client, charter):
    page = BeautifulSoup(client.get(reverse(f"{NS}:adopt", args=[charter.pk])).content, "html5lib")
    warning = page.select_one("[data-outdated-translations]")
    return warning.get_text() if warning else ""


def test_a_translation_of_an_earlier_draft_refuses_adoption_until_it_is_updated_and_translated(
    client, charter, facilitator, group
):
    client.force_login(facilitator)
    translated = start_translation(client, charter, "fr")
    translate_strings(client, translated, FRENCH)
    services.accept_proposal(services.propose(group[0], "We commit to cook together."), by=facilitator)

    assert "French" in outdated_on_adopt_page(client, charter)
    with pytest.raises(services.TranslationsOutdated) as refused:
        services.adopt_charter(charter, by=facilitator)
    assert refused.value.languages == ["fr"] and "French" in str(refused.value)
    response = client.post(reverse(f"{NS}:adopt", args=[charter.pk]), {"action": "adopt"}, follow=True)
    assert "Bring these translations up to date before adopting: French." in response.content.decode()
    assert not CharterVersion.objects.exists()

    # Updating brings the new commitment in, still in English: French is not up to date yet.
    response = client.post(reverse(f"{NS}:translate", args=[charter.pk]), {"action": "update"})
    assert response.status_code == 302
    assert "French" in outdated_on_adopt_page(client, charter)
    with pytest.raises(services.TranslationsOutdated):
        services.adopt_charter(charter, by=facilitator)

    cooking = {**FRENCH, "We commit to cook together.": "Nous nous engageons à cuisiner ensemble."}
    translate_strings(client, translated, cooking)
    assert outdated_on_adopt_page(client, charter) == ""
    first = services.adopt_charter(charter, by=facilitator)
    assert "3. Nous nous engageons à cuisiner ensemble." in first.text_in("fr").text

    charter.refresh_from_db()
    draft = charter.get_latest_revision_as_object()
    draft.closing = "See you next year."  # the second version differs from the first
    draft.save_revision(user=facilitator)
    with pytest.raises(services.TranslationsOutdated):
        services.adopt_charter(charter, by=facilitator)
    services.update_translations(charter.programme, by=facilitator)
    translate_strings(client, translated, {**cooking, "See you next year.": "À l'an prochain."})
    second = services.adopt_charter(charter, by=facilitator)
    french = second.text_in("fr")
    assert french.language == "fr"
    assert "3. Nous nous engageons à cuisiner ensemble." in french.text and french.text.endswith("À l'an prochain.")
