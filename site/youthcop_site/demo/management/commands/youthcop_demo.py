"""Load the demo data: ``manage.py youthcop_demo``. Running it again changes nothing.

It writes in the site's languages only (``youthcop_site.demo.languages``): a site
with one language gets no other locale, page or charter translation. It needs a
default Wagtail site, whose home page its pages go under.

The demo creates a superuser and staff users whose password is published in
the README: it refuses to run on a site with ``DEBUG`` off (a real site, most
likely) unless ``--allow-without-debug`` says it is meant.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _
from wagtail.models import Site

from youthcop_site.demo.languages import site_languages
from youthcop_site.demo.programmes import DEMO_PASSWORD, USERS

DEMO_MODULES = [
    "youthcop_site.demo.programmes",
    "youthcop_site.demo.sessions",
    "youthcop_site.demo.texts",
    "youthcop_site.demo.charters",
    "youthcop_site.demo.pages",
    "youthcop_site.demo.certificates",
    "youthcop_site.demo.feedback",
    "youthcop_site.demo.advisors",
    "youthcop_site.demo.evaluation",
    "youthcop_site.demo.offers",
]


class Command(BaseCommand):
    help = "Load a demo police zone, youth organisations, staff users and programmes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load the demo even though DEBUG is off (a throwaway test or staging site only).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                _(
                    "Refusing to load the demo: DEBUG is off, so this looks like a real site. The demo creates "
                    "a superuser \"admin\" and staff users whose password (%(password)s) is published in the "
                    "README, so anyone could log in. Use the development settings (DEBUG = True), or pass "
                    "--allow-without-debug on a throwaway site."
                )
                % {"password": DEMO_PASSWORD}
            )
        if not Site.objects.filter(is_default_site=True).exists():
            raise CommandError(
                _(
                    "The demo needs a default Wagtail site: its pages go under that site's home page. Run "
                    "\"manage.py migrate\" on a new database, or mark a site as the default one in the admin "
                    "(Settings › Sites)."
                )
            )
        context = {}
        # Demo addresses are fictitious: nothing is sent while loading.
        # The override encloses the transaction: emails queued on commit are dropped too.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            for name in DEMO_MODULES:
                import_module(name).load(context)

        self.stdout.write("Demo data ready, in the site's languages: %s." % ", ".join(site_languages()))
        self.stdout.write("Admin logins (password: %s):" % DEMO_PASSWORD)
        self.stdout.write("  admin (superuser)")
        for username, first, last, group, _org in USERS:
            self.stdout.write(f"  {username:<15} {first} {last} — {group}")
