"""Anonymise the participants of programmes whose retention period is over.

Run daily (cron, a systemd timer or your task scheduler)::

    manage.py youthcop_anonymise            # now, in this process
    manage.py youthcop_anonymise --enqueue  # as a django-tasks task, for the worker
    manage.py youthcop_anonymise --dry-run  # only say who is due
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from youthcop.core.conf import youthcop_settings
from youthcop.privacy.retention import anonymise_due_participants, programmes_due_for_anonymisation
from youthcop.privacy.tasks import anonymise_due_participants_task


class Command(BaseCommand):
    help = "Anonymise participants RETENTION_MONTHS after their programme is completed."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what is due; change nothing.")
        parser.add_argument("--enqueue", action="store_true", help="Run as a background task.")
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, enqueue=False, today=None, **options):
        try:
            today = datetime.date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError(f"--today: {error}") from error
        if enqueue:
            transaction.on_commit(anonymise_due_participants_task.enqueue)
            self.stdout.write("Enqueued.")
            return
        if dry_run:
            for programme in programmes_due_for_anonymisation(today):
                count = programme.participants.filter(anonymised_at__isnull=True).count()
                self.stdout.write(f"{programme.name} (#{programme.pk}): {count} participant(s) due")
            return
        done = anonymise_due_participants(today)
        self.stdout.write(
            f"Anonymised {len(done)} participant(s) "
            f"({youthcop_settings.RETENTION_MONTHS} months after their programme was completed)."
        )
