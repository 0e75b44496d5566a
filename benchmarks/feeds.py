"""CPU milliseconds per request of a calendar feed: rendered, served from its cached body, and a 304.

    .venv/bin/python benchmarks/feeds.py [--requests 300] [--repeat 3] [--redis redis://127.0.0.1:6379/9]

Migrates an SQLite file in a temporary folder, makes a programme with 19
sessions, a facilitator's staff feed and a young participant's personal link,
then serves in-process through Django's test client and the site's whole
middleware (no network), interleaved and best of ``--repeat``:

- a view returning "ok" (the floor: what any request costs), and the same
  after looking a staff feed's link up (one query: the floor of a 304);
- the staff feed, rendered (its cached body deleted before each request);
- the staff feed, a full GET served from the cached body (a client that keeps no ETag);
- the staff feed and the participant feed answering 304 to ``If-None-Match``;
- the staff feed answering 304 to ``If-Modified-Since``.

For each it prints CPU ms per request (``time.process_time``: what a busy
machine inflates least), its queries, and its ratio to the "ok" view. The
cache is the test settings' in-process one unless ``--redis`` names a Redis
database (keys under a prefix of this run, removed at the end), as in
production.
"""

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

from _django import setup_django  # puts the example site on sys.path

urlpatterns = []  # filled in by main(): the "ok" view before the site's URLs


def ok(request):
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


def ok_after_lookup(request, token):
    """The floor of a feed's 304: "ok" after looking its link up (one query, nothing joined)."""
    from django.http import Http404, HttpResponse

    from youthcop.core import tokens
    from youthcop.sessions.models import StaffCalendarFeed

    if tokens.find_by_token(StaffCalendarFeed.objects.all(), token) is None:
        raise Http404
    return HttpResponse("ok", content_type="text/plain")


def use_redis(url):
    from django.conf import settings
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"youthcop-bench-feeds-{os.getpid()}",
        }
    }
    caches.__dict__.pop("settings", None)  # read CACHES again


def forget_run_keys():
    """Delete this run's keys from Redis (only those: the database may be shared)."""
    from django.conf import settings
    from django.core.cache import cache

    redis = cache._cache.get_client(write=True)
    for key in redis.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"):
        redis.delete(key)


def build():
    """A programme with 19 sessions; returns the staff feed's and the participant feed's URLs."""
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import ParticipantFactory, ProgrammeFactory, programme_staff
    from tests.sessions.factories import SessionFactory
    from youthcop.programmes import services as programme_services
    from youthcop.programmes.models import ProgrammeStaff
    from youthcop.sessions import services

    call_command("migrate", verbosity=0)
    programme = ProgrammeFactory()
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    start = timezone.now() - datetime.timedelta(days=120)
    for n in range(19):
        SessionFactory(programme=programme, title=f"Workshop {n}", starts_at=start + datetime.timedelta(days=14 * n))
    young = ParticipantFactory(programme=programme)
    return (
        reverse("youthcop_sessions:staff_feed", args=[services.issue_staff_feed(programme, facilitator)]),
        reverse("youthcop_sessions:participant_feed", args=[programme_services.issue_link(young)]),
    )


def measure(client, url, requests, headers, before=None, status=200):
    """CPU ms per request of ``requests`` GETs of ``url`` (``before()`` runs before each, untimed)."""
    spent = 0.0
    for _ in range(requests):
        if before is not None:
            before()
        started = time.process_time()
        response = client.get(url, headers=headers)
        spent += time.process_time() - started
        assert response.status_code == status, (url, response.status_code)
    return 1000 * spent / requests


def queries_of(client, url, headers, before=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if before is not None:
        before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, headers=headers)
    return len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per case and round")
    parser.add_argument("--repeat", type=int, default=3, help="rounds, interleaved; the best is shown")
    parser.add_argument("--redis", help="a Redis URL for the cache (default: the in-process cache)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="youthcop-feeds-bench-"))
    try:
        setup_django(folder)
        from django.conf import settings
        from django.core.cache import cache
        from django.test import Client
        from django.urls import path

        if args.redis:
            use_redis(args.redis)
        urlpatterns[:] = [
            path("bench-ok/", ok),
            path("bench-ok/<str:token>/", ok_after_lookup),
            *import_module(settings.ROOT_URLCONF).urlpatterns,
        ]
        settings.ROOT_URLCONF = sys.modules[__name__].__name__

        staff_url, young_url = build()
        client = Client()
        time.sleep(1.05)  # HTTP dates count seconds: a feed's Last-Modified settles once its change's second is over
        first = client.get(staff_url)
        assert first.status_code == 200, first.status_code
        assert first.content.count(b"BEGIN:VEVENT") == 19
        body_key = "youthcop:calendar-feed:" + first["ETag"].strip('"')
        young_etag = client.get(young_url)["ETag"]

        def forget_body():
            cache.delete(body_key)

        cases = {
            'a view returning "ok"': ("/bench-ok/", {}, None, 200),
            '"ok" after one link lookup': (f"/bench-ok/{staff_url.rsplit('/', 1)[1].removesuffix('.ics')}/", {}, None, 200),
            "staff feed, rendered": (staff_url, {}, forget_body, 200),
            "staff feed, cached body": (staff_url, {}, None, 200),
            "staff feed, 304 (ETag)": (staff_url, {"If-None-Match": first["ETag"]}, None, 304),
            "staff feed, 304 (date)": (staff_url, {"If-Modified-Since": first["Last-Modified"]}, None, 304),
            "participant feed, 304": (young_url, {"If-None-Match": young_etag}, None, 304),
        }
        queries = {name: queries_of(client, url, headers, before) for name, (url, headers, before, _) in cases.items()}
        for name, (url, headers, before, status) in cases.items():  # warm
            measure(client, url, 10, headers, before, status)
        best = dict.fromkeys(cases, float("inf"))
        for _round in range(args.repeat):
            for name, (url, headers, before, status) in cases.items():
                best[name] = min(best[name], measure(client, url, args.requests, headers, before, status))
        floor = best['a view returning "ok"']
        print(f"cache: {'Redis ' + args.redis if args.redis else 'in-process (locmem)'}")
        print(f"{'request':<28} {'CPU ms':>8} {'÷ ok':>6} {'queries':>8}")
        for name in cases:
            print(f"{name:<28} {best[name]:8.2f} {best[name] / floor:6.2f} {queries[name]:8d}")
        staff, participant = best["staff feed, 304 (ETag)"], best["participant feed, 304"]
        lookup = best['"ok" after one link lookup']
        print(f"304 / ok: {staff / floor:.2f} (staff), {participant / floor:.2f} (participant)")
        print(f"304 / (ok + one lookup): {staff / lookup:.2f} (staff), {participant / lookup:.2f} (participant)")
        if args.redis:
            forget_run_keys()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
