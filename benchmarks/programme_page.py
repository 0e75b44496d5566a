"""Requests per second of the public programme page against bare Wagtail pages, in one run.

    .venv/bin/python benchmarks/programme_page.py [--seconds 5] [--repeat 3] [--sections-cache 0]

Migrates an SQLite file in a temporary folder, loads the demo (programme,
sessions, charter, public pages in en and fr) and adds fifty sessions, then
serves, in-process through Django's test client (no network, no frontend
cache), interleaved and best of ``--repeat``:

- a bare Wagtail ``Page`` rendered with Wagtail's own ``wagtailcore/page.html``;
- a plain content page of the example site (same layout as the programme page);
- the English and the French programme page.

For each it prints requests per second, milliseconds per request and the
queries of a warm request; then the programme page's speed relative to the
bare page. Application-level caches (locmem) are warm, as in production.
``--sections-cache`` sets ``YOUTHCOP["PROGRAMME_SECTIONS_CACHE_SECONDS"]``
(default: the site's setting, which caches the sessions and charter sections);
``--sections-cache 0`` renders those sections on every request, to compare.
"""

import argparse
import datetime
import os
import shutil
import tempfile
import time
from pathlib import Path

from _django import setup_django  # puts the example site on sys.path


def build_site():
    """The demo content, fifty extra sessions, a bare page and a plain content page. Returns the URLs."""
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from youthcop_site.demo.pages import load as load_pages
    from youthcop.sessions.models import Session
    from youthcop_site.home.models import StandardPage

    call_command("migrate", verbosity=0)
    call_command("youthcop_demo", verbosity=0, stdout=open(os.devnull, "w"))
    context = load_pages({"programme": _demo_programme()})  # already there: returns the pages
    programme = context["programme"]
    start = timezone.now() - datetime.timedelta(days=200)
    Session.objects.bulk_create(
        Session(
            programme=programme,
            title=f"Extra workshop {n}",
            starts_at=start + datetime.timedelta(days=7 * n),
            ends_at=start + datetime.timedelta(days=7 * n, hours=3),
            status=Session.Status.HELD if n < 25 else Session.Status.PLANNED,
        )
        for n in range(50)
    )
    home = Site.objects.get(is_default_site=True).root_page.specific
    bare = Page(title="Bare page", slug="bare")
    home.add_child(instance=bare)
    bare.save_revision().publish()
    plain = StandardPage(title="About us", slug="about", body="<p>The prevention service of the zone.</p>")
    home.add_child(instance=plain)
    plain.save_revision().publish()
    programme_page = context["programme_page"]
    french = programme_page.get_translation(Locale.objects.get(language_code="fr"))
    return {
        "bare Wagtail page": bare.url,
        "plain content page": plain.url,
        "programme page (en)": programme_page.url,
        "programme page (fr)": french.url,
    }


def _demo_programme():
    from youthcop.programmes.models import Programme

    return Programme.objects.get(name="Second Wave Brussels-North")


def queries_of(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def requests_per_second(client, url, seconds):
    done = 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        client.get(url)
        done += 1
    return done / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of requests per page and round")
    parser.add_argument("--repeat", type=int, default=3, help="rounds, interleaved; the best is shown")
    parser.add_argument(
        "--sections-cache",
        type=int,
        default=None,
        help="seconds the programme page's sections are cached (0: off; default: the site's setting)",
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="youthcop-page-bench-"))
    try:
        setup_django(folder)
        from django.conf import settings
        from django.test import Client

        if args.sections_cache is not None:
            settings.YOUTHCOP = {**settings.YOUTHCOP, "PROGRAMME_SECTIONS_CACHE_SECONDS": args.sections_cache}

        urls = build_site()
        client = Client()
        queries = {name: queries_of(client, url) for name, url in urls.items()}
        best = dict.fromkeys(urls, 0.0)
        for _round in range(args.repeat):
            for name, url in urls.items():
                best[name] = max(best[name], requests_per_second(client, url, args.seconds))
        print(f"{'page':<22} {'req/s':>8} {'ms/req':>8} {'queries':>8}")
        for name in urls:
            print(f"{name:<22} {best[name]:8.1f} {1000 / best[name]:8.2f} {queries[name]:8d}")
        bare = best["bare Wagtail page"]
        for name in ("programme page (en)", "programme page (fr)"):
            print(f"{name} runs at {best[name] / bare:.0%} of the bare page's speed")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
