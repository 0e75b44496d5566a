"""Every charter URL answers a bad personal link like a missing page, and rate-limits bad links."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.charters.factories import link_for
from youthcop.core import tokens
from youthcop.charters import services
from youthcop.programmes.models import PersonalLink

pytestmark = pytest.mark.django_db

GET_URLS = ["charter", "signed_copy", "proposals"]
POST_URLS = ["support", "comment"]


def urls(token, proposal_pk=1):
    for name in GET_URLS:
        yield "get", reverse(f"youthcop_charters:{name}", args=[token])
    for name in POST_URLS:
        yield "post", reverse(f"youthcop_charters:{name}", args=[token, proposal_pk])
    yield "post", reverse("youthcop_charters:charter", args=[token])
    yield "post", reverse("youthcop_charters:proposals", args=[token])


@pytest.fixture
def signed(charter, facilitator, group):
    """A participant with a live link who proposed and signed: every URL works for them."""
    participant = group[0]
    proposal = services.propose(participant, "We commit to be on time.")
    version = services.adopt_charter(charter, by=facilitator)
    services.sign(participant, version, typed_name=participant.full_name, language="en", method="online", ip=None, user_agent="")
    return participant, proposal


def bad_tokens(participant):
    revoked = link_for(participant)
    PersonalLink.objects.matching(revoked).update(revoked_at=timezone.now())
    expired = link_for(participant)  # a new link: the last one was revoked
    PersonalLink.objects.matching(expired).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert revoked != expired
    return {"revoked": revoked, "expired": expired, "unknown": tokens.new_token()}


def test_a_live_link_opens_every_page(client, signed):
    participant, proposal = signed
    token = link_for(participant)
    for name in GET_URLS:
        assert client.get(reverse(f"youthcop_charters:{name}", args=[token])).status_code == 200


def test_revoked_expired_and_unknown_links_answer_the_same_404(client, signed):
    participant, proposal = signed
    answers = set()
    for kind, token in bad_tokens(participant).items():
        for method, url in urls(token, proposal.pk):
            response = getattr(client, method)(url)
            assert response.status_code == 404, (kind, url)
            answers.add(response.content)
    assert len(answers) == 1


def test_more_than_100_bad_links_from_one_address_get_429_a_valid_one_still_opens(client, signed, settings):
    participant, _proposal = signed
    live = link_for(participant)
    url = lambda token: reverse("youthcop_charters:charter", args=[token])  # noqa: E731
    for _ in range(100):
        assert client.get(url(tokens.new_token()), REMOTE_ADDR="203.0.113.9").status_code == 404
    assert client.get(url(tokens.new_token()), REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.get(url(live), REMOTE_ADDR="203.0.113.9").status_code == 200  # a valid link still opens
    signed_copy = reverse("youthcop_charters:signed_copy", args=[live])
    assert client.get(signed_copy, REMOTE_ADDR="203.0.113.10").status_code == 200  # another address is not limited


def test_the_bad_link_budget_is_per_hour(client, signed, monkeypatch):
    """A mocked clock: an hour after the first bad link, the address may try again."""
    import time as real_time
    from types import SimpleNamespace

    from django.core.cache.backends import locmem

    now = [real_time.time()]
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: now[0]))
    url = lambda token: reverse("youthcop_charters:proposals", args=[token])  # noqa: E731
    for _ in range(100):
        client.get(url(tokens.new_token()), REMOTE_ADDR="203.0.113.50")
    now[0] += 59 * 60
    assert client.get(url(tokens.new_token()), REMOTE_ADDR="203.0.113.50").status_code == 429
    now[0] += 2 * 60
    assert client.get(url(tokens.new_token()), REMOTE_ADDR="203.0.113.50").status_code == 404
