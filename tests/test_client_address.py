"""The client's address behind reverse proxies (TRUSTED_PROXY_COUNT), and the shared-cache check."""

import pytest
from django.core import checks
from django.test import RequestFactory
from django.urls import reverse

from tests.charters.factories import charter_for, link_for
from tests.factories import ParticipantFactory, ProgrammeFactory, programme_staff
from youthcop.core import ratelimit
from youthcop.charters import services as charter_services
from youthcop.charters.models import Signature
from youthcop.checks import shared_cache_in_production
from youthcop.programmes import services
from youthcop.programmes.models import Participant, PersonalLink, ProgrammeStaff

PROXY = "10.0.0.2"  # the nearest proxy: what REMOTE_ADDR holds behind it


def request(forwarded=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def trust(settings, count):
    settings.YOUTHCOP = {**getattr(settings, "YOUTHCOP", {}), "TRUSTED_PROXY_COUNT": count}


def test_without_trusted_proxies_the_header_is_ignored(settings):
    assert ratelimit.client_ip(request("198.51.100.7")) == PROXY
    trust(settings, 0)
    assert ratelimit.client_ip(request("198.51.100.7, 203.0.113.5")) == PROXY


def test_behind_one_proxy_the_right_most_entry_is_the_client(settings):
    trust(settings, 1)
    assert ratelimit.client_ip(request("198.51.100.7")) == "198.51.100.7"
    assert ratelimit.client_ip(request(" 2001:db8::7 ")) == "2001:db8::7"
    assert ratelimit.client_ip(request("198.51.100.7:51234")) == "198.51.100.7"  # some balancers add the port
    assert ratelimit.client_ip(request("[2001:db8::7]:443")) == "2001:db8::7"


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    trust(settings, 2)
    # The load balancer appended the client, nginx appended the load balancer.
    assert ratelimit.client_ip(request("198.51.100.7, 10.0.0.1")) == "198.51.100.7"


def test_a_spoofed_header_is_never_read_left_of_the_trusted_entries(settings):
    trust(settings, 1)
    # The client sent "X-Forwarded-For: 192.0.2.66"; the proxy appended the real address.
    assert ratelimit.client_ip(request("192.0.2.66, 198.51.100.7")) == "198.51.100.7"
    assert ratelimit.client_ip(request("192.0.2.66, 192.0.2.67, 198.51.100.7")) == "198.51.100.7"
    trust(settings, 2)
    assert ratelimit.client_ip(request("192.0.2.66, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"


def test_a_request_that_skipped_a_proxy_or_a_garbled_entry_falls_back_to_remote_addr(settings):
    trust(settings, 2)
    assert ratelimit.client_ip(request("198.51.100.7")) == PROXY  # one entry where two proxies add two
    assert ratelimit.client_ip(request()) == PROXY
    trust(settings, 1)
    assert ratelimit.client_ip(request("unknown")) == PROXY
    assert ratelimit.client_ip(request("198.51.100.7, <script>")) == PROXY


@pytest.mark.django_db
def test_a_signature_behind_a_proxy_records_the_signers_address(client, settings):
    trust(settings, 1)
    programme = ProgrammeFactory()
    charter = charter_for(programme)
    participant = ParticipantFactory(programme=programme)
    version = charter_services.adopt_charter(charter, by=programme_staff(programme, ProgrammeStaff.Role.FACILITATOR))
    text = version.text_in("en")
    response = client.post(
        reverse("youthcop_charters:charter", args=[link_for(participant)]),
        {
            "version": version.pk,
            "language": "en",
            "sha256": text.sha256,
            "commitment": "on",
            "typed_name": participant.full_name,
        },
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.66, 198.51.100.7",
    )
    assert response.status_code == 302
    assert Signature.objects.get().ip_address == "198.51.100.7"


@pytest.mark.django_db
def test_guardian_consent_behind_a_proxy_records_the_guardians_address(client, settings):
    trust(settings, 2)
    minor = ParticipantFactory(status=Participant.Status.AWAITING_CONSENT)
    token = services.issue_link(minor, PersonalLink.Purpose.GUARDIAN)
    response = client.post(
        services.guardian_consent_url(token),
        {"participation": "yes"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.8, 10.0.0.1",
    )
    assert response.status_code == 302
    assert minor.consents.get().ip_address == "198.51.100.8"


@pytest.mark.django_db
def test_behind_a_proxy_each_client_has_its_own_bad_link_budget(client, settings):
    settings.YOUTHCOP = {"TRUSTED_PROXY_COUNT": 1, "BAD_LINK_LIMIT_PER_HOUR": 3}
    bad = services.participant_page_url("x" * 54)
    for _ in range(3):
        assert client.get(bad, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 404
    assert client.get(bad, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    # Another young person behind the same proxy is not locked out…
    assert client.get(bad, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 404
    # …and the first cannot buy a fresh budget by sending a header of their own.
    spoofed = "192.0.2.1, 198.51.100.7"
    assert client.get(bad, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=spoofed).status_code == 429


@pytest.mark.django_db
def test_an_ipv6_client_counts_by_its_64_block(client, settings):
    settings.YOUTHCOP = {"BAD_LINK_LIMIT_PER_HOUR": 3}
    bad = services.participant_page_url("x" * 54)
    # A phone hops between addresses of its /64: the budget follows the block.
    for address in ["2001:db8:1:2::a", "2001:db8:1:2::b", "2001:db8:1:2:ffff::1"]:
        assert client.get(bad, REMOTE_ADDR=address).status_code == 404
    assert client.get(bad, REMOTE_ADDR="2001:db8:1:2::c").status_code == 429
    assert client.get(bad, REMOTE_ADDR="2001:db8:1:3::a").status_code == 404  # the next /64 is someone else


@pytest.mark.parametrize(
    "backend, debug, warned",
    [
        ("django.core.cache.backends.locmem.LocMemCache", False, True),
        ("django.core.cache.backends.dummy.DummyCache", False, True),
        ("django.core.cache.backends.locmem.LocMemCache", True, False),  # runserver: one process
        ("django.core.cache.backends.redis.RedisCache", False, False),
        ("django.core.cache.backends.filebased.FileBasedCache", False, False),  # shared on one machine
    ],
)
def test_a_per_process_cache_in_production_is_warned_about(settings, backend, debug, warned):
    settings.DEBUG = debug
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:6379/0"}}
    found = shared_cache_in_production(None)
    assert [message.id for message in found] == (["youthcop.W001"] if warned else [])
    assert all(isinstance(message, checks.Warning) for message in found)


def test_the_check_is_registered_and_silenced_only_in_the_test_settings(settings):
    assert shared_cache_in_production in checks.registry.registry.get_checks()
    assert "youthcop.W001" in settings.SILENCED_SYSTEM_CHECKS
    settings.SILENCED_SYSTEM_CHECKS = []
    ids = [message.id for message in checks.run_checks(tags=[checks.Tags.caches])]
    assert "youthcop.W001" in ids  # the test settings: DEBUG = False and LocMemCache
