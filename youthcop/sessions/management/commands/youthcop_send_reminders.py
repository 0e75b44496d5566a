"""Send the session reminders that are due. Run it from cron, e.g. every hour:

    17 * * * *  manage.py youthcop_send_reminders

Running it more often never sends a reminder twice.
"""

from django.core.management.base import BaseCommand

from youthcop.sessions import services


class Command(BaseCommand):
    help = "Email participants about their sessions REMINDER_DAYS_BEFORE days ahead (never twice)."

    def handle(self, *args, **options):
        sent = services.send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
