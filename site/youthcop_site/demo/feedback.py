"""Demo data of feedback: participants' ratings of the held joint workshops, and a few "I can't come".

Ratings go through ``youthcop.feedback.services.rate`` at the time each
workshop's window was open (an hour after it ended), by most of those who
attended; the means rise over the year, the officers' a little slower, so the
programme overview's trend shows something. Comments are in each person's
language when the demo has a line in it. Running it again changes nothing.
"""

import datetime
import random

from django.utils import timezone

from youthcop.feedback import services
from youthcop.feedback.models import Rating
from youthcop.programmes.models import Side
from youthcop.sessions import services as session_services
from youthcop.sessions.models import Attendance, Session, SessionKind

ANSWERING = 0.85  # of those who attended
COMMENTS = {
    "en": [
        "The role play made me see the other side.",
        "Too much talking at the start, the games were great.",
        "Good food, good atmosphere.",
        "I felt listened to tonight.",
        "Could we have more time in small groups?",
        "Hard evening, but honest.",
    ],
    "fr": [
        "Le jeu de rôle m'a fait voir l'autre côté.",
        "Trop de blabla au début, les jeux étaient super.",
        "Bon repas, bonne ambiance.",
        "Je me suis senti écouté ce soir.",
    ],
    "nl": [
        "Het rollenspel liet me de andere kant zien.",
        "Lekker eten, goede sfeer.",
        "Ik voelde me gehoord vanavond.",
    ],
    "de": ["Das Rollenspiel hat mir die andere Seite gezeigt.", "Gutes Essen, gute Stimmung."],
}


def _score(rng, index, count, side):
    """Around 2.8 at the first workshop, around 4.3 at the last; officers start a little lower, catch up later."""
    progress = index / max(1, count - 1)
    centre = 2.8 + 1.5 * progress - (0.3 * (1 - progress) if side == Side.POLICE else 0)
    return max(1, min(5, round(rng.gauss(centre, 0.8))))


def rate_held_workshops(programme, seed=15):
    """Most attendees of each held joint workshop rate it, with a line from some."""
    workshops = list(
        programme.sessions.filter(kind=SessionKind.JOINT_WORKSHOP, status=Session.Status.HELD).order_by("starts_at")
    )
    attended = Attendance.objects.filter(session__in=workshops, status__in=Attendance.ATTENDED).select_related(
        "participant"
    )
    by_session = {}
    for record in attended.order_by("participant_id"):
        by_session.setdefault(record.session_id, []).append(record.participant)
    for index, session in enumerate(workshops):
        rng = random.Random(f"{seed}:{session.pk}")
        for participant in by_session.get(session.pk, []):
            if rng.random() > ANSWERING or not session_services.takes_part(participant):
                continue
            lines = COMMENTS.get(participant.preferred_language) or COMMENTS["en"]
            comment = rng.choice(lines) if rng.random() < 0.3 else ""
            score = _score(rng, index, len(workshops), participant.side)
            services.rate(session, participant, score, comment, now=session.ends_at + datetime.timedelta(hours=1))
    return Rating.objects.filter(session__programme=programme).count()


def some_cannot_come(programme, seed=15):
    """Two or three people of the group said they cannot come to each of the next two joint workshops."""
    coming = list(
        programme.sessions.filter(kind=SessionKind.JOINT_WORKSHOP, starts_at__gt=timezone.now())
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at")[:2]
    )
    excused = 0
    for session in coming:
        rng = random.Random(f"{seed}:excused:{session.pk}")
        people = list(session_services.expected_participants(session).order_by("pk"))
        for participant in rng.sample(people, min(len(people), rng.choice([2, 3]))):
            _record, changed = session_services.excuse_in_advance(session, participant)
            excused += changed
    return excused


def load(context):
    """Ratings of the running demo programme's held workshops, and some "I can't come" for the next ones."""
    programme = context.get("programme")
    if programme is None or Rating.objects.filter(session__programme=programme).exists():
        return context  # loaded before (the group has changed since: someone moved away)
    rate_held_workshops(programme)
    some_cannot_come(programme)
    return context
