"""System checks of the charters app."""

from django.conf import settings
from django.core import checks

MIDDLEWARE = "youthcop.charters.middleware.CharterTranslationScopeMiddleware"


@checks.register(checks.Tags.security)
def charter_translation_scope_installed(app_configs, **kwargs):
    """Without the middleware, any facilitator can edit any programme's charter translation: an error, not a warning."""
    if MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [
        checks.Error(
            "wagtail-localize's translation endpoints are not scoped to programmes.",
            hint=f"Add {MIDDLEWARE!r} to MIDDLEWARE, after AuthenticationMiddleware.",
            obj="youthcop_charters",
            id="youthcop_charters.E001",
        )
    ]
