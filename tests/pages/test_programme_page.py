"""What the public programme page and index show, and how they are served."""

import datetime
from html import unescape

import pytest
from django.utils import formats, translation
from wagtail import hooks

from tests.factories import OrganisationFactory, PoliceZoneFactory, ProgrammeFactory, UserFactory
from youthcop.programmes.models import Programme

from .factories import home_page, make_programme_page

pytestmark = pytest.mark.django_db


def test_programme_page_shows_the_programme_and_its_story(client, programme, index_page):
    partner = OrganisationFactory(name="Jeugdhuis De Brug", city="Evere", website="https://debrug.example.org")
    programme.partner_organisations.add(partner)
    programme.reward_description = "A weekend in Ghent."
    programme.save()
    page = make_programme_page(programme, parent=index_page, partners="<p>The municipality lends its rooms.</p>")

    html = client.get(page.url).content.decode()

    assert f"<h1>{programme.name}</h1>" in html
    assert programme.police_zone.name in html
    assert "Running" in html
    assert "About 27 people, 2 young people for each police officer" in html
    assert "at least 75 % of the sessions" in html
    assert "Theatre, trust games and a shared meal every month." in html
    assert "Twelve joint workshops" in html
    assert '<a href="https://debrug.example.org">Jeugdhuis De Brug</a>' in html
    assert "The municipality lends its rooms." in html
    assert "A weekend in Ghent." in html  # the programme's reward, as the page has none of its own
    assert 'href="mailto:coordinator@example.org"' in html


def test_page_reward_text_replaces_the_programmes(client, programme, index_page):
    programme.reward_description = "Programme reward"
    programme.save()
    page = make_programme_page(programme, parent=index_page, reward="<p>Page reward</p>")
    html = client.get(page.url).content.decode()
    assert "Page reward" in html
    assert "Programme reward" not in html


def test_dates_follow_the_active_language(client, programme, index_page):
    programme.start_date = datetime.date(2026, 3, 1)
    programme.end_date = datetime.date(2027, 2, 28)
    programme.save()
    page = make_programme_page(programme, parent=index_page)
    for language in ("en", "fr", "nl", "de"):
        with translation.override(language):
            expected = formats.date_format(programme.start_date, "DATE_FORMAT")
        html = client.get(page.url.replace("/en/", f"/{language}/", 1)).content.decode()
        assert expected in html, language
    assert "1 mars 2026" in client.get(page.url.replace("/en/", "/fr/", 1)).content.decode()
    assert "1. März 2026" in client.get(page.url.replace("/en/", "/de/", 1)).content.decode()


@pytest.fixture
def two_sections():
    def first(request, programme):
        return f'<section id="first">{programme.pk}</section>'

    def nothing(request, programme):
        return ""

    def second(request, programme):
        return '<section id="second"></section>'

    with hooks.register_temporarily("youthcop_programme_page_sections", first), hooks.register_temporarily(
        "youthcop_programme_page_sections", nothing
    ), hooks.register_temporarily("youthcop_programme_page_sections", second):
        yield


def test_sections_of_other_apps_render_in_hook_order(client, programme_page, two_sections):
    html = client.get(programme_page.url).content.decode()
    assert f'<section id="first">{programme_page.programme_id}</section>' in html
    assert html.index('id="first"') < html.index('id="second"')


def test_page_text_is_escaped(client, index_page):
    programme = ProgrammeFactory(police_zone=PoliceZoneFactory(name="<script>alert(1)</script>"))
    page = make_programme_page(programme, parent=index_page, title="Safe", summary="<b>bold</b>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def _listing(client, index, query=""):
    return client.get(index.url + query).content.decode()


def test_index_lists_public_programmes_and_filters_by_zone_and_status(client, index_page):
    north, south = PoliceZoneFactory(name="Zone North"), PoliceZoneFactory(name="Zone South")
    running_north = ProgrammeFactory(name="Running North", police_zone=north)
    recruiting_south = ProgrammeFactory(name="Recruiting South", police_zone=south, status=Programme.Status.RECRUITING)
    done_north = ProgrammeFactory(name="Done North", police_zone=north, status=Programme.Status.COMPLETED)
    draft = ProgrammeFactory(name="Secret Draft", police_zone=south, status=Programme.Status.DRAFT)
    for programme in (running_north, recruiting_south, done_north, draft):
        make_programme_page(programme, parent=index_page)

    html = _listing(client, index_page)
    assert all(name in html for name in ("Running North", "Recruiting South", "Done North"))
    assert "Secret Draft" not in html
    assert "3 programmes" in html

    html = _listing(client, index_page, f"?zone={north.pk}")
    assert "Running North" in html and "Done North" in html and "Recruiting South" not in html

    html = _listing(client, index_page, f"?zone={north.pk}&status=completed")
    assert "Done North" in html and "Running North" not in html
    assert "1 programme" in html

    html = _listing(client, index_page, "?status=draft&zone=nonsense")  # ignored, not an error
    assert "3 programmes" in html


def test_index_pages_through_many_programmes(client, index_page):
    for n in range(14):
        make_programme_page(ProgrammeFactory(name=f"Programme number {n:02d}"), parent=index_page)
    first = _listing(client, index_page)
    assert first.count('class="yc-card yc-programme-card"') == 12
    assert "Page 1 of 2" in first
    second = _listing(client, index_page, "?page=2")
    assert second.count('class="yc-card yc-programme-card"') == 2


def test_home_page_lists_current_programmes_of_its_language(client, index_page):
    make_programme_page(ProgrammeFactory(name="Now recruiting", status=Programme.Status.RECRUITING), parent=index_page)
    make_programme_page(ProgrammeFactory(name="Now running"), parent=index_page)
    make_programme_page(ProgrammeFactory(name="Long done", status=Programme.Status.COMPLETED), parent=index_page)
    html = client.get(home_page().url).content.decode()
    assert "Now recruiting" in html and "Now running" in html
    assert "Long done" not in html
    assert f'href="{index_page.url}"' in html


def test_anonymous_pages_set_no_cookie_and_may_be_cached(client, programme_page, index_page):
    for url in (home_page().url, index_page.url, programme_page.url, index_page.url + "?status=running"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "public" in response["Cache-Control"] and "s-maxage=300" in response["Cache-Control"]


def test_pages_are_not_publicly_cached_for_signed_in_users(client, programme_page):
    client.force_login(UserFactory())
    response = client.get(programme_page.url)
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_unpublished_programme_page_is_not_found(client, programme_page):
    programme_page.unpublish()
    assert client.get(programme_page.url).status_code == 404


def test_menu_and_links_follow_publication(client, programme_page, index_page):
    html = client.get(programme_page.url).content.decode()
    assert f'<a href="{index_page.url}">Our programmes</a>' in html
    index_page.title = "Programmes in the zone"
    index_page.save_revision().publish()
    html = client.get(programme_page.url).content.decode()
    assert "Programmes in the zone" in html  # the cached menu and breadcrumb followed the publication


def test_view_restrictions_match_wagtails_rule_through_aliases(programme, index_page):
    from wagtail.models import Locale, Page, PageViewRestriction

    page = make_programme_page(programme, parent=index_page)
    PageViewRestriction.objects.create(page=index_page, restriction_type="password", password="secret")
    dutch = page.copy_for_translation(Locale.objects.get(language_code="nl"), copy_parents=True)  # index aliased
    assert dutch.get_parent().alias_of_id == index_page.pk
    for checked in (home_page(), index_page, page, dutch.get_parent().specific, dutch):
        ours = sorted(checked.get_view_restrictions().values_list("pk", flat=True))
        wagtails = sorted(Page.get_view_restrictions(checked).values_list("pk", flat=True))
        assert ours == wagtails, checked
    assert dutch.get_view_restrictions().exists()


def test_a_private_programme_page_is_neither_shown_nor_listed_nor_cached(client, programme, index_page):
    from wagtail.models import PageViewRestriction

    page = make_programme_page(programme, parent=index_page, summary="Only for the steering committee")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret")
    response = client.get(page.url)
    assert "Only for the steering committee" not in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")
    assert programme.name not in client.get(index_page.url).content.decode()
    assert programme.name not in client.get(home_page().url).content.decode()


def test_cached_fragments_follow_the_language_of_the_request(client, programme, index_page):
    """An untranslated page is served under every language prefix: its cached fragments must not mix languages."""
    programme.partner_organisations.add(OrganisationFactory(name="Jeugdhuis De Brug"))
    page = make_programme_page(programme, parent=index_page)
    headings = ("About the programme", "How the year works", "Partners", "Write to the coordinator")
    english = client.get(page.url).content.decode()  # fills the fragment cache in English
    assert all(heading in english for heading in headings)
    french = client.get(page.url.replace("/en/", "/fr/", 1)).content.decode()
    for heading in headings:
        with translation.override("fr"):
            expected = translation.gettext(heading)
        assert expected != heading, f"{heading!r} has no French translation to check with"
        assert expected in unescape(french), heading


def test_programme_page_counts_sessions_and_shows_the_charter_only_when_public(
    client, programme_page, django_capture_on_commit_callbacks
):
    from tests.certificates.factories import held_sessions
    from tests.charters.factories import charter_for, group_of
    from tests.factories import programme_staff
    from tests.sessions.factories import SessionFactory, days_ago
    from youthcop.charters import services as charters
    from youthcop.charters.models import Charter
    from youthcop.programmes.models import ProgrammeStaff
    from youthcop.sessions.models import Session

    programme = programme_page.programme
    held_sessions(programme, 3)
    SessionFactory(programme=programme, starts_at=days_ago(-20))
    SessionFactory(programme=programme, starts_at=days_ago(-50))
    SessionFactory(programme=programme, starts_at=days_ago(-80), status=Session.Status.CANCELLED)
    people = group_of(programme, youth=2, police=1)
    charter = charter_for(programme, commitments=["We greet each other in the street."])
    version = charters.adopt_charter(charter, by=programme_staff(programme, ProgrammeStaff.Role.FACILITATOR))
    charters.sign(people[0], version, typed_name=people[0].full_name, language="en", method="online", ip="10.0.0.1", user_agent="UA")

    html = client.get(programme_page.url).content.decode()
    assert "5 sessions planned, 3 held." in html  # the cancelled one is not planned
    assert "We greet each other in the street." not in html  # not made public yet
    assert people[0].full_name not in html

    charter = Charter.objects.get(pk=charter.pk)
    charter.show_on_public_page = True
    with django_capture_on_commit_callbacks(execute=True):  # published as the admin does; expires the cached sections
        charter.save_revision().publish()
    html = client.get(programme_page.url).content.decode()
    assert "We greet each other in the street." in html
    assert "Signed by 1 participant." in html
    assert not [person.full_name for person in people if person.full_name in html]
