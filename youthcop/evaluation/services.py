"""The evaluation's rules: the default questionnaire, rounds, answering under a pseudonym, results, personal data.

Views, the demo, reminders and the privacy hooks all call these. Nothing here
returns a participant next to an answer: ``results`` reads answers with their
pseudonym's side only.
"""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from wagtail.log_actions import log
from wagtail.models import Locale

from youthcop.programmes.models import Participant, Side
from youthcop.sessions.models import Session, SessionKind

from .models import Answer, ProgrammeEvaluation, Pseudonym, Questionnaire, QuestionnaireItem, Response, Round, RoundKind
from .stats import MIN_ANSWERS, mean, paired_change

#: How long a round stays open unless the coordinator says otherwise.
ROUND_DAYS = 14

# The default questionnaire's translation keys: fixed, so that every language's copy is one translation set.
DEFAULT_KEY = uuid.UUID("5d6f0c1e-7a43-4a53-9a0e-1f0b9e6e2a10")
DEFAULT_TITLE = gettext_noop("How do you see the other group?")
DEFAULT_INTRODUCTION = gettext_noop(
    "There are no right or wrong answers. Nobody sees your answers with your name: we only count them "
    "together, to learn whether the programme changes something."
)
DEFAULT_ITEMS = [
    (uuid.UUID("5d6f0c1e-7a43-4a53-9a0e-1f0b9e6e2a11"), gettext_noop("I trust people from the other group.")),
    (
        uuid.UUID("5d6f0c1e-7a43-4a53-9a0e-1f0b9e6e2a12"),
        gettext_noop("When I speak, people from the other group listen to me."),
    ),
    (
        uuid.UUID("5d6f0c1e-7a43-4a53-9a0e-1f0b9e6e2a13"),
        gettext_noop("Young people and police officers in our area treat each other fairly."),
    ),
    (
        uuid.UUID("5d6f0c1e-7a43-4a53-9a0e-1f0b9e6e2a14"),
        gettext_noop("I understand how people from the other group see things."),
    ),
    (
        uuid.UUID("5d6f0c1e-7a43-4a53-9a0e-1f0b9e6e2a15"),
        gettext_noop("If I had a problem or a question, I would contact someone from the other group."),
    ),
]
SCALE_LABELS = [
    gettext_noop("Strongly disagree"),
    gettext_noop("Disagree"),
    gettext_noop("Neither agree nor disagree"),
    gettext_noop("Agree"),
    gettext_noop("Strongly agree"),
]
SIDE_LABELS = {Side.YOUTH: gettext_lazy("Young people"), Side.POLICE: gettext_lazy("Police officers")}
ANSWERING_STATUSES = (Participant.Status.ENROLLED, Participant.Status.COMPLETED)


class RoundRefused(Exception):
    """A round cannot be opened or closed; the message says why, to the coordinator."""


class AnswerRefused(Exception):
    """The answers cannot be recorded; the message says why, to the participant."""


# --- The default questionnaire ---------------------------------------------------------------


def ensure_default_questionnaires():
    """Create the default questionnaire in every locale that lacks it, as translations of one another.

    Its texts are gettext strings, written in each locale's language: the
    catalogues give the default set in fr, nl and de. Returns the default
    locale's copy. Running it again changes nothing.
    """
    default_locale = Locale.get_default()
    result = None
    with transaction.atomic():
        for locale in Locale.objects.order_by("pk"):
            questionnaire = Questionnaire.objects.filter(translation_key=DEFAULT_KEY, locale=locale).first()
            if questionnaire is None:
                with translation.override(locale.language_code):
                    questionnaire = Questionnaire(
                        translation_key=DEFAULT_KEY,
                        locale=locale,
                        title=_(DEFAULT_TITLE),
                        introduction=_(DEFAULT_INTRODUCTION),
                    )
                    questionnaire.items = [
                        QuestionnaireItem(translation_key=key, locale=locale, text=_(text), sort_order=order)
                        for order, (key, text) in enumerate(DEFAULT_ITEMS)
                    ]
                    questionnaire.save()
            if locale.pk == default_locale.pk:
                result = questionnaire
    return result


def evaluation_for(programme, create=False):
    """The programme's evaluation (its questionnaire); with ``create``, set up with the default questionnaire."""
    evaluation = ProgrammeEvaluation.objects.filter(programme=programme).select_related("questionnaire").first()
    if evaluation is None and create:
        evaluation, _created = ProgrammeEvaluation.objects.get_or_create(
            programme=programme, defaults={"questionnaire": ensure_default_questionnaires()}
        )
    return evaluation


def choose_questionnaire(programme, questionnaire, *, by):
    """Use ``questionnaire`` for the programme; refused once anyone answered (answers would not compare)."""
    evaluation = evaluation_for(programme, create=True)
    if evaluation.questionnaire_id == questionnaire.pk:
        return evaluation
    if Response.objects.filter(round__programme=programme).exists():
        raise RoundRefused(_("Participants have already answered: the questionnaire can no longer change."))
    evaluation.questionnaire = questionnaire
    evaluation.save(update_fields=["questionnaire"])
    log(programme, "youthcop.evaluation.questionnaire_chosen", user=by, data={"questionnaire": questionnaire.title})
    return evaluation


def statements(questionnaire, language=None):
    """``[(item key, text)]`` of ``questionnaire``'s items in order, each in ``language`` where translated."""
    items = list(questionnaire.items.order_by("sort_order", "pk"))
    language = language or translation.get_language()
    translated = {}
    if language and questionnaire.locale.language_code != language:
        translated = dict(
            QuestionnaireItem.objects.filter(
                translation_key__in=[item.translation_key for item in items], locale__language_code=language
            ).values_list("translation_key", "text")
        )
    return [(item.translation_key, translated.get(item.translation_key, item.text)) for item in items]


def localised(questionnaire, language=None):
    """The translation of ``questionnaire`` in ``language`` (the request's), or the questionnaire itself."""
    language = language or translation.get_language()
    return (
        Questionnaire.objects.filter(translation_key=questionnaire.translation_key, locale__language_code=language)
        .select_related("locale")
        .first()
        or questionnaire
    )


# --- Rounds --------------------------------------------------------------------------------


def first_joint_workshop(programme):
    return (
        Session.objects.filter(programme=programme, kind=SessionKind.JOINT_WORKSHOP)
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )


def open_round(programme, kind, *, by=None, closes_at=None, now=None):
    """Open the ``kind`` round (or open it again) until ``closes_at``; the "before" round ends by the first joint workshop."""
    now = now or timezone.now()
    closes_at = closes_at or now + datetime.timedelta(days=ROUND_DAYS)
    with transaction.atomic():
        evaluation_for(programme, create=True)
        rounds = {one.kind: one for one in Round.objects.select_for_update().filter(programme=programme)}
        already = next((one for one in rounds.values() if one.is_open(now)), None)
        if already is not None:
            if already.kind == kind:
                raise RoundRefused(_("This round is already open."))
            raise RoundRefused(
                _("Close the round “%(round)s” first: one round is open at a time.") % {"round": already}
            )
        if kind == RoundKind.BEFORE:
            workshop = first_joint_workshop(programme)
            if workshop is not None:
                if workshop.starts_at <= now:
                    raise RoundRefused(
                        _("The first joint workshop has begun: answers given now would not be “before” any more.")
                    )
                closes_at = min(closes_at, workshop.starts_at)
        elif kind == RoundKind.AFTER and RoundKind.BEFORE not in rounds:
            raise RoundRefused(_("Open the round before the programme first: the end round is compared with it."))
        if closes_at <= now:
            raise RoundRefused(_("The round must close later than now."))
        round_ = rounds.get(kind)
        if round_ is None:
            round_ = Round.objects.create(programme=programme, kind=kind, opens_at=now, closes_at=closes_at)
        else:
            round_.closes_at = closes_at
            round_.save(update_fields=["closes_at"])
    log(programme, "youthcop.evaluation.round_opened", user=by, data={"round": kind, "closes_at": closes_at.isoformat()})
    return round_


def close_round(round_, *, by=None, now=None):
    """Close an open round now."""
    now = now or timezone.now()
    if not round_.is_open(now):
        raise RoundRefused(_("This round is not open."))
    round_.closes_at = max(now, round_.opens_at + datetime.timedelta(microseconds=1))
    round_.save(update_fields=["closes_at"])
    log(round_.programme, "youthcop.evaluation.round_closed", user=by, data={"round": round_.kind})
    return round_


def open_round_of(programme, now=None):
    """The programme's round open now, or None."""
    now = now or timezone.now()
    return Round.objects.filter(programme=programme, opens_at__lte=now, closes_at__gt=now).first()


def current_round_of(programme, now=None):
    """``(round open now or None, when that changes with time alone or None)`` in one query: the open
    round's close, else the next round's opening."""
    now = now or timezone.now()
    round_ = Round.objects.filter(programme=programme, closes_at__gt=now).order_by("opens_at", "pk").first()
    if round_ is None:
        return None, None
    if round_.opens_at <= now:
        return round_, round_.closes_at
    return None, round_.opens_at


# --- Answering -----------------------------------------------------------------------------


def may_answer(participant):
    return participant.status in ANSWERING_STATUSES and participant.anonymised_at is None


def response_of(participant, round_):
    """The participant's response in ``round_`` (through their pseudonym), or None."""
    return Response.objects.filter(pseudonym__participant=participant, round=round_).first()


def answered_values(response):
    return dict(response.answers.values_list("item_key", "value")) if response else {}


def submit_answers(participant, round_, values, now=None):
    """Record ``values`` (``{item key: 1–5}``, one per statement) for the participant in ``round_``.

    Answering again while the round is open corrects the same response: one per round.
    """
    now = now or timezone.now()
    if not may_answer(participant):
        raise AnswerRefused(_("Only the programme's participants can answer."))
    if round_.programme_id != participant.programme_id or not round_.is_open(now):
        raise AnswerRefused(_("The questionnaire is closed."))
    evaluation = evaluation_for(participant.programme)
    keys = [key for key, _text in statements(evaluation.questionnaire)]
    if set(values) != set(keys) or any(value not in range(1, 6) for value in values.values()):
        raise AnswerRefused(_("Please answer every statement."))
    with transaction.atomic():
        pseudonym, _created = Pseudonym.objects.get_or_create(
            participant=participant, defaults={"programme_id": participant.programme_id, "side": participant.side}
        )
        response, created = Response.objects.select_for_update().get_or_create(
            pseudonym=pseudonym, round=round_, defaults={"answered_at": now}
        )
        if not created:
            response.answered_at = now
            response.save(update_fields=["answered_at"])
            response.answers.all().delete()
        Answer.objects.bulk_create(Answer(response=response, item_key=key, value=values[key]) for key in keys)
    return response


# --- Results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A mean (or a count) and how many answers it rests on; withheld under ``MIN_ANSWERS``."""

    value: float | None
    n: int

    @property
    def withheld(self):
        return self.n < MIN_ANSWERS


@dataclass(frozen=True)
class ItemResult:
    key: uuid.UUID
    text: str
    means: tuple  # (round kind, Figure) in the order of the rounds
    change: object  # stats.Change or None (withheld)
    pairs: int

    def mean(self, kind):
        return dict(self.means).get(kind)


@dataclass(frozen=True)
class SideResult:
    side: str
    label: str
    counts: tuple  # (round kind, Figure of the number of people who answered) in the order of the rounds
    items: list
    pairs: int


@dataclass(frozen=True)
class Results:
    programme: object
    questionnaire: object
    rounds: list
    sides: list
    min_answers: int = MIN_ANSWERS

    @property
    def kinds(self):
        return [one.kind for one in self.rounds]


def count_figure(n):
    return Figure(n if n >= MIN_ANSWERS else None, n)


def results(programme, language=None):
    """Aggregates of the programme's answers per side and statement: means per round, paired change after − before.

    Reads the answers with their pseudonym and side only — never a participant —
    in a fixed number of queries whatever their number.
    """
    evaluation = evaluation_for(programme)
    rounds = sorted(
        Round.objects.filter(programme=programme), key=lambda one: [k for k, _l in RoundKind.choices].index(one.kind)
    )
    if evaluation is None:
        return Results(programme=programme, questionnaire=None, rounds=rounds, sides=[])
    texts = statements(evaluation.questionnaire, language)
    values = defaultdict(dict)  # (side, kind, key) → {pseudonym: value}
    people = defaultdict(set)  # (side, kind) → pseudonyms
    answers = Answer.objects.filter(response__round__programme=programme).values_list(
        "response__pseudonym_id", "response__pseudonym__side", "response__round__kind", "item_key", "value"
    )
    for pseudonym, side, kind, key, value in answers:
        values[side, kind, key][pseudonym] = value
        people[side, kind].add(pseudonym)
    sides = []
    for side, label in SIDE_LABELS.items():
        items = []
        for key, text in texts:
            means = []
            for one in rounds:
                answered = values[side, one.kind, key]
                figure = Figure(mean(answered.values()) if len(answered) >= MIN_ANSWERS else None, len(answered))
                means.append((one.kind, figure))
            before, after = values[side, RoundKind.BEFORE, key], values[side, RoundKind.AFTER, key]
            pairs = [(before[p], after[p]) for p in before.keys() & after.keys()]
            items.append(ItemResult(key=key, text=text, means=tuple(means), change=paired_change(pairs), pairs=len(pairs)))
        before_people, after_people = people[side, RoundKind.BEFORE], people[side, RoundKind.AFTER]
        counts = tuple((one.kind, count_figure(len(people[side, one.kind]))) for one in rounds)
        sides.append(
            SideResult(side=side, label=str(label), counts=counts, items=items, pairs=len(before_people & after_people))
        )
    return Results(programme=programme, questionnaire=evaluation.questionnaire, rounds=rounds, sides=sides)


# --- Personal data -------------------------------------------------------------------------


def export_participant(participant):
    """Subject access: only the day the person answered in each round, never what they answered."""
    responses = Response.objects.filter(pseudonym__participant=participant).select_related("round").order_by("answered_at")
    if not responses:
        return {}
    return {
        "evaluation_questionnaire": [
            {
                "round": str(response.round.get_kind_display()),
                "you_answered_on": timezone.localdate(response.answered_at).isoformat(),
            }
            for response in responses
        ]
    }


def anonymise_participant(participant):
    """Delete the pseudonym and, with it, every answer: nothing of the person's evaluation stays."""
    Pseudonym.objects.filter(participant=participant).delete()
