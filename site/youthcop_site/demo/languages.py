"""The languages the demo writes in: the site's own, never more.

The example site has four (en, fr, nl, de). A site with fewer — one language
and ``WAGTAIL_I18N_ENABLED`` off, as ``wagtail start`` makes it — gets no
locale, page, charter translation or preferred language it does not have.
"""

from django.conf import settings
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale

from youthcop.programmes.models import Language


def site_languages():
    """Language codes of the site's content, its default first; only the default without WAGTAIL_I18N_ENABLED."""
    default = Locale.get_default().language_code
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return [default]
    return [default, *(code for code in get_content_languages() if code != default)]


def person_language(wanted):
    """``wanted`` as a participant's preferred language if the site has it, else the site's default language.

    A participant's language is one youthcop writes in (en, fr, nl, de): a site
    language such as "en-us" counts as "en", and a site in none of them gets English.
    """
    languages = [code.split("-")[0] for code in site_languages()]
    if wanted in languages:
        return wanted
    return languages[0] if languages[0] in Language.values else Language.EN
