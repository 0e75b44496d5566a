"""The ZIP of a programme's certificates, built in the background, kept privately a short while.

It prints young people's full names: it is built for one way of seeing them
(police staff get the officers' certificates only, README rule 8), served only
by a scoped admin view, and deleted when it expires (``ARCHIVE_KEPT_FOR``), when
a newer ZIP of the programme replaces it, and when the programme's certificates
change (issued, revoked, anonymised): a ZIP never outlives what it copies.
"""

import datetime
import logging
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from youthcop.programmes.models import Side
from youthcop.programmes.permissions import hides_young_peoples_identity

from .. import signals
from ..models import CertificateArchive
from .documents import load_assets, write_certificates_zip

logger = logging.getLogger(__name__)

# Long enough to download and print it the same day; a ZIP is prepared again in a minute.
ARCHIVE_KEPT_FOR = datetime.timedelta(hours=12)


def expires_at(archive):
    return archive.requested_at + ARCHIVE_KEPT_FOR


def archives_kept():
    """The archives not yet expired."""
    return CertificateArchive.objects.filter(requested_at__gte=timezone.now() - ARCHIVE_KEPT_FOR)


def delete_archives(archives):
    """Delete ``archives`` (a queryset) and their files (``signal_handlers`` deletes each file)."""
    archives.delete()


def delete_expired_archives():
    """Delete the ZIPs older than ``ARCHIVE_KEPT_FOR``; the number deleted."""
    count, _ = CertificateArchive.objects.filter(requested_at__lt=timezone.now() - ARCHIVE_KEPT_FOR).delete()
    return count


def forget_archives_of(programme):
    """The certificates of ``programme`` (or its pk) changed: its ZIPs copy what is no longer true."""
    delete_archives(CertificateArchive.objects.filter(programme=programme))


def latest_archive(programme, user):
    """The newest unexpired ZIP of ``programme`` as ``user`` may see it, or None."""
    return archives_kept().filter(programme=programme, officers_only=hides_young_peoples_identity(user)).first()


def start_archive(programme, *, by):
    """Queue the ZIP of the programme's valid certificates, as ``by`` may see them; returns the archive.

    The ZIP is built by ``tasks.build_certificates_zip`` (enqueued by the receiver of
    ``signals.archive_requested``); it replaces the programme's previous ZIP for the same view.
    """
    delete_expired_archives()
    officers_only = hides_young_peoples_identity(by)
    with transaction.atomic():
        delete_archives(CertificateArchive.objects.filter(programme=programme, officers_only=officers_only))
        archive = CertificateArchive.objects.create(programme=programme, requested_by=by, officers_only=officers_only)
        signals.archive_requested.send(sender=CertificateArchive, archive=archive)
    return archive


def _save(archive, *fields):
    """Save ``fields``; False when the archive was deleted meanwhile (replaced or forgotten)."""
    return CertificateArchive.objects.filter(pk=archive.pk).update(**{field: getattr(archive, field) for field in fields}) > 0


def run_archive(archive_id):
    """Build the ZIP of archive ``archive_id``, saving its progress after each certificate."""
    # Only the worker that moves it out of "pending" builds it: a retried or duplicated task does nothing.
    started = CertificateArchive.objects.filter(pk=archive_id, status=CertificateArchive.Status.PENDING).update(
        status=CertificateArchive.Status.RUNNING
    )
    archive = CertificateArchive.objects.select_related("programme").filter(pk=archive_id).first()
    if not started or archive is None:
        return archive
    try:
        kept = _build(archive)
    except Exception:
        logger.exception("The ZIP of certificates %s could not be built", archive.pk)
        archive.status = CertificateArchive.Status.FAILED
        archive.finished_at = timezone.now()
        _save(archive, "status", "finished_at")
        raise
    if not kept:
        archive.file.delete(save=False)  # replaced while it was built: nobody may download it
    return archive


def _build(archive):
    programme = archive.programme
    certificates = programme.certificates.valid().order_by("holder_last_name", "holder_first_name", "pk")
    if archive.officers_only:
        certificates = certificates.filter(participant__side=Side.POLICE)
    certificates = list(certificates)
    archive.total = len(certificates)
    archive.certificates = [certificate.pk for certificate in certificates]
    if not _save(archive, "total", "certificates"):
        return False
    assets = load_assets(programme=programme)

    def progress(count):
        archive.zipped = count
        return _save(archive, "zipped")

    with tempfile.TemporaryFile() as handle:
        if not write_certificates_zip(handle, certificates, assets, progress=progress):
            return False
        handle.seek(0)
        name = f"certificates-{slugify(programme.name) or programme.pk}-{get_random_string(12)}.zip"
        archive.file.save(name, File(handle), save=False)
    archive.status = CertificateArchive.Status.DONE
    archive.finished_at = timezone.now()
    return _save(archive, "file", "status", "finished_at")
