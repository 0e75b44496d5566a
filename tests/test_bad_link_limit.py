"""Every public URL of youthcop answers 429 once an address has used up its bad-link budget (README rule 7).

The views turn the budget's ``TooManyBadLinks`` into the 429 themselves
(``ratelimit.bad_links_limited``): the site needs no middleware for it.
"""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from youthcop.core import ratelimit
from youthcop.core.conf import youthcop_settings

ADDRESS = "203.0.113.77"

# Public URLs that open no link and take no code, so there is nothing to guess.
OPENS_NO_LINK = {
    "youthcop_certificates:verify_form": "a form: a typed code is sent on to verify, which is limited",
}

# A value for each kind of URL argument: a link or a code nobody was given, an object id.
ARGUMENTS = {"token": "no-such-link", "code": "NOSUCHCODE", "pk": 1, "session_id": 1}


def public_url_names(patterns=None, namespace=""):
    """``{"namespace:name": [argument names]}`` of every URL ``youthcop.urls`` includes."""
    found = {}
    for pattern in get_resolver("youthcop.urls").url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            found |= public_url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            found[f"{namespace}:{pattern.name}"] = list(pattern.pattern.converters)
    return found


def use_up_the_budget(address):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    for _ in range(youthcop_settings.BAD_LINK_LIMIT_PER_HOUR):
        ratelimit.count_bad_link(request)


def test_the_site_has_no_rate_limiting_middleware():
    assert not [middleware for middleware in settings.MIDDLEWARE if "ratelimit" in middleware.lower()]


def test_the_walk_finds_the_public_urls():
    names = public_url_names()
    assert {"youthcop_programmes:participant_home", "youthcop_charters:support", "youthcop_certificates:verify"} <= set(
        names
    )
    assert names["youthcop_charters:support"] == ["token", "pk"]
    assert set(OPENS_NO_LINK) <= set(names)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(public_url_names()) - set(OPENS_NO_LINK)))
def test_every_public_url_answers_429_when_the_budget_is_used_up(client, name):
    url = reverse(name, kwargs={argument: ARGUMENTS[argument] for argument in public_url_names()[name]})
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code in (404, 405)  # still within the budget
    use_up_the_budget(ADDRESS)
    response = client.get(url, REMOTE_ADDR=ADDRESS)
    if response.status_code == 405:  # a POST-only view
        response = client.post(url, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 429, (name, url)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
