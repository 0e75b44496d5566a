"""Editors create programme pages in the Wagtail admin."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.factories import ProgrammeFactory, UserFactory
from youthcop.pages.models import ProgrammePage

from .factories import make_programme_page

pytestmark = pytest.mark.django_db


def add_programme_page(client, index, programme, slug):
    data = nested_form_data(
        {
            "title": programme.name,
            "slug": slug,
            "programme": programme.pk,
            "summary": "Monthly workshops for a year.",
            "body": rich_text("<p>Theatre and a shared meal.</p>"),
            "partners": rich_text(""),
            "how_the_year_works": rich_text(""),
            "reward": rich_text(""),
            "how_to_propose": rich_text(""),
            "contact_email": "",
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    return client.post(f"/admin/pages/add/youthcop_pages/programmepage/{index.pk}/", data)


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_an_editor_publishes_a_programme_page(editor, client, index_page):
    programme = ProgrammeFactory(name="Second Wave Namur")
    response = add_programme_page(editor, index_page, programme, "second-wave-namur")
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = ProgrammePage.objects.get(slug="second-wave-namur")
    assert page.live and page.programme == programme and page.locale == index_page.locale
    client.logout()
    assert "Theatre and a shared meal." in client.get(page.url).content.decode()


def test_a_programme_has_one_page_per_language(editor, programme, index_page):
    make_programme_page(programme, parent=index_page, title="The first page")
    response = add_programme_page(editor, index_page, programme, "a-second-page")
    assert response.status_code == 200
    assert "already has a page in this language" in str(response.context["form"].errors["programme"])
    assert not ProgrammePage.objects.filter(slug="a-second-page").exists()
