"""Receivers connected in ``CertificatesConfig.ready``."""

from django.db.models.signals import pre_delete

from youthcop.core.tasks import enqueue_on_commit
from youthcop.programmes.models import Participant

from . import services, signals, tasks


def anonymise_certificate_of_deleted_participant(sender, instance, **kwargs):
    # Erasing a participant leaves their certificate verifiable, with initials only.
    services.anonymise_participant(instance)


def issue_in_background(sender, batch, **kwargs):
    enqueue_on_commit(tasks.issue_certificates, batch.pk)


def register_signal_handlers():
    pre_delete.connect(
        anonymise_certificate_of_deleted_participant,
        sender=Participant,
        dispatch_uid="youthcop_certificates_anonymise_on_delete",
    )
    signals.issuing_started.connect(issue_in_background, dispatch_uid="youthcop_certificates_issue_in_background")
