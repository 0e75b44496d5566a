"""Queries and time of the admin pages whose work grew with the data: session list, attendance report, site history.

    .venv/bin/python benchmarks/admin_pages.py [--programmes 200] [--repeat 5] [--database-url postgres://…]

Migrates an SQLite file in a temporary folder (or the PostgreSQL database that
``--database-url`` names, whose youthcop tables it fills: give it a database of
its own) and builds ``--programmes`` running programmes of thirty people (two
young people per officer) with thirteen monthly sessions each, twelve of them
held with everyone's attendance taken (200 programmes: 78,000 attendance rows),
and a coordinator of every programme, whose actions fill the site history. Then
serves in-process through Django's test client, as that coordinator and as a
superuser, the session list (``youthcop_admin_sessions:index``), the attendance
report (``youthcop_reports:attendance``) and Wagtail's site history, and prints
for each the queries of a warm request, the milliseconds of SQL in it (as
Django's query log times them) and the time of the request, each the best of
``--repeat`` requests (the least disturbed by other load on the machine). Then it does the same at a tenth of the
programmes, to show which figures grow with the data.
"""

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _django import setup_django  # puts the example site on sys.path

PEOPLE = 30
SESSIONS = 13


def build(programmes, coordinator=None):
    """``programmes`` programmes with their people, sessions and attendance; the coordinator of them all."""
    from django.utils import timezone
    from wagtail.log_actions import log

    from tests.factories import ParticipantFactory, ProgrammeFactory, add_staff, programme_staff
    from youthcop.programmes.models import Participant, ProgrammeStaff, Side
    from youthcop.sessions.models import Attendance, Session

    first = timezone.now() - datetime.timedelta(days=30 * (SESSIONS - 1))
    for n in range(programmes):
        programme = ProgrammeFactory(start_date=timezone.localdate() - datetime.timedelta(days=30 * SESSIONS))
        if coordinator is None:
            coordinator = programme_staff(programme, ProgrammeStaff.Role.COORDINATOR)
        else:
            add_staff(programme, coordinator, ProgrammeStaff.Role.COORDINATOR)
        people = Participant.objects.bulk_create(
            ParticipantFactory.build(
                programme=programme,
                organisation=programme.police_zone,
                side=Side.POLICE if k % 3 == 0 else Side.YOUTH,
                police_unit="community" if k % 3 == 0 else "",
                date_of_birth=None if k % 3 == 0 else datetime.date(2005, 5, 1),
            )
            for k in range(PEOPLE)
        )
        sessions = Session.objects.bulk_create(
            Session(
                programme=programme,
                title=f"Workshop {k + 1}",
                starts_at=first + datetime.timedelta(days=30 * k),
                ends_at=first + datetime.timedelta(days=30 * k, hours=3),
                status=Session.Status.HELD if k < SESSIONS - 1 else Session.Status.PLANNED,
                attendance_taken_at=first + datetime.timedelta(days=30 * k) if k < SESSIONS - 1 else None,
                attended_youth=20 if k < SESSIONS - 1 else 0,
                attended_police=10 if k < SESSIONS - 1 else 0,
            )
            for k in range(SESSIONS)
        )
        Attendance.objects.bulk_create(
            Attendance(
                session=session,
                participant=person,
                status=Attendance.Status.ABSENT if (i + j) % 7 == 0 else Attendance.Status.PRESENT,
            )
            for i, session in enumerate(sessions[:-1])
            for j, person in enumerate(people)
        )
        # The coordinator's actions, as the site history lists them: the programme, people, sessions.
        log(programme, "wagtail.edit", user=coordinator)
        for person in people[:3]:
            log(person, "wagtail.edit", user=coordinator)
        log(sessions[0], "wagtail.edit", user=coordinator)
    return coordinator


def measure(client, url, repeat):
    """Queries of a warm request, and the best SQL milliseconds and total milliseconds of ``repeat`` requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    counts, sql_ms, total_ms = set(), [], []
    for _ in range(repeat):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        total_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        counts.add(len(captured.captured_queries))
        sql_ms.append(1000 * sum(float(query["time"]) for query in captured.captured_queries))
    assert len(counts) == 1, counts
    return counts.pop(), min(sql_ms), min(total_ms)


def report(clients, repeat):
    from django.urls import reverse

    from youthcop.sessions.models import Attendance

    pages = {
        "session list": reverse("youthcop_admin_sessions:index"),
        "attendance report": reverse("youthcop_reports:attendance"),
        "site history": reverse("wagtailadmin_reports:site_history"),
    }
    print(f"attendance rows: {Attendance.objects.count()}")
    print(f"{'page':<20} {'user':<12} {'queries':>8} {'SQL ms':>8} {'ms':>8}")
    for name, url in pages.items():
        for who, client in clients.items():
            queries, sql_ms, best = measure(client, url, repeat)
            print(f"{name:<20} {who:<12} {queries:>8} {sql_ms:>8.1f} {best:>8.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5, help="requests timed per page; the best is shown")
    parser.add_argument("--database-url", help="a PostgreSQL database of its own (default: SQLite in a temporary folder)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="youthcop-admin-bench-"))
    try:
        if args.database_url:
            os.environ["MEDIA_ROOT"] = str(folder / "media")
            os.environ["DATABASE_URL"] = args.database_url
            os.environ["DJANGO_SETTINGS_MODULE"] = "youthcop_site.settings.test"
            import django

            django.setup()
        else:
            setup_django(folder)
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        settings.DEBUG = True  # the query log times the SQL
        connection.force_debug_cursor = True
        call_command("migrate", verbosity=0)
        if get_user_model().objects.filter(username="bench-root").exists():
            sys.exit("The database already holds a run's data: give --database-url a fresh database.")
        small = max(args.programmes // 10, 1)
        coordinator = build(small)
        root = get_user_model().objects.create_superuser("bench-root", "root@example.org", "pw")
        clients = {}
        for who, user in (("coordinator", coordinator), ("superuser", root)):
            clients[who] = Client()
            clients[who].force_login(user)
        print(f"--- {small} programmes")
        report(clients, args.repeat)
        build(args.programmes - small, coordinator)
        print(f"--- {args.programmes} programmes")
        report(clients, args.repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
