"""wagtail-localize's own endpoints refuse a charter translation of a programme the user does not manage.

wagtail-localize checks only the model-wide "change charter" permission, which
every facilitator has; ``youthcop.charters.middleware`` applies the charters'
permission policy. Pages keep wagtail-localize's own rules.
"""

from urllib.parse import urlencode

import polib
import pytest
from django.contrib.auth.models import Group, Permission
from django.core import checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object

from tests.charters.factories import charter_for
from tests.factories import ProgrammeFactory, UserFactory, programme_staff
from tests.pages.factories import home_page
from youthcop.charters import middleware, services
from youthcop.charters.models import Charter
from youthcop.programmes.models import ProgrammeStaff

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(autouse=True)
def machine_translator(settings):
    # So that "machine_translate" is a working endpoint, not a 404 for everyone.
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


@pytest.fixture
def french(charter, facilitator, locales):
    """Programme A's charter, being translated into French by its facilitator."""
    services.translate_charter(charter.programme, locales["fr"], by=facilitator)
    translation = Translation.objects.get(source__object_id=charter.translation_key, target_locale=locales["fr"])
    # A charter has no overridable segment (links, images); add one so edit_override has something to edit.
    assert not OverridableSegment.objects.filter(source=translation.source).exists()
    segment = StringSegment.objects.filter(source=translation.source).first()
    OverridableSegment.objects.create(source=translation.source, context=segment.context, order=99, data_json='"x"')
    return translation


@pytest.fixture
def outsider(locales):
    """The facilitator of programme B, who also translates B's charter."""
    programme_b = ProgrammeFactory()
    user = programme_staff(programme_b, ProgrammeStaff.Role.FACILITATOR)
    charter_for(programme_b, title="B's charter")
    return user


def test_the_translation_editor_cannot_move_a_charter_to_another_programme(charter, facilitator, locales):
    # wagtail-localize offers every foreign key as an "override" unless told otherwise.
    services.translate_charter(charter.programme, locales["fr"], by=facilitator)
    assert not OverridableSegment.objects.filter(context__path="programme").exists()


def url(name, translation, **kwargs):
    return reverse(f"wagtail_localize:{name}", kwargs={"translation_id": translation.pk, **kwargs})


def string_segment(translation):
    return StringSegment.objects.filter(source=translation.source).select_related("string").order_by("order").first()


def po_file(translation, text):
    po = translation.export_po()
    for entry in po:
        entry.msgstr = text
    return SimpleUploadedFile("charter-fr.po", str(po).encode(), content_type="text/x-gettext-translation")


# Each wagtail-localize endpoint that takes a translation id, called as its editor calls it.
REQUESTS = {
    "edit a string": lambda client, t: client.put(
        url("edit_string_translation", t, string_segment_id=string_segment(t).pk),
        urlencode({"value": "Notre charte"}),
        content_type=FORM,
    ),
    "clear a string": lambda client, t: client.delete(
        url("edit_string_translation", t, string_segment_id=string_segment(t).pk)
    ),
    "edit an override": lambda client, t: client.put(
        url("edit_override", t, overridable_segment_id=OverridableSegment.objects.get(source=t.source).pk),
        urlencode({"value": "y"}),
        content_type=FORM,
    ),
    "clear an override": lambda client, t: client.delete(
        url("edit_override", t, overridable_segment_id=OverridableSegment.objects.get(source=t.source).pk)
    ),
    "download the PO file": lambda client, t: client.get(url("download_pofile", t)),
    "upload a PO file": lambda client, t: client.post(url("upload_pofile", t), {"file": po_file(t, "Traduit")}),
    "machine-translate": lambda client, t: client.post(url("machine_translate", t)),
    "preview": lambda client, t: client.get(url("preview_translation", t)),
    "preview in a mode": lambda client, t: client.get(url("preview_translation", t, mode="default")),
    "stop the translation": lambda client, t: client.post(url("stop_translation", t)),
}


def translation_state(translation):
    translation.refresh_from_db()
    return (
        translation.enabled,
        sorted(StringTranslation.objects.filter(locale=translation.target_locale).values_list("data", flat=True)),
        list(SegmentOverride.objects.values_list("data_json", flat=True)),
    )


@pytest.mark.parametrize("action", REQUESTS)
def test_a_facilitator_of_another_programme_gets_404_and_changes_nothing(client, french, outsider, action):
    StringTranslation.objects.create(
        translation_of=string_segment(french).string,
        locale=french.target_locale,
        context=string_segment(french).context,
        data="Notre charte",
    )
    SegmentOverride.objects.create(
        locale=french.target_locale, context=OverridableSegment.objects.get().context, data_json='"y"'
    )
    before = translation_state(french)
    client.force_login(outsider)
    assert REQUESTS[action](client, french).status_code == 404
    assert translation_state(french) == before


def test_the_owner_edits_and_clears_a_string(client, french, facilitator):
    client.force_login(facilitator)
    assert REQUESTS["edit a string"](client, french).status_code == 201
    assert StringTranslation.objects.get(locale=french.target_locale).data == "Notre charte"
    assert REQUESTS["clear a string"](client, french).status_code == 200
    assert not StringTranslation.objects.exists()


def test_the_owner_edits_and_clears_an_override(client, french, facilitator):
    client.force_login(facilitator)
    assert REQUESTS["edit an override"](client, french).status_code == 201
    assert SegmentOverride.objects.get().data_json == '"y"'
    assert REQUESTS["clear an override"](client, french).status_code == 200
    assert not SegmentOverride.objects.exists()


def test_the_owner_downloads_and_uploads_the_po_file(client, french, facilitator):
    client.force_login(facilitator)
    download = REQUESTS["download the PO file"](client, french)
    assert download.status_code == 200
    assert "We commit to listen before we judge." in [entry.msgid for entry in polib.pofile(download.content.decode())]
    assert REQUESTS["upload a PO file"](client, french).status_code == 302
    assert set(StringTranslation.objects.values_list("data", flat=True)) == {"Traduit"}


def test_the_owner_machine_translates_and_stops_the_translation(client, french, facilitator):
    client.force_login(facilitator)
    assert REQUESTS["machine-translate"](client, french).status_code == 302
    assert StringTranslation.objects.filter(data="judge. we before listen to commit We").exists()  # the dummy reverses words
    assert REQUESTS["stop the translation"](client, french).status_code == 302
    french.refresh_from_db()
    assert not french.enabled


def test_wagtail_localize_previews_pages_only(client, french, facilitator):
    # The owner's preview is not blocked by youthcop: wagtail-localize itself has no preview of snippets.
    client.force_login(facilitator)
    assert REQUESTS["preview"](client, french).status_code == 404
    assert not hasattr(Charter, "make_preview_request")


@pytest.fixture
def translators(facilitator, outsider):
    """A site that also gives facilitators wagtail-localize's site-wide "submit translation" permission."""
    group = Group.objects.create(name="Translators")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtail_localize", codename="submit_translation"))
    for user in (facilitator, outsider):
        user.groups.add(group)
    return group


def test_with_the_site_wide_translator_permission_only_the_owner_updates_or_submits(
    client, charter, french, facilitator, outsider, translators, locales
):
    update = reverse("wagtail_localize:update_translations", args=[french.source_id])
    submit = reverse("wagtail_localize:submit_snippet_translation", args=["youthcop_charters", "charter", charter.pk])
    api = reverse("wagtail_localize:snippets_api_detail", args=["youthcop_charters", "charter", charter.pk])

    client.force_login(outsider)
    assert client.get(update).status_code == 404
    assert client.post(update, {}).status_code == 404
    assert client.get(submit).status_code == 404
    assert client.post(submit, {"locales": [locales["nl"].pk]}).status_code == 404
    assert client.get(api).status_code == 404
    assert not Charter.objects.filter(locale=locales["nl"]).exists()

    client.force_login(facilitator)
    assert client.get(update).status_code == 200
    assert client.get(submit).status_code == 200
    assert client.post(submit, {"locales": [locales["nl"].pk]}).status_code == 302
    assert Charter.objects.get(locale=locales["nl"]).programme == charter.programme
    assert client.get(api).json()["title"] == "Our charter"


def test_page_translations_keep_wagtail_localize_rules(client, locales):
    """An editor without any programme edits and previews a page translation as wagtail-localize intends."""
    home = home_page()
    translate_object(home, [locales["fr"]])
    translation = Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(home), target_locale=locales["fr"]
    )
    editor = UserFactory(group="Editors")
    client.force_login(editor)
    assert REQUESTS["edit a string"](client, translation).status_code == 201
    assert REQUESTS["preview"](client, translation).status_code == 200
    assert REQUESTS["download the PO file"](client, translation).status_code == 200


def test_a_superuser_still_uses_them_on_any_charter(client, french):
    client.force_login(UserFactory(is_superuser=True))
    assert REQUESTS["edit a string"](client, french).status_code == 201


# wagtail-localize's endpoints that act on no charter: its script catalogue and page-only actions.
NOT_ABOUT_A_CHARTER = {"javascript_catalog", "submit_page_translation", "convert_to_alias"}


def wagtail_localize_endpoints():
    """``(name, URL arguments)`` of each of wagtail-localize's URL patterns."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace == middleware.NAMESPACE:
                yield pattern.name, set(pattern.pattern.converters)

    return list(walk(get_resolver().url_patterns))


def test_the_middleware_covers_every_wagtail_localize_endpoint():
    """One on a translation, a source or a snippet by its arguments, a list by its name; a new kind fails here."""
    endpoints = wagtail_localize_endpoints()
    assert len(endpoints) > 10
    on_one_object = [
        name
        for name, arguments in endpoints
        if arguments & {"translation_id", "translation_source_id"} or {"app_label", "model_name", "pk"} <= arguments
    ]
    assert {"edit_string_translation", "update_translations", "submit_snippet_translation"} <= set(on_one_object)
    unknown = {name for name, _arguments in endpoints} - set(on_one_object) - middleware.LISTS - NOT_ABOUT_A_CHARTER
    assert unknown == set()


def test_a_site_without_the_middleware_fails_its_checks(settings):
    assert "youthcop_charters.E001" not in [message.id for message in checks.run_checks()]
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "charters.middleware" not in name]
    errors = [message for message in checks.run_checks() if message.id == "youthcop_charters.E001"]
    assert len(errors) == 1 and errors[0].is_serious()  # an error: manage.py refuses to run the site
