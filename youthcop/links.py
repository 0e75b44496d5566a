"""Personal-link tokens (README rule 7).

Two kinds of secret URL live here:

- **Random tokens** (``new_token``: 192 random bits, only a SHA-256 hash
  stored). Staff calendar feeds use them, and so did personal links before
  0.1.0 (those still open until revoked or expired).
- **Signed tokens** (``signed_token``): a public random *selector* (128 bits,
  stored) followed by an HMAC-SHA256 of it keyed with ``SECRET_KEY``
  (Django's ``salted_hmac``, truncated to 192 bits). Personal links use them
  so that the same live link can be computed again for every email and
  reminder — bookmarks and subscribed calendars keep working — while the
  database alone cannot rebuild a link: the key is not in it. Revoking a link
  marks its row; a new link gets a new selector. Tokens signed with a key in
  ``SECRET_KEY_FALLBACKS`` still open, so rotating the key does not break
  links as long as the old key stays a fallback; new emails carry links
  signed with the current key.

A link that is unknown, revoked or expired answers exactly like a missing
page. An address that sent more than ``BAD_LINK_LIMIT_PER_HOUR`` bad links in
an hour gets 429 for further bad links, while a valid link still opens from
it: many people share one address (a school, a phone carrier), and guessing
128+ bits stays hopeless however many tries are left.
"""

import base64
import hashlib
import ipaddress
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from .conf import youthcop_settings

TOKEN_BYTES = 24


def new_token():
    """Return a fresh URL-safe token (192 random bits)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


SELECTOR_BYTES = 16  # 128 random bits: which link (stored, not secret from the database)
MAC_BYTES = 24  # 192 bits of HMAC-SHA256: proves the link was made with the site's key
SELECTOR_LENGTH = len(base64.urlsafe_b64encode(bytes(SELECTOR_BYTES)).rstrip(b"="))  # 22
MAC_LENGTH = len(base64.urlsafe_b64encode(bytes(MAC_BYTES)).rstrip(b"="))  # 32


def new_selector():
    """A fresh random selector for a signed link (128 bits, URL-safe)."""
    return secrets.token_urlsafe(SELECTOR_BYTES)


def _mac(selector, context, secret):
    digest = salted_hmac(f"youthcop.links.{context}", selector, secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:MAC_BYTES]).rstrip(b"=").decode()


def signed_token(selector, context):
    """The URL token of ``selector``: the selector and its HMAC under the current ``SECRET_KEY``.

    ``context`` names what the link opens (its purpose and owner), so a
    selector copied to another row does not open that row.
    """
    return selector + _mac(selector, context, settings.SECRET_KEY)


def split_signed_token(token):
    """``(selector, mac)`` of a token shaped like a signed one, else ``None``."""
    if not token or len(token) != SELECTOR_LENGTH + MAC_LENGTH:
        return None
    return token[:SELECTOR_LENGTH], token[SELECTOR_LENGTH:]


def signature_matches(selector, mac, context):
    """Whether ``mac`` signs ``selector`` under ``SECRET_KEY`` or one of ``SECRET_KEY_FALLBACKS``."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(mac, _mac(selector, context, key)) for key in keys)


def _address(value):
    """``value`` as an IP address string, without a port or brackets; "" if it is none."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def client_ip(request):
    """The address of the client that sent ``request``, as far as it can be trusted.

    With ``TRUSTED_PROXY_COUNT`` = 0 (the default) it is ``REMOTE_ADDR``. Behind
    N trusted proxies, each appends the address it received the request from to
    X-Forwarded-For, so the client is the N-th entry from the right: whatever
    stands left of it was sent by the client and is never read. A header with
    fewer entries (a request that did not come through every proxy) or an entry
    that is not an address falls back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = youthcop_settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    entries = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(entries) < trusted:
        return remote
    return _address(entries[-trusted]) or remote


def _bad_link_key(request):
    """The cache key of the client's bad-link count.

    An IPv6 client counts by its /64: a subscriber is usually given a whole
    /64 (a phone picks a new address in it every few hours), so counting
    single addresses would give one person an endless budget.
    """
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        pass
    else:
        if ip.version == 6 and ip.ipv4_mapped is None:
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return "youthcop:badlink:" + hashlib.sha256(address.encode()).hexdigest()


class TooManyBadLinks(Exception):
    pass


def check_bad_link_budget(request):
    """Raise ``TooManyBadLinks`` when this address has used up its bad links."""
    if cache.get(_bad_link_key(request), 0) >= youthcop_settings.BAD_LINK_LIMIT_PER_HOUR:
        raise TooManyBadLinks


def count_bad_link(request):
    key = _bad_link_key(request)
    if cache.add(key, 1, timeout=3600):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=3600)


def find_by_token(queryset, token):
    """The object of ``queryset`` that ``token`` names, live or not, or ``None``.

    A model with signed links has a ``matching_token(queryset, token)``
    classmethod; otherwise the token's SHA-256 is looked up in ``token_hash``.
    """
    if not token:
        return None
    matching = getattr(queryset.model, "matching_token", None)
    if matching is not None:
        return matching(queryset, token)
    return queryset.filter(token_hash=hash_token(token)).first()


def resolve_or_404(request, queryset, token):
    """Return the live link object of ``queryset`` that ``token`` opens.

    ``queryset`` is a manager or queryset of a model with an ``is_live()``
    method (see ``find_by_token``). Anything else raises ``Http404``, the same
    for unknown, revoked and expired links. The bad-link budget is checked
    only for a bad link: a live link opens even from an address that used its
    budget up (shared addresses), a bad one answers 429 there.
    """
    link = find_by_token(queryset, token)
    if link is not None and link.is_live():
        return link
    check_bad_link_budget(request)
    count_bad_link(request)
    raise Http404


def too_many_bad_links_response():
    return HttpResponse(
        _("Too many invalid links from your address. Please try again in an hour."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )


class BadLinkRateLimitMiddleware:
    """Turns ``TooManyBadLinks`` raised by any personal-link view into a 429."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TooManyBadLinks):
            return too_many_bad_links_response()
        return None
