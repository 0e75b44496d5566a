"""Let the offered places that were not accepted in time lapse. Run it from cron daily, just after midnight.

Each lapsed offer withdraws its person, and the place moves on as a freed one
does: offered to the next in line, or kept for the coordinator's choice.
"""

from django.core.management.base import BaseCommand

from youthcop.programmes.services import expire_offers


class Command(BaseCommand):
    help = "Let offered places not accepted by their deadline lapse; the places move on (run daily)."

    def handle(self, *args, **options):
        expired = expire_offers()
        self.stdout.write(f"{len(expired)} offer(s) lapsed.")
