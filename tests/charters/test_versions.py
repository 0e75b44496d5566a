"""Adoption freezes a version; signatures bind to exactly the text shown; new versions supersede."""

import hashlib

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests.charters.factories import link_for, translate
from youthcop.charters import services
from youthcop.charters.models import Charter, CharterVersion, Signature, text_sha256
from youthcop.privacy.models import AuditLogEntry

pytestmark = pytest.mark.django_db


def shown_text(response):
    """The charter text exactly as the browser shows it (the element's text content)."""
    element = BeautifulSoup(response.content, "html5lib").select_one("[data-charter-text]")
    return element.get_text()


def sign_online(client, participant, token, **data):
    page = client.get(reverse("youthcop_charters:charter", args=[token]))
    form = BeautifulSoup(page.content, "html5lib").select_one("main form")  # not the header's language switch
    hidden = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    payload = {**hidden, "typed_name": participant.full_name, "commitment": "on", **data}
    return page, client.post(reverse("youthcop_charters:charter", args=[token]), payload)


def test_adoption_freezes_each_language_with_its_hash(charter, facilitator):
    translate(charter, "fr", title="Notre charte", commitments=["Nous écoutons.", "Nous saluons."])
    version = services.adopt_charter(charter, by=facilitator)
    texts = {text.language: text for text in version.texts.all()}
    assert set(texts) == {"en", "fr"}
    assert version.number == 1 and version.original_language == "en" and version.adopted_by == facilitator
    for text in texts.values():
        assert text.sha256 == hashlib.sha256(text.text.encode()).hexdigest()
    assert "1. We commit to listen before we judge." in texts["en"].text
    assert "2. Nous saluons." in texts["fr"].text
    assert not Charter.objects.filter(programme=charter.programme, proposals_open=True).exists()
    entry = AuditLogEntry.objects.get(action="youthcop.charter.adopted")
    assert entry.user_id == facilitator.pk
    assert entry.data == {"version": 1, "sha256": {language: text.sha256 for language, text in texts.items()}}


def test_the_signatures_hash_is_the_hash_of_the_text_shown(client, charter, facilitator, group):
    services.adopt_charter(charter, by=facilitator)
    participant = group[0]
    client.defaults["HTTP_USER_AGENT"] = "Mozilla/5.0 (Linux; Android 14) phone"
    page, response = sign_online(client, participant, link_for(participant))
    assert response.status_code == 302
    signature = Signature.objects.get(participant=participant)
    assert signature.text_sha256 == hashlib.sha256(shown_text(page).encode()).hexdigest()
    assert signature.method == "online" and signature.language == "en"
    assert signature.ip_address == "127.0.0.1" and signature.user_agent == "Mozilla/5.0 (Linux; Android 14) phone"
    assert signature.typed_name == participant.full_name and signature.version.number == 1
    assert signature.signed_at.utcoffset().total_seconds() == 0  # stored in UTC
    entry = AuditLogEntry.objects.get(action="youthcop.charter.signed")
    assert entry.object_id == participant.pk
    assert entry.data == {"version": 1, "method": "online", "language": "en", "sha256": signature.text_sha256}


def test_a_reader_of_the_translation_signs_the_translations_hash(client, charter, facilitator, group):
    translate(charter, "fr", title="Notre charte", commitments=["Nous écoutons."])
    version = services.adopt_charter(charter, by=facilitator)
    participant = group[0]
    participant.preferred_language = "fr"
    participant.save()
    page, _response = sign_online(client, participant, link_for(participant))
    assert "Nous écoutons." in shown_text(page)
    signature = Signature.objects.get(participant=participant)
    assert signature.language == "fr"
    assert signature.text_sha256 == version.text_in("fr").sha256 != version.text_in("en").sha256


def test_the_original_is_shown_when_there_is_no_translation_or_when_asked(client, charter, facilitator, group):
    translate(charter, "fr", title="Notre charte", commitments=["Nous écoutons."])
    services.adopt_charter(charter, by=facilitator)
    participant = group[0]
    participant.preferred_language = "nl"
    participant.save()
    url = reverse("youthcop_charters:charter", args=[link_for(participant)])
    assert "We commit to listen" in shown_text(client.get(url))
    assert "Nous écoutons." in shown_text(client.get(url + "?text=fr"))


def test_changing_the_draft_after_adoption_does_not_change_what_was_signed(charter, facilitator, group):
    version = services.adopt_charter(charter, by=facilitator)
    signature = services.sign(
        group[0], version, typed_name=group[0].full_name, language="en", method="online", ip="10.0.0.1", user_agent="t"
    )
    frozen = version.text_in("en").text
    draft = charter.get_latest_revision_as_object()
    draft.commitments.append(("commitment", "We commit to something else entirely."))
    draft.save_revision(user=facilitator)
    charter.refresh_from_db()
    charter.commitments = [("commitment", "Edited in place.")]
    charter.save()

    version.refresh_from_db()
    assert version.text_in("en").text == frozen
    assert signature.text_sha256 == text_sha256(frozen)
    assert services.current_signers(charter.programme) == {group[0].pk}


def test_a_signature_of_an_outdated_page_is_refused(client, charter, facilitator, group):
    services.adopt_charter(charter, by=facilitator)
    participant = group[0]
    token = link_for(participant)
    page = client.get(reverse("youthcop_charters:charter", args=[token]))
    hidden = {f["name"]: f["value"] for f in BeautifulSoup(page.content, "html5lib").select("input[type=hidden]")}
    draft = charter.get_latest_revision_as_object()
    draft.commitments.append(("commitment", "We commit to a third thing."))
    draft.save_revision(user=facilitator)
    services.adopt_charter(charter, by=facilitator)  # version 2 while the page was open
    response = client.post(
        reverse("youthcop_charters:charter", args=[token]),
        {**hidden, "typed_name": participant.full_name, "commitment": "on"},
        follow=True,
    )
    assert not Signature.objects.exists()
    assert "A new version of the charter was adopted" in response.content.decode()


def test_a_new_version_supersedes_signatures_and_invites_everyone_again(
    charter, facilitator, group, mailoutbox, django_capture_on_commit_callbacks
):
    first = services.adopt_charter(charter, by=facilitator)
    for participant in group[:3]:
        services.sign(participant, first, typed_name=participant.full_name, language="en", method="online", ip=None, user_agent="")
    assert services.current_signers(charter.programme) == {p.pk for p in group[:3]}
    group[1].preferred_language = "fr"
    group[1].save()
    mailoutbox.clear()

    draft = charter.get_latest_revision_as_object()
    draft.commitments.append(("commitment", "We commit to meet again next year."))
    draft.save_revision(user=facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.adopt_charter(charter, by=facilitator)

    assert second.number == 2
    assert services.current_version(charter.programme) == second
    assert services.current_signers(charter.programme) == set()
    assert Signature.objects.filter(version=first).count() == 3  # the history keeps every signature
    assert len(mailoutbox) == len(group)
    assert {message.to[0] for message in mailoutbox} == {p.email for p in group}
    assert all("version 2" in message.subject for message in mailoutbox)
    services.sign(group[0], second, typed_name=group[0].full_name, language="en", method="online", ip=None, user_agent="")
    assert services.current_signers(charter.programme) == {group[0].pk}
    with pytest.raises(services.NotCurrentVersion):
        services.sign(group[1], first, typed_name=group[1].full_name, language="en", method="online", ip=None, user_agent="")


def test_invitations_are_in_the_participants_language(
    charter, facilitator, group, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import formats, translation

    group[0].preferred_language = "fr"
    group[0].save()
    with django_capture_on_commit_callbacks(execute=True):
        version = services.adopt_charter(charter, by=facilitator)
    message = next(m for m in mailoutbox if m.to == [group[0].email])
    english = next(m for m in mailoutbox if m.to == [group[1].email])
    adopted_on = timezone.localtime(version.adopted_at)  # the site's day (Brussels), not UTC's, around midnight
    with translation.override("fr"):
        french_date = formats.date_format(adopted_on, "DATE_FORMAT")
    with translation.override("en"):
        english_date = formats.date_format(adopted_on, "DATE_FORMAT")
    assert french_date != english_date
    assert french_date in message.body and english_date in english.body
    assert "/youthcop/charter/" in message.body


def test_an_unchanged_or_empty_draft_cannot_be_adopted(charter, facilitator, locales):
    from tests.charters.factories import charter_for
    from tests.factories import ProgrammeFactory

    services.adopt_charter(charter, by=facilitator)
    with pytest.raises(services.NothingToAdopt):
        services.adopt_charter(charter, by=facilitator)
    empty = charter_for(ProgrammeFactory(), commitments=[])
    with pytest.raises(services.NothingToAdopt):
        services.adopt_charter(empty, by=facilitator)
    assert CharterVersion.objects.count() == 1


def test_adoption_waits_for_whoever_holds_the_lock(charter, facilitator, programme):
    from tests.factories import programme_staff
    from youthcop.programmes.models import ProgrammeStaff

    colleague = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    Charter.objects.filter(pk=charter.pk).update(locked=True, locked_by=colleague)
    with pytest.raises(services.CharterLocked):
        services.adopt_charter(charter, by=facilitator)
    assert services.adopt_charter(charter, by=colleague).number == 1


def test_current_signers_uses_one_query(charter, facilitator, group, django_assert_num_queries):
    version = services.adopt_charter(charter, by=facilitator)
    for participant in group:
        services.sign(participant, version, typed_name=participant.full_name, language="en", method="online", ip=None, user_agent="")
    with django_assert_num_queries(1):
        assert services.current_signers(charter.programme) == {p.pk for p in group}
