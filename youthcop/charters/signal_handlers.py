"""Receivers connected in ``ChartersConfig.ready``.

The public programme page's cached charter section follows the charter; the
charter services' signals become emails sent in the background.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save

from youthcop.core.sections import bump_programme_sections
from youthcop.core.tasks import enqueue_on_commit

from . import signals, tasks
from .models import Charter, CharterVersion, Signature


def charter_changed(sender, instance, **kwargs):
    # "Show on the public page" lives on the charter; an adopted version replaces the text shown.
    bump_programme_sections(instance.programme_id)


def signature_changed(sender, instance, **kwargs):
    # The page shows how many people signed the current version.
    try:
        programme_id = instance.version.programme_id
    except ObjectDoesNotExist:  # deleted with its version, whose own signal bumps
        return
    bump_programme_sections(programme_id)


def email_sign_requests(sender, version, participant_ids, kind, **kwargs):
    for participant_id in participant_ids:
        enqueue_on_commit(tasks.email_sign_request, participant_id, version.pk, kind)


def register_signal_handlers():
    for signal in (post_save, post_delete):
        signal.connect(charter_changed, sender=Charter, dispatch_uid="youthcop_charters_charter_sections")
        signal.connect(charter_changed, sender=CharterVersion, dispatch_uid="youthcop_charters_version_sections")
        signal.connect(signature_changed, sender=Signature, dispatch_uid="youthcop_charters_signature_sections")
    signals.signatures_requested.connect(email_sign_requests, dispatch_uid="youthcop_charters_sign_request_emails")
