"""CPU per request and cache round trips of the public pages, against a bare Wagtail page, in one run.

    .venv/bin/python benchmarks/public_pages.py [--requests 300] [--repeat 3] [--workers 2]
        [--database-url postgres://postgres@127.0.0.1:5432/h_pub] [--redis redis://127.0.0.1:6379/8]
        [--source /path/to/a/checkout]

Needs gunicorn (``pip install gunicorn``, or ``--gunicorn-path`` naming a
folder that holds it), PostgreSQL and Redis. EMPTIES the database it is given
(its ``public`` schema) and the Redis database (``FLUSHDB``).

Migrates the database, loads the demo (``youthcop_demo``: programme, sessions,
charter, public pages in en and fr), publishes a bare Wagtail ``Page`` under
the home page and issues a participant's personal link; then starts gunicorn
(``--workers`` sync workers) with the example site's production settings
(Redis cache, PostgreSQL; ``_public_pages_settings``), and requests, one at a
time, interleaved, ``--requests`` times per page and round:

- a view returning "ok" (the site's whole middleware, no page);
- the bare Wagtail ``Page`` (Wagtail's ``wagtailcore/page.html``);
- the programme page, the home page (both in English) and the participant page.

CPU is the workers' (user + system, from ``/proc``), per request, the lowest
of ``--repeat`` rounds (other load on the machine inflates it least). Cache
round trips, reads and queries are counted in the workers for each request
(``_public_pages_site``). Prints one table with the ratio of each page's CPU to
the bare page's. ``--source`` serves another checkout of the project (say, an
earlier commit unpacked with ``git archive``) with this script, to compare.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def environment(args, source):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="_public_pages_settings",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis,
        PYTHONPATH=os.pathsep.join(
            p for p in (str(HERE), str(source / "site"), str(source), args.gunicorn_path, env.get("PYTHONPATH")) if p
        ),
    )
    return env


def prepare():
    """In a child process with the benchmark's settings: the demo, a bare page, a participant link. Prints URLs."""
    import django
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    with psycopg.connect(
        dbname=database["NAME"], user=database["USER"], host=database["HOST"], port=database["PORT"] or 5432,
        password=database["PASSWORD"] or None, autocommit=True,
    ) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from wagtail.models import Page, Site

    from youthcop.programmes import services
    from youthcop.programmes.models import Participant, Programme
    from youthcop_site.demo.pages import load as load_pages

    cache.clear()
    call_command("migrate", verbosity=0)
    call_command("youthcop_demo", "--allow-without-debug", verbosity=0, stdout=open(os.devnull, "w"))
    programme = Programme.objects.get(name="Second Wave Brussels-North")
    pages = load_pages({"programme": programme})  # already there: returns the pages
    home = Site.objects.get(is_default_site=True).root_page.specific
    bare = Page(title="Bare page", slug="bare")
    home.add_child(instance=bare)
    bare.save_revision().publish()
    participant = Participant.objects.filter(programme=programme).order_by("pk").first()
    token = services.issue_link(participant)
    print(
        json.dumps(
            {
                "ok view": "/bench-ok/",
                "bare Wagtail page": bare.get_url(),
                "programme page": pages["programme_page"].get_url(),
                "home page": home.get_url(),
                "participant page": f"/youthcop/p/{token}/",
            }
        )
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def workers_of(master):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                found.append(int(entry.name))
    return found


def cpu_seconds(pids):
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def get(port, url):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", url, headers={"Host": "127.0.0.1", "Accept-Language": "en"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per page and round")
    parser.add_argument("--repeat", type=int, default=3, help="rounds, interleaved; the lowest CPU is shown")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/h_pub")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--gunicorn-path", default="", help="a folder to add to the path, holding gunicorn")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare()

    source = args.source.resolve()
    env = environment(args, source)
    prepared = subprocess.run([sys.executable, __file__, "--prepare"], env=env, capture_output=True, text=True)
    if prepared.returncode:
        sys.exit(prepared.stderr)
    urls = json.loads(prepared.stdout.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "youthcop_site.wsgi"],
        env=env, cwd=source / "site",
    )
    try:
        for _ in range(300):
            try:
                get(port, "/bench-ok/")
                break
            except OSError:
                time.sleep(0.1)
        workers = workers_of(server.pid)
        counts = {}
        for name, url in urls.items():
            for _ in range(20):  # warm every worker's caches
                response, _body = get(port, url)
            assert response.status == 200, (name, url, response.status)
            counts[name] = tuple(int(response.getheader(h)) for h in ("X-Cache-Round-Trips", "X-Cache-Reads", "X-Queries"))
        best = dict.fromkeys(urls, float("inf"))
        for _round in range(args.repeat):
            for name, url in urls.items():
                before = cpu_seconds(workers)
                for _ in range(args.requests):
                    get(port, url)
                best[name] = min(best[name], (cpu_seconds(workers) - before) * 1000 / args.requests)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    bare = best["bare Wagtail page"]
    print(f"{'page':<20} {'CPU ms/req':>10} {'÷ bare':>7} {'cache round trips':>18} {'of them reads':>14} {'queries':>8}")
    for name in urls:
        trips, reads, queries = counts[name]
        print(f"{name:<20} {best[name]:10.2f} {best[name] / bare:7.2f} {trips:18d} {reads:14d} {queries:8d}")


if __name__ == "__main__":
    main()
