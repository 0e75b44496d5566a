"""Who takes part in writing and signing the charter."""



from youthcop.programmes.models import Participant, Programme

from .errors import NotTakingPart

#: Participants who take part in writing and signing the charter.
TAKING_PART = (Participant.Status.ENROLLED, Participant.Status.COMPLETED)
CLOSED_PROGRAMME = (Programme.Status.COMPLETED, Programme.Status.ARCHIVED)


def participants_taking_part(programme):
    return Participant.objects.filter(programme=programme, status__in=TAKING_PART)


def takes_part(participant):
    return participant.status in TAKING_PART


def _check_takes_part(participant, programme_id):
    if not takes_part(participant) or participant.programme_id != programme_id:
        raise NotTakingPart
