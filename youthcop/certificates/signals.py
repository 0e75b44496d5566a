"""Erasing a participant leaves their certificate verifiable, with initials only."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from youthcop.programmes.models import Participant


@receiver(pre_delete, sender=Participant, dispatch_uid="youthcop_certificates_anonymise_on_delete")
def anonymise_certificate_of_deleted_participant(sender, instance, **kwargs):
    from .services import anonymise_participant

    anonymise_participant(instance)
