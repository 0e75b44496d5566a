from django.core.management.base import BaseCommand

from youthcop.programmes.services import expire_reservations


class Command(BaseCommand):
    help = "Release the places reserved for minors whose guardian consent did not come in time (run daily)."

    def handle(self, *args, **options):
        expired = expire_reservations()
        self.stdout.write(f"{len(expired)} reservation(s) released.")
