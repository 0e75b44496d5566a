"""Public pages for tests: the site's home page, a programme index, programme pages."""

from wagtail.models import Locale, Site

from youthcop.pages.models import ProgrammeIndexPage, ProgrammePage
from youthcop_site.home.models import HomePage, StandardPage


def home_page():
    """The example site's English home page (made by the home app's migration)."""
    return Site.objects.get(is_default_site=True).root_page.specific


def add_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_index(parent=None, **fields):
    fields.setdefault("title", "Our programmes")
    fields.setdefault("slug", "programmes")
    fields.setdefault("show_in_menus", True)
    fields.setdefault("intro", "<p>Young people and police officers meet every month for a year.</p>")
    return add_child(parent or home_page(), ProgrammeIndexPage(**fields))


def make_programme_page(programme, parent=None, **fields):
    fields.setdefault("title", programme.name)
    fields.setdefault("slug", f"programme-{programme.pk}")
    fields.setdefault("summary", "A year of monthly workshops between young people and police officers.")
    fields.setdefault("body", "<p>Theatre, trust games and a shared meal every month.</p>")
    fields.setdefault("how_the_year_works", "<p>Twelve joint workshops, from September to June.</p>")
    fields.setdefault("how_to_propose", "<p>Youth workers write to the coordinator.</p>")
    fields.setdefault("contact_email", "coordinator@example.org")
    return add_child(parent or make_index(), ProgrammePage(programme=programme, **fields))


def make_standard_page(parent=None, **fields):
    fields.setdefault("title", "About us")
    fields.setdefault("slug", "about")
    fields.setdefault("body", "<p>About the police zone.</p>")
    return add_child(parent or home_page(), StandardPage(**fields))


def locale(code):
    return Locale.objects.get(language_code=code)


__all__ = ["HomePage", "home_page", "make_index", "make_programme_page", "make_standard_page", "locale"]
