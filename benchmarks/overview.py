"""Queries and time of the admin programme overview at 30 and 300 participants.

    .venv/bin/python benchmarks/overview.py [--repeat 10]

Migrates an SQLite file in a temporary folder and builds one programme seen by
its facilitator: a year of twelve monthly joint workshops (nine held, with
everyone's attendance taken; three to come), an adopted charter signed by half
the group, a steering committee and an open absence flag. It then serves the
overview (``youthcop_admin_programmes:inspect``) in-process through Django's
test client with the group at 30 and at 300 participants (two young people per
officer, officers of three services), and prints for each the queries of a
warm request and the median time of ``--repeat`` requests.
"""

import argparse
import datetime
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from _django import setup_django  # puts the example site on sys.path


def build_programme():
    """The programme, its facilitator and its sessions, charter version and committee. Returns them."""
    from django.core.management import call_command
    from django.utils import timezone

    from tests.certificates.factories import adopt_version
    from tests.charters.factories import charter_for
    from tests.factories import ProgrammeFactory, programme_staff
    from youthcop.programmes.models import ProgrammeStaff, SteeringCommitteeMember
    from youthcop.sessions.models import Session

    call_command("migrate", verbosity=0)
    programme = ProgrammeFactory(start_date=timezone.localdate() - datetime.timedelta(days=280))
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    first = timezone.now() - datetime.timedelta(days=270)
    sessions = []
    for n in range(12):
        starts = first + datetime.timedelta(days=30 * n)
        done = n < 9
        sessions.append(
            Session.objects.create(
                programme=programme,
                title=f"Workshop {n + 1}",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
                status=Session.Status.HELD if done else Session.Status.PLANNED,
                attendance_taken_at=starts if done else None,
            )
        )
    charter_for(programme)
    version = adopt_version(programme)
    for name, represents in [("Sam Peeters", "youth"), ("Insp. Dubois", "police"), ("Lea Janssens", "youth_work")]:
        SteeringCommitteeMember.objects.create(programme=programme, name=name, represents=represents)
    return programme, facilitator, [s for s in sessions if s.attendance_taken_at], version


def grow(programme, size, held, version):
    """People up to ``size``, present at every held session, every other one signed."""
    from django.db.models import Count, Q

    from tests.factories import ParticipantFactory
    from youthcop.charters.models import Signature
    from youthcop.programmes.models import Participant, Side
    from youthcop.sessions.models import AbsenceFlag, Attendance, Session

    units = ["community", "intervention", "investigation"]
    start = programme.participants.count()
    people = Participant.objects.bulk_create(
        ParticipantFactory.build(
            programme=programme,
            organisation=programme.police_zone,
            side=Side.POLICE if n % 3 == 0 else Side.YOUTH,
            police_unit=units[n % 9 // 3] if n % 3 == 0 else "",
            date_of_birth=None if n % 3 == 0 else datetime.date(2005, 5, 1),
        )
        for n in range(start, size)
    )
    Attendance.objects.bulk_create(
        Attendance(session=session, participant=person, status=Attendance.Status.PRESENT) for session in held for person in people
    )
    Signature.objects.bulk_create(
        Signature(participant=person, version=version, language="en", text_sha256="0" * 64, typed_name="x")
        for person in people[::2]
    )
    for session in Session.objects.filter(pk__in=[s.pk for s in held]).annotate(
        youth=Count("attendance", filter=Q(attendance__participant__side=Side.YOUTH)),
        police=Count("attendance", filter=Q(attendance__participant__side=Side.POLICE)),
    ):
        Session.objects.filter(pk=session.pk).update(attended_youth=session.youth, attended_police=session.police)
    AbsenceFlag.objects.create(participant=people[-1], session=held[-1])


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    count = len(queries)  # read now: the next request empties the query log (request_started)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    return count, statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="requests timed per size; the median is shown")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="youthcop-overview-bench-"))
    try:
        setup_django(folder)
        from django.test import Client
        from django.urls import reverse

        programme, facilitator, held, version = build_programme()
        client = Client()
        client.force_login(facilitator)
        url = reverse("youthcop_admin_programmes:inspect", args=[programme.pk])
        print(f"{'participants':>12} {'queries':>8} {'ms (median)':>12}")
        for size in (30, 300):
            grow(programme, size, held, version)
            queries, median = measure(client, url, args.repeat)
            print(f"{size:>12} {queries:>8} {median * 1000:>12.0f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
