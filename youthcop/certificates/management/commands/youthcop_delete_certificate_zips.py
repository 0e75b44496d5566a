"""Delete the ZIPs of certificates kept longer than ``ARCHIVE_KEPT_FOR``.

They copy young people's names: run it daily at least (cron, a systemd timer or
your task scheduler); preparing a new ZIP also deletes the expired ones::

    manage.py youthcop_delete_certificate_zips
"""

from django.core.management.base import BaseCommand

from youthcop.certificates.services import delete_expired_archives


class Command(BaseCommand):
    help = "Delete the prepared ZIPs of certificates once they expire."

    def handle(self, *args, **options):
        count = delete_expired_archives()
        self.stdout.write(f"Deleted {count} expired ZIP(s) of certificates.")
