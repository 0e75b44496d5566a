"""``manage.py check --deploy`` is clean with the production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parents[2] / "site"


def run_check(**env):
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "youthcop_site.settings.production",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=SITE, env=environment, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    # The production settings as deployed: with the shared Redis cache (the check never connects).
    result = run_check(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="youth.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_shared_cache_the_deploy_check_warns():
    result = run_check(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_ALLOWED_HOSTS="youth.example.org")
    assert result.returncode != 0
    assert "youthcop.W001" in result.stdout + result.stderr


def test_the_check_can_fail():
    weak = run_check(DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="youth.example.org", DJANGO_HSTS_SECONDS="0")
    assert weak.returncode != 0
    assert "security.W009" in weak.stderr + weak.stdout  # weak secret key
