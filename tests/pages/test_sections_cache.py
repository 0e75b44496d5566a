"""The sections other apps add to the programme page are cached, and never stale.

They are cached by default (``PROGRAMME_SECTIONS_CACHE_SECONDS``); each change
to what they show bumps the programme's sections version once the transaction
commits (``django_capture_on_commit_callbacks`` stands for that commit inside
the test's transaction), so the very next render shows it. Each test first
renders the page twice, so a missing bump would serve the cached copy.
"""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone

from tests.certificates.factories import held_sessions
from tests.charters.factories import charter_for, group_of
from tests.factories import programme_staff
from tests.sessions.factories import SessionFactory, days_ago
from youthcop.charters import services as charters
from youthcop.core.cache import programme_sections, version
from youthcop.core.conf import youthcop_settings
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions import services as sessions

pytestmark = pytest.mark.django_db

TEXT = "We greet each other in the street."


def render(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def render_twice(client, page):
    """Render, then render again from the cache; the second render's HTML."""
    render(client, page)
    return render(client, page)[0]


def sign(participant, version):
    return charters.sign(
        participant,
        version,
        typed_name=participant.full_name,
        language="en",
        method="online",
        ip="10.0.0.1",
        user_agent="UA",
    )


@pytest.fixture
def page_with_sections(programme_page, django_capture_on_commit_callbacks):
    """A programme with held and planned sessions and a public, adopted, once-signed charter."""
    programme = programme_page.programme
    with django_capture_on_commit_callbacks(execute=True):
        held_sessions(programme, 2)
        SessionFactory(programme=programme, starts_at=days_ago(-20))
        people = group_of(programme, youth=2, police=1)
        charter = charter_for(programme, commitments=[TEXT], show_on_public_page=True)
        version = charters.adopt_charter(charter, by=programme_staff(programme, ProgrammeStaff.Role.FACILITATOR))
        sign(people[0], version)
    return programme_page, charter, people


def test_sections_are_cached_by_default_and_save_queries(client, page_with_sections, settings):
    page, _charter, _people = page_with_sections
    assert youthcop_settings.PROGRAMME_SECTIONS_CACHE_SECONDS > 0
    cold_html, cold = render(client, page)
    warm_html, warm = render(client, page)
    assert warm_html == cold_html
    assert "3 sessions planned, 2 held." in warm_html and TEXT in warm_html and "Signed by 1 participant." in warm_html
    assert warm < cold, (cold, warm)

    settings.YOUTHCOP = {**getattr(settings, "YOUTHCOP", {}), "PROGRAMME_SECTIONS_CACHE_SECONDS": 0}
    render(client, page)
    uncached_html, uncached = render(client, page)
    assert uncached_html == warm_html
    assert uncached > warm, (uncached, warm)


def test_a_new_session_shows_at_once(client, page_with_sections, django_capture_on_commit_callbacks):
    page, _charter, _people = page_with_sections
    assert "3 sessions planned, 2 held." in render_twice(client, page)
    with django_capture_on_commit_callbacks(execute=True):
        sooner = SessionFactory(programme=page.programme, starts_at=days_ago(-3))
    html, _queries = render(client, page)
    assert "4 sessions planned, 2 held." in html
    assert f"Next session: {dateformat.format(timezone.localtime(sooner.starts_at), 'l j F Y')}" in html


def test_a_cancelled_session_shows_at_once(client, page_with_sections, django_capture_on_commit_callbacks):
    page, _charter, _people = page_with_sections
    html = render_twice(client, page)
    assert "3 sessions planned, 2 held." in html and "Next session:" in html
    upcoming = page.programme.sessions.get(starts_at__gt=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        sessions.cancel_session(upcoming)
    html, _queries = render(client, page)
    assert "2 sessions planned, 2 held." in html
    assert "Next session:" not in html


def test_a_newly_adopted_version_shows_at_once(client, page_with_sections, django_capture_on_commit_callbacks):
    page, charter, _people = page_with_sections
    assert TEXT in render_twice(client, page)
    charter.commitments = [("commitment", "We answer every message within a week.")]
    with django_capture_on_commit_callbacks(execute=True):
        charter.save()
        charters.adopt_charter(charter, by=programme_staff(page.programme, ProgrammeStaff.Role.FACILITATOR))
    html, _queries = render(client, page)
    assert "We answer every message within a week." in html
    assert TEXT not in html
    assert "Signed by 0 participants." in html  # the signatures were of the earlier version


def test_a_new_signature_shows_at_once(client, page_with_sections, django_capture_on_commit_callbacks):
    page, _charter, people = page_with_sections
    assert "Signed by 1 participant." in render_twice(client, page)
    with django_capture_on_commit_callbacks(execute=True):
        sign(people[1], charters.current_version(page.programme))
    assert "Signed by 2 participants." in render(client, page)[0]


def test_making_the_charter_public_or_private_shows_at_once(
    client, page_with_sections, django_capture_on_commit_callbacks
):
    page, charter, _people = page_with_sections
    assert TEXT in render_twice(client, page)
    charter.show_on_public_page = False
    with django_capture_on_commit_callbacks(execute=True):
        charter.save_revision().publish()
    assert TEXT not in render_twice(client, page)
    charter.show_on_public_page = True
    with django_capture_on_commit_callbacks(execute=True):
        charter.save_revision().publish()
    assert TEXT in render(client, page)[0]


def test_nothing_is_bumped_before_the_commit(page_with_sections, django_capture_on_commit_callbacks):
    page, _charter, _people = page_with_sections
    before = version(programme_sections(page.programme_id))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        SessionFactory(programme=page.programme, starts_at=days_ago(-3))
    assert version(programme_sections(page.programme_id)) == before  # a render now would cache the old rows
    for callback in callbacks:
        callback()
    assert version(programme_sections(page.programme_id)) != before


def test_saving_the_programme_expires_its_sections_only(page_with_sections, django_capture_on_commit_callbacks):
    from tests.factories import ProgrammeFactory

    page, _charter, _people = page_with_sections
    other = ProgrammeFactory()
    mine, theirs = version(programme_sections(page.programme_id)), version(programme_sections(other.pk))
    with django_capture_on_commit_callbacks(execute=True):
        page.programme.save()
    assert version(programme_sections(page.programme_id)) != mine
    assert version(programme_sections(other.pk)) == theirs


def test_the_next_session_is_not_shown_once_it_has_started(client, programme_page, django_capture_on_commit_callbacks):
    """No save happens when a session starts: the cached copy expires at its start."""
    with django_capture_on_commit_callbacks(execute=True):
        soon = SessionFactory(
            programme=programme_page.programme, starts_at=timezone.now() + datetime.timedelta(seconds=2)
        )
    html = render_twice(client, programme_page)
    assert "Next session:" in html
    time.sleep(max(0.0, (soon.starts_at - timezone.now()).total_seconds()) + 1.1)
    html, _queries = render(client, programme_page)
    assert "1 session planned, 0 held." in html
    assert "Next session:" not in html
