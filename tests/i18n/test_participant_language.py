"""A participant's pages speak their language: a switch that keeps their choice, and the programme's texts
(name, description, reward, police zone, sessions) in that language, the original where not translated."""

import pytest
from django.urls import reverse
from wagtail.log_actions import registry as log_registry

from tests.factories import ParticipantFactory
from tests.i18n.participant_texts import DUTCH, ENGLISH, add_session, translated_programme
from youthcop.programmes import services
from youthcop.programmes.models import PersonalLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant():
    return ParticipantFactory(programme=translated_programme(), preferred_language="en")


def switch_url(token):
    return reverse("youthcop_programmes:participant_language", args=[token])


def pages_of(token):
    return [
        services.participant_page_url(token),
        reverse("youthcop_charters:charter", args=[token]),
    ]


def html_lang(response):
    body = response.content.decode()
    return body.split('<html lang="', 1)[1].split('"', 1)[0]


def test_every_page_offers_each_language_in_its_own_language_with_the_current_one_marked(client, participant):
    token = services.issue_link(participant)
    body = client.get(services.participant_page_url(token)).content.decode()
    assert f'action="{switch_url(token)}"' in body
    for code, name in [("en", "English"), ("fr", "Français"), ("nl", "Nederlands"), ("de", "Deutsch")]:
        assert f'value="{code}" lang="{code}"' in body
        assert f">{name}</button>" in body
    assert 'value="en" lang="en" class="yc-languages__choice" aria-current="true"' in body
    assert 'value="fr" lang="fr" class="yc-languages__choice">' in body
    dutch = client.get(services.participant_page_url(token), {"lang": "nl"}).content.decode()
    assert 'value="nl" lang="nl" class="yc-languages__choice" aria-current="true"' in dutch
    assert '<nav class="yc-languages" aria-label="Taal">' in dutch or 'aria-label="' in dutch


def test_the_choice_is_kept_and_every_following_page_reads_in_that_language(client, participant):
    token = services.issue_link(participant)
    charter = reverse("youthcop_charters:charter", args=[token])
    response = client.post(switch_url(token), {"language": "nl", "next": charter + "?lang=de&text=fr"})
    assert response.status_code == 302
    assert response["Location"] == charter + "?text=fr"  # back where they were, without the one-visit language
    participant.refresh_from_db()
    assert participant.preferred_language == "nl"
    entry = log_registry.get_logs_for_instance(participant).get(action="youthcop.participant.language_changed")
    assert entry.data == {"from": "en", "to": "nl"}
    for url in pages_of(token):
        response = client.get(url)
        assert response.status_code == 200
        assert html_lang(response) == "nl"
        assert "Tweede Golf Schaarbeek" in response.content.decode()
        assert ENGLISH["name"] not in response.content.decode()
    home = client.get(services.participant_page_url(token)).content.decode()
    for english in ("description", "reward", "zone", "title", "theme", "directions"):
        assert DUTCH[ENGLISH[english]] in home
        assert ENGLISH[english] not in home
    # The same choice again changes nothing and logs nothing.
    client.post(switch_url(token), {"language": "nl", "next": charter})
    assert log_registry.get_logs_for_instance(participant).filter(action="youthcop.participant.language_changed").count() == 1


def test_a_language_without_translation_reads_the_original(client, participant):
    token = services.issue_link(participant)
    client.post(switch_url(token), {"language": "de"})
    body = client.get(services.participant_page_url(token)).content.decode()
    assert '<html lang="de"' in body
    for english in ("name", "description", "reward", "zone", "title", "theme", "directions"):
        assert ENGLISH[english] in body


@pytest.mark.parametrize(
    "next_url",
    [
        "",
        "https://evil.example/youthcop/p/{token}/",
        "//evil.example/youthcop/p/{token}/",
        "/\\evil.example/youthcop/p/{token}/",
        "/admin/",
        "/youthcop/p/someone-else/",
        "/youthcop/p/{token}/../../admin/",
        "javascript:alert(1)",
    ],
)
def test_only_the_participants_own_pages_are_a_way_back(client, participant, next_url):
    token = services.issue_link(participant)
    response = client.post(switch_url(token), {"language": "fr", "next": next_url.format(token=token)})
    assert response.status_code == 302
    assert response["Location"] == services.participant_page_url(token)


def test_an_unknown_language_changes_nothing_and_a_get_is_refused(client, participant):
    token = services.issue_link(participant)
    client.post(switch_url(token), {"language": "xx"})
    participant.refresh_from_db()
    assert participant.preferred_language == "en"
    assert client.get(switch_url(token)).status_code == 405


def test_lang_in_the_address_still_changes_the_language_for_that_visit_only(client, participant):
    token = services.issue_link(participant)
    assert html_lang(client.get(services.participant_page_url(token), {"lang": "nl"})) == "nl"
    assert html_lang(client.get(services.participant_page_url(token))) == "en"
    participant.refresh_from_db()
    assert participant.preferred_language == "en"


def test_the_guardians_page_switches_for_the_visit_and_never_changes_the_participants_language(client, participant):
    guardian_token = services.issue_link(participant, PersonalLink.Purpose.GUARDIAN)
    url = services.guardian_consent_url(guardian_token)
    body = client.get(url).content.decode()
    assert f'href="{url}?lang=nl" lang="nl" hreflang="nl"' in body
    assert "participant_language" not in body and "/language/" not in body
    dutch = client.get(url, {"lang": "nl"})
    assert html_lang(dutch) == "nl"
    assert "Tweede Golf Schaarbeek" in dutch.content.decode()
    assert "Politiezone Brussel-Noord" in dutch.content.decode()
    # A guardian's link is not the participant's: it cannot change their language.
    assert client.post(switch_url(guardian_token), {"language": "nl"}).status_code == 404
    participant.refresh_from_db()
    assert participant.preferred_language == "en"


def test_pages_without_a_personal_link_show_no_switch(client):
    body = client.get(reverse("youthcop_certificates:verify_form")).content.decode()
    assert "yc-languages" not in body


@pytest.mark.parametrize("sessions", [1, 4])
def test_the_dutch_home_page_costs_the_same_whatever_the_number_of_sessions(
    client, participant, sessions, django_assert_max_num_queries, settings
):
    settings.YOUTHCOP = {**getattr(settings, "YOUTHCOP", {}), "PERSONAL_PAGE_CACHE_SECONDS": 0}  # the rendering
    for n in range(sessions - 1):
        add_session(participant.programme, n)
    participant.preferred_language = "nl"
    participant.save()
    token = services.issue_link(participant)
    url = services.participant_page_url(token)
    client.get(url)  # warm up the per-process caches (site, settings)
    with django_assert_max_num_queries(40) as queries:
        response = client.get(url)
    assert response.content.decode().count("Workshop") >= sessions
    wording_queries = [q["sql"] for q in queries.captured_queries if "programmetext" in q["sql"].lower()]
    assert len(wording_queries) == 1  # one Wording for the page and its sections
