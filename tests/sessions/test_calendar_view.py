"""A programme's calendar: month grid and list, scoped, moving from it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ProgrammeFactory
from tests.sessions.factories import SessionFactory, brussels
from youthcop.sessions.models import Session

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"


def calendar_url(programme, **params):
    url = reverse("youthcop_admin_sessions:programme_calendar", args=[programme.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html5lib")


@pytest.fixture
def october(programme):
    return [
        SessionFactory(programme=programme, title="Workshop 2", starts_at=brussels(2030, 10, 9, 18)),
        SessionFactory(
            programme=programme, title="Briefing 1", kind="police_briefing", starts_at=brussels(2030, 10, 1, 14, 30)
        ),
        SessionFactory(
            programme=programme, title="Workshop 3", starts_at=brussels(2030, 10, 23), status=Session.Status.CANCELLED
        ),
        SessionFactory(programme=programme, title="Workshop 4", starts_at=brussels(2030, 11, 13)),
    ]


def test_the_month_grid_shows_that_months_sessions_with_time_kind_and_cancellations(
    client, programme, facilitator, october
):
    client.force_login(facilitator)
    soup = soup_of(client.get(calendar_url(programme, view="month", month="2030-10")))
    grid = soup.select_one("[data-youthcop=calendar-month]")
    entries = [entry.get_text(" ", strip=True) for entry in grid.select("[data-youthcop=calendar-session]")]
    assert any(entry.startswith("14:30 Briefing 1") for entry in entries)
    assert any("18:00 Workshop 2" in entry for entry in entries)
    assert not any("Workshop 4" in entry for entry in entries)  # November
    cancelled = grid.find("del", string=lambda s: s and "Workshop 3" in s)
    assert cancelled is not None
    assert "yc-kind--police_briefing" in grid.find(string=lambda s: s and "Briefing 1" in s).find_parent(
        class_="yc-cal-session"
    )["class"]
    assert "October 2030" in soup.select_one("[data-youthcop=month-title]").get_text()
    assert "month=2030-09" in soup.select_one("[data-youthcop=previous-month]")["href"]
    assert "month=2030-11" in soup.select_one("[data-youthcop=next-month]")["href"]
    # The facilitator may move the coming ones, not the cancelled one.
    assert len(grid.select("[data-youthcop=move-link]")) == 2
    assert soup.select_one("[data-youthcop=subscribe]")["href"] == reverse(
        "youthcop_admin_sessions:calendar", args=[programme.pk]
    )


def test_today_is_highlighted_in_this_months_grid(client, programme, facilitator):
    client.force_login(facilitator)
    today = timezone.localdate()
    soup = soup_of(client.get(calendar_url(programme, view="month", month=today.strftime("%Y-%m"))))
    cell = soup.select_one("[data-youthcop=today]")
    assert cell.select_one(".yc-cal-day").get_text(strip=True) == str(today.day)


def test_the_list_shows_every_session_and_is_what_phones_get(client, programme, facilitator, october):
    client.force_login(facilitator)
    listing = soup_of(client.get(calendar_url(programme, view="list"))).select_one("[data-youthcop=calendar-list]")
    text = listing.get_text(" ", strip=True)
    for title in ["Briefing 1", "Workshop 2", "Workshop 3", "Workshop 4"]:
        assert title in text
    assert "Wednesday 9 October 2030" in text and "November 2030" in text
    phone = soup_of(client.get(calendar_url(programme), HTTP_USER_AGENT=PHONE))
    assert phone.select_one("[data-youthcop=calendar-list]") and not phone.select_one("[data-youthcop=calendar-month]")
    # A toggle back to the month.
    assert phone.select_one("[data-youthcop=month-view]")
    desktop = soup_of(client.get(calendar_url(programme)))
    assert desktop.select_one("[data-youthcop=calendar-month]")


def test_viewers_see_the_calendar_without_move_links(client, programme, youth_worker, october):
    client.force_login(youth_worker)
    soup = soup_of(client.get(calendar_url(programme, view="list")))
    assert "Workshop 2" in soup.get_text()
    assert not soup.select("[data-youthcop=move-link]")
    assert client.get(reverse("youthcop_admin_sessions:move", args=[october[0].pk])).status_code == 404


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2030-13", "soon"])
def test_a_month_out_of_reach_shows_this_month_instead(client, programme, facilitator, month):
    client.force_login(facilitator)
    soup = soup_of(client.get(calendar_url(programme, view="month", month=month)))
    assert soup.select_one("[data-youthcop=calendar-month]")


def test_another_programmes_calendar_and_sessions_answer_404(client, programme, facilitator):
    client.force_login(facilitator)
    elsewhere = ProgrammeFactory()
    session = SessionFactory(programme=elsewhere, starts_at=brussels(2030, 10, 9))
    assert client.get(calendar_url(elsewhere)).status_code == 404
    assert client.get(reverse("youthcop_admin_sessions:move", args=[session.pk])).status_code == 404


@pytest.mark.parametrize("view", ["month", "list"])
def test_the_calendar_takes_the_same_queries_for_few_and_many_sessions(client, programme, facilitator, view):
    client.force_login(facilitator)

    def queries():
        client.get(calendar_url(programme, view=view, month="2030-10"))  # warm the admin's own caches
        with CaptureQueriesContext(connection) as context:
            response = client.get(calendar_url(programme, view=view, month="2030-10"))
        assert response.status_code == 200
        return len(context)

    SessionFactory(programme=programme, starts_at=brussels(2030, 10, 2))
    few = queries()
    for day in range(3, 28):
        SessionFactory(programme=programme, starts_at=brussels(2030, 10, day), status=Session.Status.MOVED)
    assert queries() == few
    assert programme.sessions.count() == 26


def test_moving_from_the_calendar_previews_then_moves(client, programme, facilitator, october):
    client.force_login(facilitator)
    session = october[0]
    move_url = reverse("youthcop_admin_sessions:move", args=[session.pk])
    soup = soup_of(client.get(calendar_url(programme, view="month", month="2030-10")))
    assert move_url in [a["href"] for a in soup.select("[data-youthcop=move-link]")]
    form = soup_of(client.get(move_url))
    assert form.select_one("input[name=day]")["value"] == "2030-10-09"
    data = {"day": "2030-10-16", "start_time": "17:30", "end_time": "20:30", "venue_name": "MJ", "venue_address": ""}
    preview = soup_of(client.post(move_url, {**data, "confirm": "preview"}))
    assert "Wednesday 16 October 2030, 17:30–20:30" in preview.select_one("[data-youthcop=notice-text]").get_text()
    session.refresh_from_db()
    assert session.starts_at == brussels(2030, 10, 9, 18)
    response = client.post(move_url, {**data, "confirm": "move"})
    assert response.status_code == 302 and response["Location"].endswith("?month=2030-10")
    session.refresh_from_db()
    assert session.starts_at == brussels(2030, 10, 16, 17, 30)
    assert session.ends_at == brussels(2030, 10, 16, 20, 30)
    assert (session.status, session.venue_name) == (Session.Status.MOVED, "MJ")


def test_a_move_that_changes_nothing_says_so(client, programme, facilitator, october):
    client.force_login(facilitator)
    session = october[0]
    response = client.post(
        reverse("youthcop_admin_sessions:move", args=[session.pk]),
        {"day": "2030-10-09", "start_time": "18:00", "end_time": "21:00", "venue_name": session.venue_name,
         "venue_address": session.venue_address, "confirm": "move"},
    )
    assert response.status_code == 200 and "Nothing changed" in response.content.decode()
    assert datetime.date(2030, 10, 9) == timezone.localtime(Session.objects.get(pk=session.pk).starts_at).date()
