"""Personal pages kept whole in the cache, encrypted with their link.

A young person opens their page far more often than anything on it changes,
and it gathers rows of every app (seven sections, thirteen queries). So its
HTML is kept in the cache, one copy per address (the token is in it),
language, host and Site, under the ``PERSONAL`` version, which any write to
youthcop's tables or the user table bumps (``youthcop.core.writes``):
nothing a copy shows can change without the next request rendering it again.
What goes stale with time alone (a session starting, a rating window
closing, a questionnaire round opening) is said by the section that shows it
(``youthcop.core.sections.fresh_until``): the copy is read until then, and
never longer than ``PERSONAL_PAGE_CACHE_SECONDS``.

The cache never holds a readable personal page or a usable link: the copy is
encrypted (AES-GCM) with a key derived from the link's token and the site's
``SECRET_KEY``, and the token is kept nowhere (the database holds its hash,
the copy's key an HMAC of the address). Only a request bearing the token can
read its copy.

Not kept, rendered as usual: a request other than GET or HEAD, one with
messages to show (a confirmation after a form), and a rendering that used a
CSP nonce or set a cookie. The forms' CSRF token is the request's own: the
copy holds a placeholder in its place.
"""

import hashlib
import hmac
import os
import re

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from . import cache as youthcop_cache
from . import writes
from .conf import youthcop_settings
from .sections import FRESH_UNTIL_ATTRIBUTE

CSRF_INPUT = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(">)')
CSRF_PLACEHOLDER = "\x00csrf\x00"
NONCE_BYTES = 12


def _derived(purpose, value):
    return hmac.new(settings.SECRET_KEY.encode(), f"youthcop-personal-page:{purpose}:{value}".encode(), hashlib.sha256)


def _cache_key(request):
    site = getattr(request, "_wagtail_site", None)
    seen = "|".join(
        [
            request.get_full_path(),
            translation.get_language(),
            f"{request.scheme}://{request.get_host()}",
            str(getattr(site, "pk", "")),
            str(getattr(site, "site_name", "")),
        ]
    )
    version = youthcop_cache.version(writes.PERSONAL)
    return f"youthcop:personal:{_derived('key', seen).hexdigest()}:{version}"


def _cipher(token):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(_derived("cipher", token).digest())


def _open(copy, token, key):
    """The HTML of a copy, or None: none, stale (on this process's clock), or sealed under another secret."""
    from cryptography.exceptions import InvalidTag

    if copy is None:
        return None
    stale_at, sealed = copy
    if stale_at is not None and timezone.now().timestamp() >= stale_at:
        return None
    try:
        return _cipher(token).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], key.encode()).decode()
    except InvalidTag:
        return None


def _may_keep(request):
    return request.method in ("GET", "HEAD") and not len(messages.get_messages(request))


def cached_page(request, token, render):
    """The response of ``render()`` (a view's rendering of the page ``token`` opens), from the cache when
    a copy is there. ``token`` is the link the request opened, alive (the caller resolved it)."""
    seconds = youthcop_settings.PERSONAL_PAGE_CACHE_SECONDS
    if not seconds or not _may_keep(request):
        return render()
    writes.flush()  # what this thread wrote before its transaction commits
    key = _cache_key(request)
    html = _open(youthcop_cache.get(key), token, key)
    if html is not None:
        return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
    setattr(request, FRESH_UNTIL_ATTRIBUTE, None)
    response = render()
    if response.status_code == 200 and not response.cookies and not isinstance(getattr(request, "_csp_nonce", None), str):
        stale_at = getattr(request, FRESH_UNTIL_ATTRIBUTE, None)
        if stale_at is not None:
            seconds = min(seconds, int((stale_at - timezone.now()).total_seconds()))
        if seconds > 0:
            html = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode(response.charset))
            nonce = os.urandom(NONCE_BYTES)
            sealed = nonce + _cipher(token).encrypt(nonce, html.encode(), key.encode())
            youthcop_cache.store(key, (stale_at and stale_at.timestamp(), sealed), seconds)
    return response
