"""Registrations per second under concurrency, and the admin participant list at 30 and 3,000.

    .venv/bin/python benchmarks/registrations.py [--database-url postgres://postgres@127.0.0.1:5432/youthcop_bench]

Creates (and afterwards drops) a fresh database named by the URL, migrates it,
then prints figures. PostgreSQL by default; pass an sqlite:/// URL to compare.
"""

import argparse
import datetime
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "youthcop_site.settings.test"
    import django
    from django.test.utils import setup_databases, setup_test_environment

    django.setup()
    setup_test_environment()
    from django.conf import settings

    settings.DEBUG = False
    return setup_databases(verbosity=0, interactive=False)


def teardown(old_config):
    from django.test.utils import teardown_databases

    teardown_databases(old_config, verbosity=0)


def registrations_per_second(threads, registrations):
    """Registrations per second, and how often a user was asked to try again."""
    from django.db import connection

    from tests.factories import OrganisationFactory, ProgrammeFactory
    from youthcop.programmes import services

    programme = ProgrammeFactory(target_size=27)
    organisation = OrganisationFactory()
    barrier = threading.Barrier(threads)
    busy = []

    def register(n):
        if n < threads:
            barrier.wait()
        police = n % 3 == 0
        try:
            while True:  # as a youth worker would: "try again" means submit again
                try:
                    services.enrol(
                        programme,
                        registered_by=None,
                        side="police" if police else "youth",
                        first_name=f"P{n}",
                        last_name="Bench",
                        date_of_birth=None if police else datetime.date(1995, 1, 1),
                        police_unit="community" if police else "",
                        organisation=organisation,
                    )
                    return
                except services.ProgrammeBusy:
                    busy.append(n)
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(register, range(registrations)))
    elapsed = time.perf_counter() - started
    return registrations / elapsed, len(busy)


def participant_list_timing(size, repeats=5):
    from django.db import connection, reset_queries
    from django.test import Client

    from tests.factories import ParticipantFactory, ProgrammeFactory, officer, programme_staff
    from youthcop.programmes.models import Participant, ProgrammeStaff

    programme = ProgrammeFactory(target_size=size)
    coordinator = programme_staff(programme, ProgrammeStaff.Role.COORDINATOR)
    people = [
        ParticipantFactory.build(programme=programme, organisation=coordinator.youthcop_profile.organisation)
        for _ in range(size - size // 3)
    ]
    Participant.objects.bulk_create(people, batch_size=500)
    for _ in range(size // 3):
        officer(programme=programme)
    client = Client()
    client.force_login(coordinator)
    url = f"/admin/youthcop/participants/?programme={programme.pk}"
    client.get(url)
    timings = []
    from django.conf import settings

    settings.DEBUG = True
    for _ in range(repeats):
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    queries = len(connection.queries)
    settings.DEBUG = False
    return statistics.median(timings), queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/youthcop_bench")
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--registrations", type=int, default=300)
    args = parser.parse_args()
    old = setup_django(args.database_url)
    try:
        from django.db import connection

        print(f"database: {connection.vendor}")
        rate, retries = registrations_per_second(args.threads, args.registrations)
        print(
            f"registrations/s ({args.threads} threads, {args.registrations} registrations): {rate:.0f}"
            f" ({retries} asked to try again)"
        )
        for size in (30, 3000):
            median, queries = participant_list_timing(size)
            print(f"admin participant list, {size} participants: {median * 1000:.0f} ms median, {queries} queries")
    finally:
        teardown(old)


if __name__ == "__main__":
    main()
