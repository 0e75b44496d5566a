"""Keeps the public programme page's cached sections in step with the sessions they count."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from youthcop.core.sections import bump_programme_sections

from .models import Session


@receiver([post_save, post_delete], sender=Session, dispatch_uid="youthcop_sessions_programme_sections")
def session_changed(sender, instance, **kwargs):
    # Planned / held counts and the next session come from the programme's sessions.
    bump_programme_sections(instance.programme_id)
