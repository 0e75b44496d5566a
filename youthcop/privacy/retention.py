"""Retention: a completed programme's participants are anonymised ``RETENTION_MONTHS`` after its end (README rule 6)."""

from django.utils import timezone

from youthcop.programmes import meal_needs
from youthcop.programmes.models import Participant, Programme

from .erasure import Reason, anonymise_participant

FINISHED = [Programme.Status.COMPLETED, Programme.Status.ARCHIVED]


def programmes_due_for_anonymisation(today=None):
    """Completed or archived programmes whose retention period is over."""
    today = today or timezone.localdate()
    finished = Programme.objects.filter(status__in=FINISHED, end_date__lte=today)
    return [programme for programme in finished if programme.retention_deadline <= today]


def programmes_never_completed(queryset=None, today=None):
    """Programmes past their retention deadline but still not marked completed: nothing anonymises them."""
    today = today or timezone.localdate()
    queryset = Programme.objects.all() if queryset is None else queryset
    open_ones = queryset.exclude(status__in=FINISHED)
    return [programme for programme in open_ones.filter(end_date__lte=today) if programme.retention_deadline <= today]


def participants_due_for_anonymisation(today=None):
    programmes = programmes_due_for_anonymisation(today)
    return Participant.objects.filter(programme__in=programmes, anonymised_at__isnull=True).order_by("pk")


def anonymise_due_participants(today=None):
    """Anonymise every participant whose programme's retention period is over; return their ids.

    Meal needs go sooner: those of every programme that has ended are deleted first.
    """
    meal_needs.forget_for_ended_programmes(today)
    done = []
    for participant in participants_due_for_anonymisation(today).only("pk"):
        anonymise_participant(participant, reason=Reason.RETENTION)
        done.append(participant.pk)
    return done
