"""youthcop's system checks name what a site lacks (youthcop/checks.py).

Each is run the way ``manage.py check`` runs it (``run_checks``), so a check
that is not registered fails here too.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.test import Client

from youthcop.checks import REQUIRED_APPS

ROOT = Path(__file__).resolve().parent.parent
PYTHONPATH = os.pathsep.join([str(ROOT / "site"), str(ROOT)])


def messages(id_prefix="youthcop."):
    return {message.id: message for message in checks.run_checks() if message.id.startswith(id_prefix)}


def test_the_example_site_passes_every_youthcop_check(settings):
    settings.SILENCED_SYSTEM_CHECKS = []
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://"}}
    assert messages("youthcop") == {}


def test_every_check_is_registered():
    registered = {check.__name__ for check in checks.registry.registry.get_checks()}
    assert {"required_apps_installed", "urls_included_before_wagtail", "base_url_set", "shared_cache_in_production"} <= registered


def test_youthcop_urls_missing_is_an_error_naming_the_include(settings):
    settings.ROOT_URLCONF = "tests.urls_without_youthcop"
    error = messages()["youthcop.E002"]
    assert error.level == checks.ERROR
    assert "not included" in error.msg
    assert 'path("youthcop/", include("youthcop.urls"))' in error.hint
    assert "before Wagtail's catch-all" in error.hint
    assert "tests.urls_without_youthcop" in error.hint
    assert "youthcop.E003" not in messages()


@pytest.mark.django_db
def test_youthcop_urls_after_wagtails_catch_all_is_an_error_naming_the_view_that_answers(settings):
    """What the README once said (urlpatterns += [...] after `wagtail start`'s catch-all): every link a 404."""
    settings.ROOT_URLCONF = "tests.urls_catch_all_first"
    assert Client().get("/youthcop/verify/").status_code == 404  # the mistake the check reports

    error = messages()["youthcop.E003"]
    assert error.level == checks.ERROR
    assert "/youthcop/verify/ is served by wagtail.views.serve" in error.msg
    assert "Move path(\"youthcop/\", include(\"youthcop.urls\")) above Wagtail's catch-all" in error.hint
    assert "youthcop.E002" not in messages()


@pytest.mark.django_db
def test_the_example_sites_urls_reach_youthcop():
    assert Client().get("/youthcop/verify/").status_code == 200
    assert "youthcop.E003" not in messages()


def test_missing_apps_are_named():
    """In a process of its own: the app registry of this one cannot be populated twice (Wagtail's API routers)."""
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings_missing_app", "PYTHONPATH": PYTHONPATH},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "youthcop.E001" in result.stderr
    assert "youthcop needs these apps in INSTALLED_APPS: wagtail.contrib.settings." in result.stderr
    assert {"youthcop.pages", "youthcop.privacy", "wagtail_localize"} <= set(REQUIRED_APPS)


def test_base_url_missing_is_an_error(settings):
    del settings.WAGTAILADMIN_BASE_URL
    error = messages()["youthcop.E004"]
    assert "WAGTAILADMIN_BASE_URL" in error.msg and "WAGTAILADMIN_BASE_URL" in error.hint


@pytest.mark.parametrize(
    ("backend", "debug", "warned"),
    [
        ("django.core.cache.backends.locmem.LocMemCache", False, True),
        ("django.core.cache.backends.dummy.DummyCache", False, True),
        ("django.core.cache.backends.locmem.LocMemCache", True, False),
        ("django.core.cache.backends.filebased.FileBasedCache", False, False),
        ("django.core.cache.backends.redis.RedisCache", False, False),
    ],
)
def test_a_per_process_cache_under_debug_off_is_warned(settings, backend, debug, warned):
    settings.SILENCED_SYSTEM_CHECKS = []
    settings.DEBUG = debug
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "redis://" if "redis" in backend else "/tmp/x"}}
    warning = messages().get("youthcop.W001")
    assert (warning is not None) is warned
    if warned:
        assert warning.level == checks.WARNING
        assert "RedisCache" in warning.hint
