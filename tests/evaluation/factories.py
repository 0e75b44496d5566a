"""Evaluation fixtures: a programme with its default questionnaire, rounds, and people who answered."""

import datetime

from django.utils import timezone

from tests.factories import ParticipantFactory, officer
from youthcop.evaluation import services
from youthcop.evaluation.models import Round, RoundKind


def item_keys(programme):
    return [key for key, _text in services.statements(services.evaluation_for(programme, create=True).questionnaire)]


def past_round(programme, kind, days_ago):
    """A round of ``kind`` that was open a while ago (its answers are given with ``answer_in``)."""
    services.evaluation_for(programme, create=True)
    now = timezone.now()
    return Round.objects.create(
        programme=programme,
        kind=kind,
        opens_at=now - datetime.timedelta(days=days_ago),
        closes_at=now - datetime.timedelta(days=days_ago - 10),
    )


def answer_in(round_, participant, value):
    """``participant`` answers every statement with ``value`` (an int, or a list, one per statement) in ``round_``."""
    keys = item_keys(round_.programme)
    values = value if isinstance(value, list) else [value] * len(keys)
    when = round_.opens_at + datetime.timedelta(hours=1)
    return services.submit_answers(participant, round_, dict(zip(keys, values)), now=when)


def group(programme, youth=6, police=6):
    young = [ParticipantFactory(programme=programme, first_name=f"Yara{n}", last_name=f"Zubair{n}") for n in range(youth)]
    officers = [officer(programme=programme, first_name=f"Otto{n}", last_name=f"Quist{n}") for n in range(police)]
    return young, officers


def before_and_after(programme, youth=6, police=6):
    """Everyone answers 2 before and 4 after; returns (young, officers, before round, after round)."""
    young, officers = group(programme, youth, police)
    before = past_round(programme, RoundKind.BEFORE, 300)
    after = past_round(programme, RoundKind.AFTER, 30)
    for person in young + officers:
        answer_in(before, person, 2)
        answer_in(after, person, 4)
    return young, officers, before, after
