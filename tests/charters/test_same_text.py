"""Issue 11: the text signed is the same in every language (README rule 4).

Adoption refuses while any translation is older than the original's latest
change, however it was made; acceptance of a proposal asks for its translation;
the adoption page warns; in-person signing speaks the participant's language;
wagtail-localize's lists are scoped to the user's programmes; the PDF reads back.
"""

import subprocess

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from tests.charters.factories import charter_for, translate
from tests.factories import ProgrammeFactory, programme_staff
from youthcop.charters import services
from youthcop_site.demo import charters as demo
from youthcop.charters.models import Charter, CharterVersion, Signature
from youthcop.programmes.models import ProgrammeStaff

pytestmark = pytest.mark.django_db
NS = "wagtailsnippets_youthcop_charters_charter"


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


def add_to_draft(charter, text, user):
    draft = Charter.objects.get(pk=charter.pk).get_latest_revision_as_object()
    draft.commitments.append(("commitment", text))
    draft.save_revision(user=user)


def page_of(response):
    return BeautifulSoup(response.content, "html5lib")


def stream_data(prefix, texts):
    data = {f"{prefix}-count": str(len(texts))}
    for i, text in enumerate(texts):
        data |= {
            f"{prefix}-{i}-type": "commitment",
            f"{prefix}-{i}-value": text,
            f"{prefix}-{i}-deleted": "",
            f"{prefix}-{i}-order": str(i),
            f"{prefix}-{i}-id": "",
        }
    return data


# --- Adoption refuses a translation older than the original -------------------------


def test_copied_translations_older_than_the_original_refuse_adoption_and_name_their_languages(charter, facilitator):
    # As the demo did: translations made with copy_for_translation, no wagtail-localize source.
    translate(charter, "fr", title="Notre charte", commitments=["Nous écoutons.", "Nous saluons."])
    translate(charter, "nl", title="Ons charter", commitments=["We luisteren.", "We groeten."])
    add_to_draft(charter, "We commit to cook together.", facilitator)

    with pytest.raises(services.CharterError) as refused:
        services.adopt_charter(charter, by=facilitator)
    assert refused.value.languages == ["fr", "nl"]
    assert "French, Dutch" in str(refused.value)
    assert not CharterVersion.objects.exists()

    for language, text in (("fr", "Nous cuisinons ensemble."), ("nl", "We koken samen.")):
        add_to_draft(Charter.objects.get(programme=charter.programme, locale__language_code=language), text, facilitator)
    version = services.adopt_charter(charter, by=facilitator)
    counts = {t.language: t.text.count("\n3. ") for t in version.texts.all()}
    assert counts == {"en": 1, "fr": 1, "nl": 1}  # three commitments in every language


def test_a_translation_added_by_hand_in_the_admin_is_checked_too(client, charter, facilitator):
    client.force_login(facilitator)
    german = Locale.objects.get_or_create(language_code="de")[0]
    response = client.post(
        url("add") + "?locale=de",
        {
            "programme": charter.programme.pk,
            "title": "Unsere Charta",
            "preamble": "",
            "closing": "",
            "locale": "de",
            **stream_data("commitments", ["Wir hören zu.", "Wir grüßen uns."]),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    hand_made = Charter.objects.get(locale=german)
    assert hand_made.programme == charter.programme
    add_to_draft(charter, "We commit to cook together.", facilitator)
    with pytest.raises(services.CharterError) as refused:
        services.adopt_charter(charter, by=facilitator)
    assert refused.value.languages == ["de"] and "German" in str(refused.value)
    translate_page = page_of(client.get(url("translate", charter.pk)))
    assert "German" in translate_page.select_one("[data-outdated-translations]").get_text()
    assert "German" in translate_page.select_one("[data-translated-by-hand]").get_text()

    response = client.post(
        url("edit", hand_made.pk),
        {
            "programme": charter.programme.pk,
            "title": "Unsere Charta",
            "preamble": "",
            "closing": "",
            **stream_data("commitments", ["Wir hören zu.", "Wir grüßen uns.", "Wir kochen zusammen."]),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = services.adopt_charter(charter, by=facilitator)
    assert "3. Wir kochen zusammen." in version.text_in("de").text


def test_adopting_and_publishing_does_not_make_translations_outdated(charter, facilitator):
    translate(charter, "fr", title="Notre charte", commitments=["Nous écoutons.", "Nous saluons."])
    services.adopt_charter(charter, by=facilitator)
    assert services.languages_to_update(charter.programme) == []
    charter.refresh_from_db()
    charter.show_on_public_page = True  # not the text
    charter.save()
    assert services.languages_to_update(charter.programme) == []


# --- The demo's translations go through wagtail-localize ----------------------------------


@pytest.fixture
def demo_programme(django_capture_on_commit_callbacks):
    from youthcop_site.demo import programmes as programme_demo

    with django_capture_on_commit_callbacks(execute=True):
        context = demo.load(programme_demo.load({}))
    return context


def localize_translate_new_strings(charter, strings, user):
    """What a translator does in wagtail-localize's editor for every language: translate the new strings, publish."""
    for localize in Translation.objects.filter(source__object_id=charter.translation_key, enabled=True):
        for segment in StringSegment.objects.filter(source=localize.source).select_related("string"):
            if segment.string.data in strings:
                StringTranslation.objects.update_or_create(
                    translation_of_id=segment.string_id,
                    locale=localize.target_locale,
                    context_id=segment.context_id,
                    defaults={"data": f"{strings[segment.string.data]} [{localize.target_locale.language_code}]"},
                )
        localize.save_target(user=user, publish=True)


def test_the_demo_charter_is_translated_with_wagtail_localize_and_a_new_version_has_the_same_commitments_everywhere(
    demo_programme,
):
    programme = demo_programme["programme"]
    facilitator = demo_programme["users"]["facilitator1"]
    original = services.original_charter(programme)
    localized = Translation.objects.filter(source__object_id=original.translation_key, enabled=True)
    assert sorted(localized.values_list("target_locale__language_code", flat=True)) == ["de", "fr", "nl"]

    first = services.current_version(programme)
    texts = {t.language: t.text for t in first.texts.all()}
    assert sorted(texts) == ["de", "en", "fr", "nl"]
    for language, text in texts.items():
        assert text.count("\n6. ") == 1 and "\n7. " not in text, language
    assert "6. Nous nous engageons à amener quelqu'un de nouveau au prochain programme." in texts["fr"]

    add_to_draft(original, "We commit to meet again in a year.", facilitator)
    with pytest.raises(services.TranslationsOutdated) as refused:
        services.adopt_charter(original, by=facilitator)
    assert refused.value.languages == ["de", "fr", "nl"]

    services.update_translations(programme, by=facilitator)
    with pytest.raises(services.TranslationsOutdated):  # the new commitment is still in English
        services.adopt_charter(original, by=facilitator)
    localize_translate_new_strings(original, {"We commit to meet again in a year.": "Rendez-vous"}, facilitator)
    second = services.adopt_charter(original, by=facilitator, invite=False)
    for text in second.texts.all():
        assert text.text.count("\n7. ") == 1, text.language
        if text.language != "en":
            assert f"7. Rendez-vous [{text.language}]" in text.text


# --- Proposals and the adoption page -----------------------------------------------------


def test_accepting_a_proposal_asks_for_its_translation_and_adoption_waits_for_it(client, charter, facilitator, group):
    translate(charter, "fr", title="Notre charte", commitments=["Nous écoutons.", "Nous saluons."])
    author = group[0]
    author.preferred_language = "fr"
    author.save()
    proposal = services.propose(author, "Nous nous engageons à cuisiner ensemble.")
    client.force_login(facilitator)
    response = client.post(reverse("youthcop_admin_proposals:edit", args=[proposal.pk]), {"decision": "accept"})
    assert response.status_code == 302
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Translate the accepted proposal into French" in message for message in told), told
    assert any("The proposal's author reads French" in message for message in told), told

    response = client.post(url("adopt", charter.pk), {"action": "adopt"}, follow=True)
    assert "Bring these translations up to date before adopting: French." in response.content.decode()
    assert not CharterVersion.objects.exists()


def test_the_adoption_page_warns_of_open_proposals_and_languages_participants_read(client, charter, facilitator, group):
    translate(charter, "fr", title="Notre charte", commitments=["Nous écoutons.", "Nous saluons."])
    group[0].preferred_language = "de"
    group[0].save()
    group[1].preferred_language = "fr"
    group[1].save()
    services.propose(group[2], "We commit to cook together.")
    services.propose(group[3], "We commit to sing together.")
    client.force_login(facilitator)
    page = page_of(client.get(url("adopt", charter.pk)))
    assert "2 proposals are still open" in page.select_one("[data-open-proposals]").get_text()
    missing = page.select_one("[data-missing-languages]").get_text()
    assert "German" in missing and "French" not in missing and "English" not in missing


# --- In-person signing -------------------------------------------------------------------


def test_in_person_signing_speaks_the_participants_language_and_then_hides_the_signatories(
    client, charter, facilitator, group
):
    translate(charter, "fr", title="Notre charte", commitments=["Nous écoutons.", "Nous saluons."])
    version = services.adopt_charter(charter, by=facilitator)
    earlier = group[1]
    services.sign(earlier, version, typed_name=earlier.full_name, language="en", method="online", ip=None, user_agent="")
    signer = group[0]
    signer.preferred_language = "fr"
    signer.save()
    with translation.override("fr"):
        label, button = gettext("Type your first and last name"), gettext("Sign the charter")
        title = gettext("%(name)s signs the charter") % {"name": signer.full_name}
    assert label != "Type your first and last name"  # the French catalogue has them

    client.force_login(facilitator)  # the staff member's admin is in English
    page = page_of(client.get(url("in_person", charter.pk, signer.pk)))
    assert label in page.get_text() and button in page.get_text()
    assert page.select_one("h1").get_text().strip() == title != f"{signer.full_name} signs the charter"
    assert "Nous écoutons." in page.select_one("[data-charter-text]").get_text()
    hidden = {field["name"]: field["value"] for field in page.select("form input[type=hidden]")}

    response = client.post(
        url("in_person", charter.pk, signer.pk), {**hidden, "typed_name": signer.full_name, "commitment": "on"}
    )
    assert response.status_code == 302
    assert response.url == url("in_person_done", charter.pk, signer.pk)
    signature = Signature.objects.get(participant=signer)
    assert signature.language == "fr" and signature.text_sha256 == version.text_in("fr").sha256
    done = client.get(response.url)
    text = page_of(done).get_text()
    assert done.status_code == 200 and page_of(done).select_one("[data-in-person-done]")
    assert earlier.full_name not in text and earlier.last_name not in text  # no list of other signatories
    assert signer.first_name in text
    assert page_of(done).select_one("[data-back-to-signatures]")["href"] == url("signatures", charter.pk)


def test_the_thank_you_page_waits_for_a_signature(client, charter, facilitator, group):
    services.adopt_charter(charter, by=facilitator)
    client.force_login(facilitator)
    response = client.get(url("in_person_done", charter.pk, group[0].pk))
    assert response.status_code == 302 and response.url == url("in_person", charter.pk, group[0].pk)


# --- wagtail-localize's lists, scoped ------------------------------------------------------


@pytest.fixture
def two_programmes(charter, facilitator, locales):
    """Programme A (``charter``) and programme B, each with a charter being translated into French."""
    other = ProgrammeFactory()
    outsider = programme_staff(other, ProgrammeStaff.Role.FACILITATOR)
    theirs = charter_for(other, title="B's secret charter")
    services.translate_charter(charter.programme, locales["fr"], by=facilitator)
    services.translate_charter(other, locales["fr"], by=outsider)
    return theirs, outsider


def test_the_localize_snippet_listing_lists_only_the_users_charters(client, charter, facilitator, two_programmes):
    theirs, outsider = two_programmes
    listing = reverse("wagtail_localize:snippets_api_listing", args=["youthcop_charters", "charter"])
    client.force_login(facilitator)
    response = client.get(listing)
    assert response.status_code == 200
    payload = response.json()
    rows = payload["results"] if isinstance(payload, dict) else payload
    ids = {row["id"] for row in rows}
    assert ids == set(Charter.objects.filter(programme=charter.programme).values_list("pk", flat=True))
    assert "B's secret charter" not in response.content.decode()
    client.force_login(outsider)
    assert "Our charter" not in client.get(listing).content.decode()


def test_the_localize_translations_report_shows_only_the_users_charters(client, charter, facilitator, two_programmes):
    theirs, outsider = two_programmes
    client.force_login(facilitator)
    for name in ("translations_report", "translations_report_results"):
        response = client.get(reverse(f"wagtail_localize:{name}"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Our charter" in html
        assert "secret charter" not in html


# --- The charter PDF reads back with poppler ------------------------------------------------


def pdftotext(content):
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def test_the_charter_pdf_reads_back_with_pdftotext_in_each_language(charter, facilitator, group):
    translate(
        charter, "fr", title="Notre charte", commitments=["Nous nous engageons à écouter.", "Nous saluons « ça va ? »."]
    )
    version = services.adopt_charter(charter, by=facilitator)
    for person in group[:2]:
        services.sign(person, version, typed_name=person.full_name, language="fr", method="online", ip=None, user_agent="")

    french = pdftotext(services.charter_pdf(version, "fr"))
    assert "Notre charte" in french
    assert "1. Nous nous engageons à écouter." in french and "2. Nous saluons « ça va ? »." in french
    for person in group[:2]:
        assert person.full_name in french
    assert group[2].full_name not in french
    assert version.text_in("fr").sha256 in french.replace(" ", "")

    english = pdftotext(services.charter_pdf(version, "en"))
    assert "1. We commit to listen before we judge." in english and "2. We commit to say hello in the street." in english
