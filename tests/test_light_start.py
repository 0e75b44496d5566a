"""Starting Django with youthcop installed loads no WeasyPrint: only rendering a PDF does (issue 17)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every app's URLs, views, admin hooks and viewsets imported
from wagtail import hooks
hooks.search_for_hooks()
print("weasyprint" in sys.modules)
from youthcop.core.pdf import render_pdf
assert render_pdf("<p>ok</p>").startswith(b"%PDF")
print("weasyprint" in sys.modules)
"""


def test_weasyprint_is_imported_by_the_first_pdf_not_by_django_setup():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=dict(os.environ, DJANGO_SETTINGS_MODULE="youthcop_site.settings.test", PYTHONPATH=f"{ROOT / 'site'}:{ROOT}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]
