"""The example site's SQLite keeps its locking options when given through DATABASE_URL (issue 17)."""

import pytest

from youthcop_site.settings.base import SQLITE_OPTIONS, database_from_environment


@pytest.mark.parametrize("url", [None, "sqlite:////tmp/youthcop-site.sqlite3"])
def test_sqlite_queues_writers_and_lets_readers_read_however_it_is_configured(monkeypatch, url):
    if url is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", url)

    database = database_from_environment()

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] == 20
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"


def test_postgresql_gets_no_sqlite_options(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")

    assert "transaction_mode" not in database_from_environment().get("OPTIONS", {})
