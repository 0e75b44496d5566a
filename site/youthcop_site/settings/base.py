"""Settings of the example site. SQLite by default; DATABASE_URL for PostgreSQL."""

import os
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

SITE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = SITE_DIR.parent

INSTALLED_APPS = [
    "youthcop_site.home",
    "youthcop_site.demo",
    "youthcop",
    "youthcop.programmes",
    "youthcop.pages",
    "youthcop.sessions",
    "youthcop.charters",
    "youthcop.certificates",
    "youthcop.privacy",
    "youthcop.evaluation",
    "youthcop.feedback",
    "youthcop.advisors",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (django-csp); see CONTENT_SECURITY_POLICY below.
    "youthcop_site.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "youthcop_site.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "youthcop.charters.middleware.CharterTranslationScopeMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Public pages: the Wagtail Site and its home page from the cache (youthcop_site/middleware.py).
    "youthcop_site.middleware.CachedSiteMiddleware",
]

ROOT_URLCONF = "youthcop_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "youthcop_site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "youthcop_site.wsgi.application"


# IMMEDIATE takes the write lock at BEGIN, so concurrent enrolments queue on
# the timeout instead of failing with "database is locked"; WAL lets readers
# read while one writes.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_from_environment():
    """``DATABASE_URL`` (PostgreSQL, or SQLite with the same options as without it), else SQLite at ``SQLITE_PATH``."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(SITE_DIR / "db.sqlite3")),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    import dj_database_url

    database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
    return database


DATABASES = {"default": database_from_environment()}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("nl", _("Dutch")),
    ("de", _("German")),
]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [SITE_DIR / "youthcop_site" / "locale"]
TIME_ZONE = "Europe/Brussels"
FORMAT_MODULE_PATH = ["youthcop_site.formats"]  # English dates as written in Belgium
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [SITE_DIR / "youthcop_site" / "static"]
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(SITE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(SITE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Police zone Brussels-North — youth programmes"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "Youth programmes <noreply@example.org>"

LOGIN_URL = "wagtailadmin_login"

# Content-Security-Policy (django-csp 4). Public pages, personal pages and the
# plugin's pages run no inline script or style: only files from this origin, and an
# inline <script> or <style> only with the request's nonce ({{ request.csp_nonce }}).
# A site that embeds videos in rich text adds their hosts to "frame-src".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# The Wagtail admin (8.0) still writes inline <script> elements into its pages (date
# choosers, InlinePanel set-up) and its editors' bundled libraries insert inline <style>
# and <script> elements at run time, which no nonce can reach: under /admin/ only
# (youthcop_site.middleware.ContentSecurityPolicyMiddleware), scripts and styles may be
# inline, and Wagtail may ask releases.wagtail.org for its update notice. No nonce here:
# a nonce would make browsers ignore 'unsafe-inline'. Only signed-in staff use the admin,
# and everything else keeps the strict policy above.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "connect-src": [SELF, "https://releases.wagtail.org"],
    },
}
# Staff avatars from this site only: no email hash sent to gravatar.com (and no image
# source outside the policy).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

YOUTHCOP = {
    "CONSENT_RESERVATION_DAYS": 14,
}
