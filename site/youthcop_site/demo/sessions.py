"""Demo data of sessions: a year of sessions, the past ones held with attendance taken."""

import datetime
import random

from django.utils import timezone

from youthcop.sessions import services
from youthcop.sessions.models import Activity, Session, SessionKind
from youthcop.sessions.services import LAST, Frequency, ScheduleRule

VENUE = {
    "venue_name": "Maison de Quartier Josaphat",
    "venue_address": "Rue Josaphat 120, 1030 Schaerbeek",
    "venue_accessibility": "Step-free entrance; accessible toilet on the ground floor.",
}
WORKSHOP_THEMES = [
    "Getting to know each other",
    "First impressions",
    "Trust and respect",
    "Stop and search: both sides of the story",
    "Our neighbourhood",
    "Conflict without violence",
    "Rumours and social media",
    "Listening",
    "Writing our charter",
    "Adopting our charter",
    "What changed for us",
    "Looking back, looking ahead",
]
WORKSHOP_ACTIVITIES = [
    [Activity.TRUST_GAMES, Activity.SHARED_MEAL],
    [Activity.IMPROVISATION, Activity.SHARED_MEAL],
    [Activity.ROLE_PLAY, Activity.SHARED_MEAL],
]


def year_rules(programme):
    """The demo year: 12 monthly joint workshops and the sessions around them."""
    start = programme.start_date
    end = programme.end_date or start + datetime.timedelta(days=364)
    common = dict(first_date=start, frequency=Frequency.WEEKLY, interval_weeks=13, **VENUE)
    return [
        ScheduleRule(
            kind=SessionKind.JOINT_WORKSHOP, title="Joint workshop", first_date=start, count=12,
            weekday=2, nth=2, start_time=datetime.time(18), end_time=datetime.time(21),
            activities=[Activity.IMPROVISATION, Activity.TRUST_GAMES, Activity.SHARED_MEAL], shared_meal=True, **VENUE,
        ),
        ScheduleRule(
            kind=SessionKind.YOUTH_PREPARATION, title="Youth preparation", count=4, weekday=0,
            start_time=datetime.time(17), end_time=datetime.time(19), **common,
        ),
        ScheduleRule(
            kind=SessionKind.POLICE_BRIEFING, title="Police briefing", count=4, weekday=1,
            start_time=datetime.time(14), end_time=datetime.time(15, 30),
            **{**common, "venue_name": "Police station Brussels-North", "venue_address": "Rue Royale 400, 1030 Schaerbeek"},
        ),
        ScheduleRule(
            kind=SessionKind.INFORMAL_ACTIVITY, title="Football and barbecue", count=2, weekday=5,
            start_time=datetime.time(12), end_time=datetime.time(16),
            activities=[Activity.SPORT, Activity.SHARED_MEAL], shared_meal=True,
            **{**common, "interval_weeks": 22, "first_date": start + datetime.timedelta(days=60)},
        ),
        ScheduleRule(
            kind=SessionKind.STEERING_COMMITTEE, title="Steering committee", count=4, weekday=3,
            start_time=datetime.time(12, 30), end_time=datetime.time(14), **common,
        ),
        ScheduleRule(
            kind=SessionKind.CLOSING_CEREMONY, title="Closing ceremony", count=1, weekday=4, nth=LAST,
            first_date=end - datetime.timedelta(days=27), start_time=datetime.time(18), end_time=datetime.time(22),
            activities=[Activity.SHARED_MEAL], shared_meal=True, **VENUE,
        ),
    ]


def _mark(rng, rate):
    draw = rng.random()
    if draw < rate * 0.9:
        return "present"
    if draw < rate:
        return "late"
    return "excused" if draw < rate + (1 - rate) / 2 else "absent"


def take_demo_attendance(session, rate, seed, by=None):
    rng = random.Random(f"{seed}:{session.kind}:{session.starts_at.isoformat()}")
    marks = {participant.pk: _mark(rng, rate) for participant in services.sheet_participants(session)}
    # Recorded as at the end of the session; the demo tells nobody.
    return services.record_attendance(session, marks, by=by, now=session.ends_at, notify=False)


def plan_year(programme, facilitators, held_until, attendance_rate=0.85, seed=2024):
    """Create a year of sessions for ``programme``; those before ``held_until`` are held with attendance.

    Idempotent: sessions are created once, and attendance is taken only for
    held sessions that have none yet. Returns the programme's sessions.
    """
    facilitators = list(facilitators)
    for number, rule in enumerate(year_rules(programme)):
        created = services.create_schedule(programme, rule, facilitators=facilitators)
        if rule.kind == SessionKind.JOINT_WORKSHOP:
            for index, session in enumerate(created):
                session.title = f"Workshop {index + 1}: {WORKSHOP_THEMES[index % len(WORKSHOP_THEMES)]}"
                session.theme = WORKSHOP_THEMES[index % len(WORKSHOP_THEMES)]
                session.activities = WORKSHOP_ACTIVITIES[index % len(WORKSHOP_ACTIVITIES)]
                session.save(update_fields=["title", "theme", "activities"])
    cutoff = timezone.make_aware(datetime.datetime.combine(held_until, datetime.time.min), services.site_zone())
    to_hold = programme.sessions.filter(starts_at__lt=cutoff, attendance_taken_at__isnull=True).exclude(
        status=Session.Status.CANCELLED
    )
    by = facilitators[0] if facilitators else None
    for session in to_hold.select_related("programme"):
        if session.takes_attendance:
            take_demo_attendance(session, attendance_rate, seed, by=by)
        elif session.status != Session.Status.HELD:
            session.status = Session.Status.HELD
            session.save(update_fields=["status", "updated_at"])
    return programme.sessions.all()


def load(context):
    """A year of sessions for the running demo programme, the past ones held."""
    programme = context.get("programme")
    if programme is None:
        return context
    users = context.get("users", {})
    facilitators = [users[name] for name in ("facilitator1", "facilitator2") if name in users]
    plan_year(programme, facilitators, held_until=timezone.localdate(), seed=6)
    context["sessions"] = programme.sessions.all()
    return context
