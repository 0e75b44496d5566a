"""Receivers connected in ``CertificatesConfig.ready``."""

from django.db.models.signals import post_delete, pre_delete

from youthcop.core.tasks import enqueue_on_commit
from youthcop.programmes.models import Participant

from . import services, signals, tasks
from .models import CertificateArchive


def anonymise_certificate_of_deleted_participant(sender, instance, **kwargs):
    # Erasing a participant leaves their certificate verifiable, with initials only.
    services.anonymise_participant(instance)


def issue_in_background(sender, batch, **kwargs):
    enqueue_on_commit(tasks.issue_certificates, batch.pk)


def build_zip_in_background(sender, archive, **kwargs):
    enqueue_on_commit(tasks.build_certificates_zip, archive.pk)


def delete_zip_file(sender, instance, **kwargs):
    # At once, not on commit: a copy of personal data goes as soon as asked (a rolled-back
    # deletion leaves a row without its file, which the download view answers with 404).
    if instance.file:
        instance.file.delete(save=False)


def register_signal_handlers():
    pre_delete.connect(
        anonymise_certificate_of_deleted_participant,
        sender=Participant,
        dispatch_uid="youthcop_certificates_anonymise_on_delete",
    )
    signals.issuing_started.connect(issue_in_background, dispatch_uid="youthcop_certificates_issue_in_background")
    signals.archive_requested.connect(build_zip_in_background, dispatch_uid="youthcop_certificates_zip_in_background")
    post_delete.connect(delete_zip_file, sender=CertificateArchive, dispatch_uid="youthcop_certificates_delete_zip_file")
