"""Django set-up shared by the benchmark scripts: the example site's test settings."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]


def setup_django(folder):
    """Django on a fresh SQLite file in ``folder`` (never a shared database)."""
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(folder / "bench.sqlite3")
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "youthcop_site.settings.test"
    import django

    django.setup()
