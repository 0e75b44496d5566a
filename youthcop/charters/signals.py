"""Keeps the public programme page's cached charter section in step with the charter."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from youthcop.core.sections import bump_programme_sections

from .models import Charter, CharterVersion, Signature


@receiver([post_save, post_delete], sender=Charter, dispatch_uid="youthcop_charters_charter_sections")
@receiver([post_save, post_delete], sender=CharterVersion, dispatch_uid="youthcop_charters_version_sections")
def charter_changed(sender, instance, **kwargs):
    # "Show on the public page" lives on the charter; an adopted version replaces the text shown.
    bump_programme_sections(instance.programme_id)


@receiver([post_save, post_delete], sender=Signature, dispatch_uid="youthcop_charters_signature_sections")
def signature_changed(sender, instance, **kwargs):
    # The page shows how many people signed the current version.
    try:
        programme_id = instance.version.programme_id
    except ObjectDoesNotExist:  # deleted with its version, whose own signal bumps
        return
    bump_programme_sections(programme_id)
