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
page, and counts against the client's bad-link budget (``ratelimit``).
"""

import base64
import hashlib
import secrets

from django.conf import settings
from django.http import Http404
from django.utils.crypto import constant_time_compare, salted_hmac

from .ratelimit import check_bad_link_budget, count_bad_link

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
