"""The rules of session feedback and "I can't come".

Participants rate a joint workshop once it is over, for ``RATING_DAYS`` days;
staff see each side's ratings only as counts, a mean and the comments, never
with a name, and nothing resting on fewer than ``MINIMUM_ANSWERS`` ratings
(see ``youthcop.feedback.models`` for why a rating keeps its participant).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from youthcop.programmes.models import ProgrammeStaff, Side
from youthcop.programmes.permissions import programmes_managed_by
from youthcop.sessions import services as session_services
from youthcop.sessions.models import Attendance, Session, SessionKind

from .models import COMMENT_LENGTH, Rating, Score

RATING_DAYS = 3
MINIMUM_ANSWERS = 5
# How long after its window closed a workshop still shows on the participant's page, saying it closed.
CLOSED_SHOWN_DAYS = 7
SIDES = ((Side.YOUTH, gettext_lazy("Young people")), (Side.POLICE, gettext_lazy("Police officers")))


class RatingError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


# --- The window ----------------------------------------------------------------------------------


def rating_window():
    return datetime.timedelta(days=RATING_DAYS)


def rating_closes_at(session):
    return session.ends_at + rating_window()


def is_rated_kind(session):
    """Joint workshops are rated, unless cancelled."""
    return session.kind == SessionKind.JOINT_WORKSHOP and session.status != Session.Status.CANCELLED


def _took_part(session, mark):
    """Whether a participant expected at ``session`` with attendance ``mark`` was there (as far as is known)."""
    if mark in (Attendance.Status.ABSENT, Attendance.Status.EXCUSED):
        return False
    return mark in Attendance.ATTENDED or not session.attendance_taken_at


def _local_date(moment):
    return formats.date_format(timezone.localtime(moment, session_services.site_zone()), "DATE_FORMAT")


def closed_message(session):
    return _(
        "Ratings for this workshop closed on %(date)s: a workshop can be rated during the %(days)s days after it ends."
    ) % {"date": _local_date(rating_closes_at(session)), "days": RATING_DAYS}


def check_may_rate(session, participant, now=None):
    """Raise ``RatingError`` unless ``participant`` may rate ``session`` now."""
    now = now or timezone.now()
    if not is_rated_kind(session):
        raise RatingError(_("Only joint workshops that took place can be rated."))
    expected = (
        session.programme_id == participant.programme_id
        and session_services.takes_part(participant)
        and participant.side in session.expected_sides
    )
    if not expected:
        raise RatingError(_("You were not expected at this workshop."))
    if now < session.ends_at:
        raise RatingError(_("You can rate this workshop once it is over."))
    if now > rating_closes_at(session):
        raise RatingError(closed_message(session))
    mark = Attendance.objects.filter(session=session, participant=participant).values_list("status", flat=True).first()
    if not _took_part(session, mark):
        raise RatingError(_("Only those who took part in a workshop rate it."))


def clean_comment(text):
    """One line, at most ``COMMENT_LENGTH`` characters."""
    return " ".join((text or "").split())[:COMMENT_LENGTH]


def rate(session, participant, score, comment="", *, now=None):
    """Record (or change, within the window) ``participant``'s rating of ``session``. Returns ``(rating, created)``.

    No audit entry: one naming who rated would let staff match people to
    scores (see ``youthcop.feedback.models``).
    """
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if score not in Score.values:
        raise RatingError(_("Choose one of the five answers."))
    check_may_rate(session, participant, now)
    values = {"side": participant.side, "score": score, "comment": clean_comment(comment), "rated_at": now or timezone.now()}
    try:
        with transaction.atomic():
            return Rating.objects.update_or_create(session=session, participant=participant, defaults=values)
    except IntegrityError:  # two taps at once: the other one created it
        return Rating.objects.update_or_create(session=session, participant=participant, defaults=values)


def rating_of(session, participant):
    return Rating.objects.filter(session=session, participant=participant).first()


# --- The participant's page ----------------------------------------------------------------------


def _workshops_of(participant, now):
    """Joint workshops of ``participant``'s kind that ended since the oldest window we still show, or end
    later, with their rating and attendance mark. One query."""
    mine = Rating.objects.filter(session=OuterRef("pk"), participant=participant)
    mark = Attendance.objects.filter(session=OuterRef("pk"), participant=participant)
    since = now - rating_window() - datetime.timedelta(days=CLOSED_SHOWN_DAYS)
    return (
        session_services.sessions_expected_for(participant)
        .filter(kind=SessionKind.JOINT_WORKSHOP, ends_at__gte=since)
        .exclude(status=Session.Status.CANCELLED)
        .annotate(
            my_score=Subquery(mine.values("score")[:1]),
            my_comment=Subquery(mine.values("comment")[:1]),
            my_mark=Subquery(mark.values("status")[:1]),
        )
        .order_by("-ends_at", "-pk")
    )


@dataclass
class ToRate:
    session: Session
    score: int | None
    comment: str
    closes_at: datetime.datetime
    is_open: bool

    @property
    def score_label(self):
        return Score(self.score).label if self.score else ""


def workshops_to_rate(participant, now=None):
    """What the participant's page shows: workshops open for their rating, and those closed lately (one query)."""
    return rating_card(participant, now)[0]


def rating_card(participant, now=None):
    """``(workshops_to_rate, when that list changes with time alone or None)``, in one query: the next
    workshop's end (it may be rated then), a rating's close, a closed one's leaving the list."""
    now = now or timezone.now()
    if not session_services.takes_part(participant):
        return [], None
    rows, changes = [], []
    for session in _workshops_of(participant, now):
        if session.ends_at > now:
            changes.append(session.ends_at)
            continue
        if not _took_part(session, session.my_mark):
            continue
        closes_at = rating_closes_at(session)
        rows.append(ToRate(session, session.my_score, session.my_comment or "", closes_at, now <= closes_at))
        changes.append(closes_at if now <= closes_at else closes_at + datetime.timedelta(days=CLOSED_SHOWN_DAYS))
    return rows, min(changes, default=None)


# --- What staff see --------------------------------------------------------------------------------


def may_see_feedback(user, programme):
    """Those who run the programme (its coordinators and facilitators) and superusers, as for its reports."""
    return programmes_managed_by(user).filter(pk=programme.pk).exists()


@dataclass
class SideFeedback:
    side: str
    label: str
    count: int = 0
    steps: list = field(default_factory=list)  # [(Score, count)]
    comments: list = field(default_factory=list)
    total: int = 0

    @property
    def withheld(self):
        """Fewer than ``MINIMUM_ANSWERS`` ratings: no figure and no comment is shown (nor the exact number)."""
        return self.count < MINIMUM_ANSWERS

    @property
    def mean(self):
        return round(self.total / self.count, 1) if self.count and not self.withheld else None


def session_feedback(session):
    """Each side's ratings of ``session``: counts per step, mean and comments, without who gave them. One query.

    Comments are listed by score and text, not in the order they came in.
    """
    by_side = {side: SideFeedback(side, label) for side, label in SIDES}
    counts = defaultdict(lambda: defaultdict(int))
    for side, score, comment in Rating.objects.filter(session=session).values_list("side", "score", "comment"):
        one = by_side.get(side)
        if one is None:
            continue
        one.count += 1
        one.total += score
        counts[side][score] += 1
        if comment:
            one.comments.append((score, comment))
    for side, one in by_side.items():
        if one.withheld:
            one.comments, one.total = [], 0
            continue
        one.steps = [(score, counts[side][score.value]) for score in Score]
        one.comments = [comment for _score, comment in sorted(one.comments, key=lambda c: (-c[0], c[1].casefold()))]
    return [by_side[side] for side, _label in SIDES]


@dataclass
class WorkshopTrend:
    session: Session
    means: dict  # side → mean or None when withheld
    enough: dict  # side → whether there are enough answers


def programme_trend(programme, now=None):
    """The year's rated workshops (over, not cancelled) with each side's mean, withheld under the threshold. Two queries."""
    now = now or timezone.now()
    sessions = list(
        programme.sessions.filter(kind=SessionKind.JOINT_WORKSHOP, ends_at__lte=now)
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )
    figures = {
        (row["session_id"], row["side"]): row
        for row in Rating.objects.filter(session__in=sessions)
        .values("session_id", "side")
        .annotate(n=Count("pk"), mean=Avg("score"))
        .order_by()
    }
    trend = []
    for session in sessions:
        means, enough = {}, {}
        for side, _label in SIDES:
            row = figures.get((session.pk, side))
            enough[side] = bool(row and row["n"] >= MINIMUM_ANSWERS)
            means[side] = round(row["mean"], 1) if enough[side] else None
        trend.append(WorkshopTrend(session, means, enough))
    return trend


# --- "I can't come" ------------------------------------------------------------------------------------


def facilitators_to_tell(session):
    """The session's facilitators; when it names none, the programme's facilitators."""
    users = list(session.facilitators.filter(is_active=True))
    if users:
        return users
    return [
        staff.user
        for staff in ProgrammeStaff.objects.filter(
            programme_id=session.programme_id, role=ProgrammeStaff.Role.FACILITATOR, user__is_active=True
        ).select_related("user")
    ]


def staff_language(user):
    """The language a staff member chose in the admin, or None (then the site's)."""
    profile = getattr(user, "wagtail_userprofile", None)
    return getattr(profile, "preferred_language", "") or None


# --- Personal data ------------------------------------------------------------------------------------


def export_participant_ratings(participant):
    """What ``participant`` rated: their own ratings and comments, for a data export."""
    ratings = participant.session_ratings.select_related("session").order_by("session__starts_at", "pk")
    return [
        {
            "session": rating.session.title,
            "session_starts_at": rating.session.starts_at.isoformat(),
            "side": rating.side,
            "rating": rating.score,
            "rating_label": str(rating.get_score_display()),
            "comment": rating.comment,
            "rated_at": rating.rated_at.isoformat(),
        }
        for rating in ratings
    ]


def anonymise_participant_ratings(participant):
    """Cut the ratings' link to ``participant`` and remove their comments; the scores stay, for the year's figures."""
    return participant.session_ratings.update(participant=None, comment="")
