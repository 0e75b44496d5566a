"""What staff see of the ratings: counts and comments per side, never a name, nothing under five answers."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, programme_staff
from tests.feedback.factories import ended_hours_ago, make_group, rate_all
from youthcop.feedback import services
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions import services as session_services

pytestmark = pytest.mark.django_db
Role = ProgrammeStaff.Role


def _session_page(client, user, session):
    client.force_login(user)
    response = client.get(reverse("youthcop_admin_sessions:inspect", args=[session.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html5lib")


def _overview(client, user, programme):
    client.force_login(user)
    response = client.get(reverse("youthcop_admin_programmes:inspect", args=[programme.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html5lib")


def _text(node):
    return node.get_text(" ", strip=True)


def test_a_side_with_fewer_than_five_answers_is_withheld(client, programme, facilitator):
    young, officers = make_group(programme, youth=5, police=4)
    session = ended_hours_ago(programme)
    rate_all(session, young[:4], score=5, comment=lambda i, p: f"youth comment {i}")
    rate_all(session, officers, score=2, comment=lambda i, p: f"police comment {i}")
    section = _session_page(client, facilitator, session).select_one("[data-youthcop=session-feedback]")
    for side in ("youth", "police"):
        part = section.select_one(f"[data-youthcop=feedback-{side}]")
        assert "Too few answers" in _text(part)
        assert not part.select("[data-youthcop=steps]") and not part.select("[data-youthcop=comments]")
    assert "youth comment" not in _text(section) and "police comment" not in _text(section)
    assert "4 answers" not in _text(section)

    services.rate(session, young[4], 3, "youth comment 4")  # the fifth young person
    section = _session_page(client, facilitator, session).select_one("[data-youthcop=session-feedback]")
    youth = section.select_one("[data-youthcop=feedback-youth]")
    assert "5 answers, mean 4.6 out of 5" in _text(youth)
    assert [_text(li) for li in youth.select("[data-youthcop=steps] li")] == [
        "1 — Very bad 0", "2 — Not good 0", "3 — Okay 1", "4 — Good 0", "5 — Very good 4"
    ]
    # By score, then text: not in the order they came in.
    assert [_text(li) for li in youth.select("[data-youthcop=comments] li")] == [
        "youth comment 0", "youth comment 1", "youth comment 2", "youth comment 3", "youth comment 4"
    ]
    police = section.select_one("[data-youthcop=feedback-police]")
    assert "Too few answers" in _text(police) and "police comment" not in _text(section)


def test_the_service_withholds_figures_not_only_the_template(programme):
    young, _officers = make_group(programme, youth=4, police=0)
    session = ended_hours_ago(programme)
    rate_all(session, young, score=1, comment="hidden")
    youth, police = services.session_feedback(session)
    assert youth.withheld and youth.mean is None and youth.steps == [] and youth.comments == []
    (row,) = services.programme_trend(programme)
    assert row.means == {"youth": None, "police": None}


def _named_group(programme):
    young, officers = make_group(programme, youth=6, police=5)
    return young, officers


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "superuser"])
def test_no_staff_page_puts_a_name_next_to_ratings(client, programme, role):
    young, officers = _named_group(programme)
    session = ended_hours_ago(programme)
    session_services.record_attendance(session, {p.pk: "present" for p in young + officers})
    session.refresh_from_db()
    rate_all(session, young + officers, score=lambda i: 1 + i % 5, comment=lambda i, p: f"line {i}")
    user = (
        UserFactory(is_superuser=True, is_staff=True)
        if role == "superuser"
        else programme_staff(programme, Role.COORDINATOR if role == "coordinator" else Role.FACILITATOR)
    )
    page = _session_page(client, user, session)
    section = page.select_one("[data-youthcop=session-feedback]")
    assert "line 0" in _text(section) and "line 10" in _text(section)
    # The page names who attended (the attendance list), never who rated what.
    assert young[0].first_name in _text(page)
    for person in young + officers:
        assert person.first_name not in _text(section) and person.last_name not in _text(section)
    overview = _overview(client, user, programme).select_one("[data-youthcop=programme-feedback]")
    assert "3.0 / 5" in _text(overview)
    for person in young + officers:
        assert person.first_name not in str(overview) and person.last_name not in str(overview)


@pytest.mark.parametrize("role", [Role.YOUTH_WORKER, Role.YOUTH_ADVISOR])
def test_other_staff_of_the_programme_see_no_ratings(client, programme, role):
    young, officers = _named_group(programme)
    session = ended_hours_ago(programme)
    rate_all(session, young + officers, comment="only for those who run it")
    user = programme_staff(programme, role)
    assert not _session_page(client, user, session).select("[data-youthcop=session-feedback]")
    assert "only for those who run it" not in str(_overview(client, user, programme))


def test_comments_are_escaped(client, programme, facilitator):
    young, _officers = make_group(programme, youth=5, police=0)
    session = ended_hours_ago(programme)
    rate_all(session, young, comment='<script>alert("x")</script><b>bold</b>')
    client.force_login(facilitator)
    body = client.get(reverse("youthcop_admin_sessions:inspect", args=[session.pk])).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in body
    assert '<script>alert("x")' not in body and "<b>bold</b>" not in body


def test_the_trend_draws_each_side_mean_and_gaps_under_the_threshold(client, programme, facilitator):
    young, officers = make_group(programme, youth=5, police=5)
    first = ended_hours_ago(programme, hours=24 * 40, title="First")
    second = ended_hours_ago(programme, hours=24 * 10, title="Second")
    for session, youth_score, police_score in ((first, 2, 3), (second, 4, 5)):
        rate_all(session, young, score=youth_score)
        rate_all(session, officers, score=police_score)
    ended_hours_ago(programme, hours=2, title="Third")  # nobody answered yet
    section = _overview(client, facilitator, programme).select_one("[data-youthcop=programme-feedback]")
    rows = [[_text(td) for td in tr.select("td")] for tr in section.select("[data-youthcop=feedback-trend] tbody tr")]
    assert [row[1:] for row in rows] == [["2.0 / 5", "3.0 / 5"], ["4.0 / 5", "5.0 / 5"], ["too few answers"] * 2]
    chart = section.select_one("[data-youthcop=chart-feedback] svg")
    assert len(chart.select(".yc-feedback-line--youth polyline")) == 1
    assert len(chart.select(".yc-feedback-line--youth circle")) == 2
    assert len(chart.select(".yc-feedback-line--police rect")) == 2
    hidden = [[_text(c) for c in tr.select("th, td")] for tr in section.select("[data-youthcop=chart-feedback] tbody tr")]
    assert [row[1:] for row in hidden] == [["2.0", "3.0"], ["4.0", "5.0"], ["too few answers"] * 2]


def _year(programme, workshops, people):
    young, officers = make_group(programme, youth=people, police=people)
    sessions = [ended_hours_ago(programme, hours=24 * (7 * n + 1)) for n in range(workshops)]
    for session in sessions:
        rate_all(session, young + officers, score=lambda i: 1 + i % 5, comment=lambda i, p: f"comment {i}")
    return sessions


def test_the_pages_cost_the_same_queries_with_many_ratings(client, programme, facilitator, django_assert_max_num_queries):
    few = _year(programme, workshops=1, people=5)[0]
    client.force_login(facilitator)
    session_url = reverse("youthcop_admin_sessions:inspect", args=[few.pk])
    overview_url = reverse("youthcop_admin_programmes:inspect", args=[programme.pk])
    client.get(session_url), client.get(overview_url)  # warm caches (site, locale)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    session_queries, overview_queries = count(session_url), count(overview_url)
    with django_assert_max_num_queries(session_queries):
        client.get(session_url)

    _year(programme, workshops=6, people=15)  # 6 more workshops, 30 more people, 180 more ratings
    rate_all(few, list(programme.participants.order_by("-pk")[:10]), score=3)
    assert few.ratings.count() == 20
    with django_assert_max_num_queries(session_queries):
        assert client.get(session_url).status_code == 200
    with django_assert_max_num_queries(overview_queries):
        assert client.get(overview_url).status_code == 200


def test_before_the_end_the_session_page_says_when_rating_opens(client, programme, facilitator):
    start = timezone.now() + datetime.timedelta(days=2)
    session = ended_hours_ago(programme, hours=-50)
    session.starts_at, session.ends_at = start, start + datetime.timedelta(hours=3)
    session.save()
    section = _session_page(client, facilitator, session).select_one("[data-youthcop=session-feedback]")
    assert "during the 3 days after it ends" in _text(section)
