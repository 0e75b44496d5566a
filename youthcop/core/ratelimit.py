"""Bad-link rate limiting: how many unknown links one address may try.

An address that sent more than ``BAD_LINK_LIMIT_PER_HOUR`` bad links in an
hour gets 429 for further bad links, while a valid link still opens from it:
many people share one address (a school, a phone carrier), and guessing 128+
bits stays hopeless however many tries are left.

Every public view that opens a link or a code is decorated with
``bad_links_limited``, which turns ``TooManyBadLinks`` into the 429: a site
needs no middleware for it.
"""

import functools
import hashlib
import ipaddress

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .conf import youthcop_settings


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


def too_many_bad_links_response():
    return HttpResponse(
        _("Too many invalid links from your address. Please try again in an hour."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )


def bad_links_limited(view):
    """Decorate a public view that opens links or codes: ``TooManyBadLinks`` raised in it answers 429."""

    @functools.wraps(view)
    def limited_view(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except TooManyBadLinks:
            return too_many_bad_links_response()

    return limited_view
