"""The test settings without wagtail.contrib.settings: tests/test_checks.py runs `manage.py check` on them."""

from youthcop_site.settings.test import *  # noqa: F403
from youthcop_site.settings.test import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "wagtail.contrib.settings"]
