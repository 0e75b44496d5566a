"""Where each page type may live in the page tree."""

import pytest
from wagtail.models import Page

from youthcop.pages.models import ProgrammeIndexPage, ProgrammePage
from youthcop_site.home.models import HomePage, StandardPage

from .factories import home_page, make_standard_page

pytestmark = pytest.mark.django_db


def test_programme_pages_live_only_under_a_programme_index(programme_page, index_page):
    home = home_page()
    about = make_standard_page(home)
    assert ProgrammePage.can_create_at(index_page)
    assert not ProgrammePage.can_create_at(home)
    assert not ProgrammePage.can_create_at(about)
    assert not ProgrammePage.can_create_at(Page.get_first_root_node())
    assert ProgrammePage.allowed_parent_page_models() == [ProgrammeIndexPage]


def test_nothing_goes_under_a_programme_page(programme_page):
    assert ProgrammePage.allowed_subpage_models() == []
    for page_type in (ProgrammePage, ProgrammeIndexPage, StandardPage, HomePage):
        assert not page_type.can_create_at(programme_page)


def test_a_programme_index_holds_only_programme_pages(index_page):
    assert ProgrammeIndexPage.allowed_subpage_models() == [ProgrammePage]
    assert not ProgrammeIndexPage.can_create_at(index_page)
    assert not StandardPage.can_create_at(index_page)


def test_the_home_page_takes_an_index_and_content_pages_and_sits_at_the_top():
    home = home_page()
    assert ProgrammeIndexPage.can_create_at(home)
    assert StandardPage.can_create_at(home)
    assert set(HomePage.allowed_subpage_models()) == {ProgrammeIndexPage, StandardPage}
    assert HomePage.allowed_parent_page_models() == [Page]
    assert not HomePage.can_create_at(home)
    assert HomePage.can_create_at(Page.get_first_root_node())


def test_content_pages_nest_but_hold_no_programmes():
    about = make_standard_page()
    assert StandardPage.can_create_at(about)
    assert not ProgrammeIndexPage.can_create_at(about)
