"""What expires the public pages' cached copies (``youthcop.pages.signal_handlers``, connected in ``ready()``)."""

import pytest

from tests.factories import OrganisationFactory
from youthcop.core.cache import PAGES, PROGRAMMES, programme_sections, version

from .factories import make_standard_page

pytestmark = pytest.mark.django_db


def changes_now_and_after_commit(name, change, capture):
    """``change()`` bumps ``name`` at once, and again once its transaction commits."""
    before = version(name)
    with capture(execute=False) as callbacks:
        change()
    during = version(name)
    for callback in callbacks:
        callback()
    return during != before and version(name) != during


def test_publishing_unpublishing_moving_and_deleting_a_page_expire_the_pages_copies(
    programme_page, index_page, django_capture_on_commit_callbacks
):
    about = make_standard_page()
    capture = django_capture_on_commit_callbacks
    assert changes_now_and_after_commit(PAGES, lambda: programme_page.save_revision().publish(), capture)
    assert changes_now_and_after_commit(PAGES, programme_page.unpublish, capture)
    assert changes_now_and_after_commit(PAGES, lambda: about.move(index_page, pos="last-child"), capture)
    assert changes_now_and_after_commit(PAGES, about.delete, capture)


def test_saving_a_programme_an_organisation_or_the_partners_expires_the_programme_copies(
    programme, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    organisation = OrganisationFactory()
    assert changes_now_and_after_commit(PROGRAMMES, programme.save, capture)
    assert changes_now_and_after_commit(PROGRAMMES, organisation.save, capture)
    assert changes_now_and_after_commit(PROGRAMMES, lambda: programme.partner_organisations.add(organisation), capture)
    assert changes_now_and_after_commit(PROGRAMMES, organisation.delete, capture)


def test_saving_a_programme_expires_its_sections_after_the_commit(programme, django_capture_on_commit_callbacks):
    before = version(programme_sections(programme.pk))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        programme.save()
    assert version(programme_sections(programme.pk)) == before
    for callback in callbacks:
        callback()
    assert version(programme_sections(programme.pk)) != before
