"""The participant's personal page costs the same number of queries however much the participant's year holds.

Every section of the page (sessions, charter, certificate, evaluation, feedback, advisor, workshop themes) reads
its rows in a bounded number of queries: the count is the same with one session, message and theme as with many.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.advisors.conftest import Role, group  # noqa: F401  (the fixture)
from tests.charters.factories import charter_for
from tests.sessions.factories import SessionFactory, days_ago
from youthcop.advisors import services as advisor_services
from youthcop.charters.services import proposals as charter_proposals
from youthcop.sessions.models import Attendance

pytestmark = pytest.mark.django_db

# The link with its participant and programme, the programme's texts (read in its own language here: no
# translation rows), then one query per section, the advisor's two (advisors, conversation) and the themes' two
# (open?, the themes). The demo's page (translated texts): 17 queries before issue 17's work on it, 13 after.
MOST_QUERIES = 10


def grow(group, count, offset=0):  # noqa: F811  (the fixture's value)
    """``count`` more of what the page lists: sessions ahead, workshops just held, messages and themes."""
    programme, young, cop = group["programme"], group["young"], group["officer"]
    now = timezone.now()
    advisor = group["staff"][Role.YOUTH_ADVISOR]
    for n in range(offset, offset + count):
        start = now + datetime.timedelta(days=10 + n)
        SessionFactory(programme=programme, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
        held = SessionFactory(programme=programme, starts_at=days_ago(1 + n % 3), attendance_taken_at=now)
        Attendance.objects.create(session=held, participant=young, status=Attendance.Status.PRESENT)
        advisor_services.send_message(young, f"Question {n}")
        advisor_services.answer(young, f"Answer {n}", by=advisor)
        theme = charter_proposals.propose(cop, f"Theme {n}", kind="theme")
        charter_proposals.toggle_support(young, theme)


@pytest.fixture(autouse=True)
def rendered_every_time(settings):
    """What is measured here is the rendering: the page's cached copy (test_participant_page_cache.py) is off."""
    settings.YOUTHCOP = {**getattr(settings, "YOUTHCOP", {}), "PERSONAL_PAGE_CACHE_SECONDS": 0}


def page_queries(client, token):
    url = reverse("youthcop_programmes:participant_home", args=[token])
    client.get(url)  # warm: the Site, content types, translations
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), BeautifulSoup(response.content, "html5lib")


def test_the_participant_page_costs_the_same_queries_with_one_or_many_rows(client, group):  # noqa: F811
    charter_for(group["programme"])
    grow(group, 1)
    few, page = page_queries(client, group["young_token"])
    # every growing section is there, so that the count below covers them
    assert page.select_one("#themes") and page.select_one("#advisor")
    assert len(page.select("[data-theme]")) == 1
    assert "Answer 0" in page.text

    grow(group, 12, offset=1)
    many, page = page_queries(client, group["young_token"])
    assert len(page.select("[data-theme]")) == 13
    assert "Answer 12" in page.text and "Question 12" in page.text
    assert many == few <= MOST_QUERIES
