"""Load the demo data: ``manage.py youthcop_demo``. Running it again changes nothing."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

DEMO_MODULES = [
    "youthcop.programmes.demo",
    "youthcop.sessions.demo",
    "youthcop.charters.demo",
    "youthcop.programmes.demo_pages",
    "youthcop.certificates.demo",
]


class Command(BaseCommand):
    help = "Load a demo police zone, youth organisations, staff users and programmes."

    def handle(self, *args, **options):
        context = {}
        # Demo addresses are fictitious: nothing is sent while loading.
        # The override encloses the transaction: emails queued on commit are dropped too.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            for name in DEMO_MODULES:
                import_module(name).load(context)
        from youthcop.programmes.demo import DEMO_PASSWORD, USERS

        self.stdout.write("Demo data ready. Admin logins (password: %s):" % DEMO_PASSWORD)
        self.stdout.write("  admin (superuser)")
        for username, first, last, group, _org in USERS:
            self.stdout.write(f"  {username:<15} {first} {last} — {group}")
