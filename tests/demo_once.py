"""The demo loaded once for a test module, rolled back when the module ends.

A module imports ``demo_media`` and ``media_root`` (the demo's files in a
folder of the module's own, read by every test) and builds its module-scoped
fixture on ``loaded_once``; each test then runs in a savepoint rolled back
after it.
"""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def media_root(settings, demo_media):
    """The tests read the demo's files (logos, PDFs) where it wrote them."""
    settings.MEDIA_ROOT = demo_media


@contextmanager
def loaded_once(django_db_blocker, demo_media, load):
    """``load()``'s value, with what it wrote kept until the block ends, then rolled back."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo_media), translation.override("en"):
        with transaction.atomic():
            yield load()
            transaction.set_rollback(True)
