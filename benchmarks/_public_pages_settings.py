"""The example site's production settings, for ``public_pages.py``'s gunicorn workers.

Production as it is (DEBUG off, Redis cache, PostgreSQL from the environment),
with the counting cache and middleware of ``_public_pages_site`` and static
files served by name (no manifest to collect: ``{% static %}`` costs the same).
"""

from youthcop_site.settings.production import *  # noqa: F403
from youthcop_site.settings.production import CACHES, MIDDLEWARE, STORAGES

CACHES = {"default": {**CACHES["default"], "BACKEND": "_public_pages_site.CountingRedisCache"}}
MIDDLEWARE = ["_public_pages_site.CountingMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "_public_pages_site"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
