"""Staff translate a programme's texts and its organisations' names in wagtail-localize's editor, scoped to their
programmes; readers then get them in their language."""

from urllib.parse import urlencode

import pytest
from wagtail.users.models import UserProfile
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from tests.factories import ProgrammeFactory, programme_staff
from youthcop.programmes import wording
from youthcop.programmes.models import OrganisationText, ProgrammeStaff, ProgrammeText

pytestmark = pytest.mark.django_db
Role = ProgrammeStaff.Role


@pytest.fixture(autouse=True)
def locales():
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "fr", "nl", "de")}


@pytest.fixture
def programme():
    programme = ProgrammeFactory(name="Second Wave", reward_description="A trip to the coast")
    programme.police_zone.name = "Police zone Brussels-North"
    programme.police_zone.save()
    return programme


def translations_url(programme):
    return reverse("youthcop_admin_programmes:translations", args=[programme.pk])


def start(client, programme, locale, organisation=None):
    data = {"locale": locale.pk, **({"organisation": organisation.pk} if organisation else {})}
    return client.post(translations_url(programme), data)


def fill(client, translation, strings):
    """What the translator does in wagtail-localize's editor: one PUT per string."""
    responses = []
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        if segment.string.data in strings:
            url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
            body = urlencode({"value": strings[segment.string.data]})
            responses.append(client.put(url, body, content_type="application/x-www-form-urlencoded").status_code)
    return responses


def test_a_coordinator_translates_the_programme_and_its_police_zone_into_dutch(client, programme, locales):
    coordinator = programme_staff(programme, Role.COORDINATOR)
    client.force_login(coordinator)
    overview = client.get(reverse("youthcop_admin_programmes:inspect", args=[programme.pk])).content.decode()
    assert translations_url(programme) in overview

    page = BeautifulSoup(client.get(translations_url(programme)).content, "html5lib")
    assert "Police zone Brussels-North" in page.get_text()
    languages = [cell.get_text(strip=True) for cell in page.select("th[scope=row]")]
    assert languages == ["German", "French", "Dutch"] * 2  # the programme's texts, then the police zone's name

    response = start(client, programme, locales["nl"])
    dutch_text = ProgrammeText.objects.get(programme=programme, locale=locales["nl"])
    assert response.status_code == 302 and response.url == reverse("wagtailsnippets_youthcop_programmes_programmetext:edit", args=[dutch_text.pk])
    editor = client.get(response.url)
    assert editor.status_code == 200 and "wagtail_localize" in editor.content.decode()

    translation = Translation.objects.get(target_locale=locales["nl"], source__object_id=dutch_text.translation_key)
    strings = {"Second Wave": "Tweede Golf", "A trip to the coast": "Een uitstap naar zee"}
    assert fill(client, translation, strings) == [201, 201]  # created
    assert client.post(response.url, {"action": "publish"}).status_code == 302

    response = start(client, programme, locales["nl"], organisation=programme.police_zone)
    zone_text = OrganisationText.objects.get(organisation=programme.police_zone, locale=locales["nl"])
    assert response.url == reverse("wagtailsnippets_youthcop_programmes_organisationtext:edit", args=[zone_text.pk])
    zone_translation = Translation.objects.get(target_locale=locales["nl"], source__object_id=zone_text.translation_key)
    fill(client, zone_translation, {"Police zone Brussels-North": "Politiezone Brussel-Noord"})
    assert client.post(response.url, {"action": "publish"}).status_code == 302

    dutch = wording.Wording(programme, "nl").programme
    assert (dutch.name, dutch.reward_description, dutch.police_zone.name) == (
        "Tweede Golf",
        "Een uitstap naar zee",
        "Politiezone Brussel-Noord",
    )
    assert wording.Wording(programme, "de").programme.name == "Second Wave"  # untranslated: the original
    page = BeautifulSoup(client.get(translations_url(programme)).content, "html5lib")
    assert "Every text" in page.get_text()


def test_staff_of_another_programme_reach_nothing_of_its_translations(client, programme, locales):
    coordinator = programme_staff(programme, Role.COORDINATOR)
    client.force_login(coordinator)
    start(client, programme, locales["fr"])
    french = ProgrammeText.objects.get(programme=programme, locale=locales["fr"])
    translation = Translation.objects.get(target_locale=locales["fr"], source__object_id=french.translation_key)
    segment = StringSegment.objects.filter(source=translation.source).first()

    other = programme_staff(ProgrammeFactory(), Role.COORDINATOR)
    client.force_login(other)
    assert client.get(translations_url(programme)).status_code == 404
    assert start(client, programme, locales["nl"]).status_code == 404
    assert client.get(reverse("wagtailsnippets_youthcop_programmes_programmetext:edit", args=[french.pk])).status_code == 404
    put = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        urlencode({"value": "Piraté"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert put.status_code == 404
    listing = client.get(reverse("wagtailsnippets_youthcop_programmes_programmetext:list"))
    assert "Second Wave" not in listing.content.decode()


def test_the_original_is_changed_on_its_programme_only_and_youth_workers_translate_nothing(client, programme, locales):
    coordinator = programme_staff(programme, Role.COORDINATOR)
    client.force_login(coordinator)
    start(client, programme, locales["fr"])
    original = ProgrammeText.objects.get(programme=programme, locale=locales["en"])
    response = client.get(reverse("wagtailsnippets_youthcop_programmes_programmetext:edit", args=[original.pk]))
    assert response.url == reverse("youthcop_admin_programmes:edit", args=[programme.pk])  # written there
    edit_original = reverse("wagtailsnippets_youthcop_programmes_programmetext:edit", args=[original.pk])
    assert client.post(edit_original, {"name": "Changed by hand"}).status_code == 302
    original.refresh_from_db()
    assert original.name == "Second Wave"  # it follows the programme only
    assert client.get(reverse("wagtailsnippets_youthcop_programmes_programmetext:add")).status_code in (302, 403)

    facilitator = programme_staff(programme, Role.FACILITATOR)
    client.force_login(facilitator)
    response = client.get(edit_original)
    assert response.url == reverse("youthcop_admin_programmes:inspect", args=[programme.pk])  # may not edit it
    page = client.get(translations_url(programme)).content.decode()
    assert "Police zone Brussels-North" not in page  # organisations' names are the coordinators'
    assert start(client, programme, locales["fr"], organisation=programme.police_zone).status_code == 404

    youth_worker = programme_staff(programme, Role.YOUTH_WORKER)
    client.force_login(youth_worker)
    assert client.get(translations_url(programme)).status_code == 404
    overview = client.get(reverse("youthcop_admin_programmes:inspect", args=[programme.pk])).content.decode()
    assert translations_url(programme) not in overview


@pytest.mark.parametrize(
    "language, written",
    [("fr", "rédigés en anglais"), ("nl", "geschreven in het Engels"), ("de", "auf Englisch verfasst"), ("en", "written in English")],
)
def test_the_original_language_is_named_as_each_language_writes_it_in_a_sentence(client, programme, language, written):
    """French writes a language's name in lower case within a sentence; Dutch and German with a capital."""
    coordinator = programme_staff(programme, Role.COORDINATOR)
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = language
    profile.save()
    client.force_login(coordinator)
    text = " ".join(BeautifulSoup(client.get(translations_url(programme)).content, "html5lib").get_text().split())
    assert written in text
