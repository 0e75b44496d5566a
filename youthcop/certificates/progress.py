"""What the admin says about background work: an issuing batch, a ZIP being prepared.

The page and its JSON endpoints say the same words, from here: the script that
follows the progress only copies them, so the page never says "has started"
once the work is done, whether it ran in a worker or at once.
"""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import services
from .models import CertificateArchive, IssueBatch


def batch_text(batch):
    """One sentence (or two) saying where ``batch`` is."""
    values = {
        "done": batch.done_count,
        "total": batch.total,
        "issued": batch.issued,
        "skipped": batch.skipped,
        "failed": batch.failed,
        "emailed": batch.emailed,
    }
    if batch.status == IssueBatch.Status.PENDING:
        return _("Issuing has started. It begins in a moment.")
    if batch.status == IssueBatch.Status.RUNNING:
        return _("Issuing has started: %(done)s of %(total)s handled.") % values
    if batch.status == IssueBatch.Status.FAILED:
        text = _(
            "Issuing stopped by an error: %(issued)s issued, %(failed)s failed. You may start it again."
        ) % values
    elif batch.skipped:
        text = _("Issuing is done: %(issued)s issued, %(skipped)s already had one, %(failed)s failed.") % values
    else:
        text = _("Issuing is done: %(issued)s issued, %(failed)s failed.") % values
    if batch.send_email:
        text += " " + ngettext(
            "%(emailed)s certificate sent by email.", "%(emailed)s certificates sent by email.", batch.emailed
        ) % values
    return text


def archive_text(archive):
    """One sentence saying where the ZIP ``archive`` is."""
    if archive.status == CertificateArchive.Status.PENDING:
        return _("Preparing the ZIP has started. It begins in a moment.")
    if archive.status == CertificateArchive.Status.RUNNING:
        return _("Preparing the ZIP: %(done)s of %(total)s certificates.") % {
            "done": archive.zipped,
            "total": archive.total,
        }
    if archive.status == CertificateArchive.Status.FAILED:
        return _("The ZIP could not be prepared. Please try again.")
    # The time inside the sentence: a format ending in "p.m." never meets a full stop.
    until = formats.date_format(timezone.localtime(services.expires_at(archive)), "DATETIME_FORMAT")
    return ngettext(
        "The ZIP of %(count)s certificate is ready (kept until %(until)s).",
        "The ZIP of %(count)s certificates is ready (kept until %(until)s).",
        archive.total,
    ) % {"count": archive.total, "until": until}


def download_url(archive):
    if archive.status != CertificateArchive.Status.DONE:
        return ""
    return reverse("youthcop_admin_certificates:zip_download", args=[archive.pk])


def as_json(work, text):
    """The progress of ``work`` (a batch or an archive) for the page's script."""
    return {
        "status": work.status,
        "status_label": work.get_status_display(),
        "finished": work.is_finished,
        "done": work.done_count,
        "total": work.total,
        "percent": work.percent,
        "text": text,
    }


def batch_json(batch):
    return {
        **as_json(batch, batch_text(batch)),
        "issued": batch.issued,
        "skipped": batch.skipped,
        "failed": batch.failed,
        "emailed": batch.emailed,
    }


def archive_json(archive):
    return {**as_json(archive, archive_text(archive)), "download_url": download_url(archive)}
