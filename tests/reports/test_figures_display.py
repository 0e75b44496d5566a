"""Nothing raw in the reports: flags as Yes/No, months by name, a dash for a rate of nothing."""

import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from tests.factories import programme_staff
from tests.reports.test_figures_percentages import nine_on_the_sheet
from youthcop.programmes.models import ProgrammeStaff

pytestmark = pytest.mark.django_db

RAW = re.compile(r"\b(None|True|False)\b|\[\'|\b20\d\d-\d\d\b")


def table_text(html):
    table = html[html.index('<table class="listing') :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))


@pytest.fixture
def session_of_nine():
    return nine_on_the_sheet()


@pytest.fixture
def coordinator_client(client, session_of_nine):
    client.force_login(programme_staff(session_of_nine["programme"], ProgrammeStaff.Role.COORDINATOR))
    return client


@pytest.mark.parametrize("report", ["summary", "retention", "attendance"])
def test_no_raw_value_on_screen(coordinator_client, report):
    text = table_text(coordinator_client.get(reverse(f"youthcop_reports:{report}")).content.decode())
    assert not RAW.search(text), RAW.search(text)


def test_flags_months_and_empty_rates_read_as_words(coordinator_client, session_of_nine):
    attendance = table_text(coordinator_client.get(reverse("youthcop_reports:attendance")).content.decode())
    assert re.search(r"Held 9 6 67 3 3 (Yes|No)", attendance)
    retention = table_text(coordinator_client.get(reverse("youthcop_reports:retention")).content.decode())
    this_month = formats.date_format(timezone.localdate(), "YEAR_MONTH_FORMAT")
    assert this_month in retention
    first = formats.date_format(session_of_nine["programme"].start_date, "YEAR_MONTH_FORMAT")
    assert re.search(re.escape(first) + r" 0 0 0 0 0 0 —", retention)  # nobody yet: no retention rate


def test_the_csv_says_yes_or_no(coordinator_client):
    response = coordinator_client.get(reverse("youthcop_reports:attendance") + "?export=csv")
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "True" not in body and "False" not in body
    assert body.splitlines()[1].rstrip().endswith(("Yes", "No"))
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", body)  # exports keep sortable dates
