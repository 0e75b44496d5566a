"""Demo data of the evaluation: a year of answers, so that the results and their charts show something real.

Last year's completed programme answered before the first joint workshop, at
mid-year and at the end; the running programme answered before it began. The
answers improve over the year, more for the young people's trust than for
the officers'. Idempotent: a programme that has rounds is left as it is.
"""

import datetime
import random

from django.utils import timezone

from youthcop.evaluation import services
from youthcop.evaluation.models import Round, RoundKind
from youthcop.programmes.models import Side

# Where each side starts on each statement (1–5), and how much it moves by the end of the year.
START = {Side.YOUTH: [2.2, 2.5, 2.1, 2.6, 1.9], Side.POLICE: [2.9, 2.8, 3.0, 2.7, 3.1]}
GAIN = {Side.YOUTH: [1.2, 1.0, 0.8, 1.1, 1.3], Side.POLICE: [0.8, 0.9, 0.6, 1.0, 0.7]}
SHARE = {RoundKind.BEFORE: 0.0, RoundKind.MID: 0.5, RoundKind.AFTER: 1.0}
ANSWERING = {RoundKind.BEFORE: 0.95, RoundKind.MID: 0.8, RoundKind.AFTER: 0.88}


def _at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def round_windows(programme, today):
    """The rounds of ``programme`` whose window has passed by ``today``: ``[(kind, opens_at, closes_at)]``."""
    workshop = services.first_joint_workshop(programme)
    first = workshop.starts_at if workshop else _at(programme.start_date + datetime.timedelta(days=14), 18)
    end = programme.end_date
    middle = programme.start_date + (end - programme.start_date) / 2
    windows = [
        (RoundKind.BEFORE, first - datetime.timedelta(days=21), first),
        (RoundKind.MID, _at(middle), _at(middle + datetime.timedelta(days=14))),
        (RoundKind.AFTER, _at(end - datetime.timedelta(days=24)), _at(end - datetime.timedelta(days=3))),
    ]
    now = _at(today, 0)
    return [window for window in windows if window[2] <= now]


def _value(rng, side, index, kind, person_shift):
    value = START[side][index] + GAIN[side][index] * SHARE[kind] + person_shift + rng.gauss(0, 0.4)
    return min(5, max(1, round(value)))


def answer_year(programme, seed, today=None):
    """Rounds and answers for ``programme`` up to ``today``; nothing if it has rounds already."""
    if Round.objects.filter(programme=programme).exists():
        return
    today = today or timezone.localdate()
    evaluation = services.evaluation_for(programme, create=True)
    keys = [key for key, _text in services.statements(evaluation.questionnaire)]
    people = list(programme.participants.filter(status__in=services.ANSWERING_STATUSES).order_by("pk"))
    rng = random.Random(f"evaluation:{seed}")
    shifts = {person.pk: rng.gauss(0, 0.4) for person in people}
    for kind, opens_at, closes_at in round_windows(programme, today):
        round_ = Round.objects.create(programme=programme, kind=kind, opens_at=opens_at, closes_at=closes_at)
        for person in people:
            if rng.random() > ANSWERING[kind]:
                continue
            values = {key: _value(rng, person.side, index, kind, shifts[person.pk]) for index, key in enumerate(keys)}
            moment = opens_at + (closes_at - opens_at) * rng.uniform(0.05, 0.9)
            services.submit_answers(person, round_, values, now=moment)


def load(context):
    """A year of answers for last year's programme, and the "before" round of the running one."""
    services.ensure_default_questionnaires()
    if context.get("past_programme") is not None:
        answer_year(context["past_programme"], seed=2023)
    if context.get("programme") is not None:
        answer_year(context["programme"], seed=2024)
    return context
