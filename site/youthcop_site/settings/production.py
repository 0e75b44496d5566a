"""Production: DEBUG off, secrets and hosts from the environment.

Scale the Wagtail way: several app servers behind a load balancer sharing
PostgreSQL (DATABASE_URL), a Redis cache (REDIS_URL), shared media storage
and a django-tasks-db worker pool (``manage.py db_worker``).
"""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, YOUTHCOP

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["DJANGO_ALLOWED_HOSTS"].split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The client's address, recorded with signatures and guardian consent and counted by
# the bad-link limit, is REMOTE_ADDR unless you say how many reverse proxies stand in
# front of the app, each appending the address it received the request from to
# X-Forwarded-For: nginx alone is 1, a load balancer in front of nginx is 2. Behind a
# proxy, leaving it at 0 records the proxy's address for everyone and gives all users
# one shared bad-link limit; setting it higher than the real number lets a client
# choose its address by sending the header. Only the right-most entries are read.
YOUTHCOP = {**YOUTHCOP, "TRUSTED_PROXY_COUNT": int(os.environ.get("YOUTHCOP_TRUSTED_PROXY_COUNT", "0"))}

SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true") == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A cache every process shares: youthcop's bad-link limit and its cache versions live
# in it. Without REDIS_URL each worker process has its own (check youthcop.W001 warns):
# 4 workers would accept 399 bad links an hour from one address instead of 100.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
