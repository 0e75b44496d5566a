"""Planning the year: schedule rules (dateutil's rrule), previews and creating the sessions."""

import datetime
from dataclasses import dataclass, field, replace

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekdays
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from ..models import (
    Activity,
    Session,
    SessionKind,
)

# The kinds the year planner plans, in the order its sections show them.
PLANNED_KINDS = (
    SessionKind.JOINT_WORKSHOP,
    SessionKind.YOUTH_PREPARATION,
    SessionKind.POLICE_BRIEFING,
    SessionKind.STEERING_COMMITTEE,
)

# The numbered titles' stem: "Workshop 3", "Youth preparation 2"…
NUMBERED_TITLES = {
    SessionKind.JOINT_WORKSHOP: _("Workshop"),
    SessionKind.YOUTH_PREPARATION: _("Youth preparation"),
    SessionKind.POLICE_BRIEFING: _("Police briefing"),
    SessionKind.STEERING_COMMITTEE: _("Steering committee"),
}


def site_zone():
    """The site's time zone (settings.TIME_ZONE, Europe/Brussels), whatever zone is active."""
    return timezone.get_default_timezone()


def local_datetime(day, time):
    """``day`` at wall-clock ``time`` in the site's zone, as an aware datetime (right across DST)."""
    return datetime.datetime.combine(day, time, tzinfo=site_zone())




class Frequency:
    MONTHLY = "monthly"  # the nth weekday of each month
    WEEKLY = "weekly"  # every ``interval`` weeks on a weekday


LAST = -1


@dataclass
class ScheduleRule:
    """What the schedule generator plans: e.g. 12 joint workshops, 2nd Wednesday, 18:00–21:00."""

    kind: str
    title: str
    first_date: datetime.date
    count: int
    weekday: int
    start_time: datetime.time
    end_time: datetime.time
    frequency: str = Frequency.MONTHLY
    nth: int = 1
    interval_weeks: int = 1
    interval_months: int = 1
    # "Workshop 3": ``title`` followed by the session's number among its programme's sessions of its kind.
    numbered: bool = False
    skip_dates: frozenset = frozenset()
    theme: str = ""
    venue_name: str = ""
    venue_address: str = ""
    venue_accessibility: str = ""
    activities: list = field(default_factory=list)
    shared_meal: bool = False

    # A rule that never matches must still stop (e.g. only skipped dates).
    MAX_CANDIDATES = 600

    def candidate_dates(self):
        """Every date the rule matches from ``first_date`` on, skipped ones included."""
        if self.frequency == Frequency.WEEKLY:
            # Counted from the first matching day, not from the week of ``first_date``.
            first = self.first_date + relativedelta(weekday=weekdays[self.weekday])
            dates = rrule(WEEKLY, interval=max(1, self.interval_weeks), dtstart=first, count=self.MAX_CANDIDATES)
        else:
            # A month without a fifth such weekday has no session (RRULE BYDAY=5WE).
            nth_weekday = weekdays[self.weekday](self.nth)
            dates = rrule(
                MONTHLY,
                interval=max(1, self.interval_months),
                byweekday=nth_weekday,
                dtstart=self.first_date,
                count=self.MAX_CANDIDATES,
            )
        return (moment.date() for moment in dates)


@dataclass
class PlannedDate:
    day: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    exists: bool = False
    title: str = ""


@dataclass
class SchedulePreview:
    """What a rule plans within its programme: the dates, the skipped ones, and how many did not fit."""

    rule: ScheduleRule
    dates: list
    skipped: list
    # Asked for but past the programme's end: never created.
    beyond_end: int = 0
    # The first date asked for lay before the programme's start: planning starts on its first day.
    starts_at_programme_start: bool = False

    @property
    def new(self):
        return [planned for planned in self.dates if not planned.exists]

    @property
    def kind_label(self):
        return SessionKind(self.rule.kind).label


def schedule_dates(rule):
    """The first ``rule.count`` matching dates that are not skipped, and the skipped ones passed over."""
    dates, skipped = [], []
    for day in rule.candidate_dates():
        if len(dates) >= rule.count:
            break
        if day in rule.skip_dates:
            skipped.append(day)
        else:
            dates.append(day)
    return dates, skipped


def _session_end(day, rule):
    end_day = day if rule.end_time > rule.start_time else day + datetime.timedelta(days=1)
    return local_datetime(end_day, rule.end_time)


def within_programme(programme, rule):
    """``rule`` starting no earlier than ``programme``'s first day (nothing planned before it is lost)."""
    if programme.start_date and rule.first_date < programme.start_date:
        return replace(rule, first_date=programme.start_date)
    return rule


def dates_fitting(programme, rule):
    """How many dates ``rule`` finds between its first date and the programme's end: the planner's default count."""
    days, _skipped = schedule_dates(replace(within_programme(programme, rule), count=rule.MAX_CANDIDATES))
    return sum(1 for day in days if not programme.end_date or day <= programme.end_date)


def _sessions_of_kind(programme):
    counts = programme.sessions.values("kind").annotate(n=Count("pk")).order_by()
    return {row["kind"]: row["n"] for row in counts}


def preview_schedule(programme, rule, *, numbered_from=None):
    """The dates ``rule`` plans for ``programme``, marking those that already exist. No writes.

    Dates before the programme's start are never planned (the rule starts on its
    first day instead) and dates after its end are dropped and counted in
    ``beyond_end``. Numbered titles continue after the programme's sessions of the
    rule's kind (``numbered_from``: their count, when the caller has it already).
    """
    bounded = within_programme(programme, rule)
    days, skipped = schedule_dates(bounded)
    end = programme.end_date
    fitting = [day for day in days if not end or day <= end]
    skipped = [day for day in skipped if not end or day <= end]
    existing = set(
        programme.sessions.filter(kind=rule.kind, scheduled_on__in=fitting).values_list("scheduled_on", flat=True)
    )
    number = _sessions_of_kind(programme).get(rule.kind, 0) if numbered_from is None else numbered_from
    dates = []
    for day in fitting:
        planned = PlannedDate(
            day=day,
            starts_at=local_datetime(day, rule.start_time),
            ends_at=_session_end(day, rule),
            exists=day in existing,
            title=rule.title,
        )
        if not planned.exists and rule.numbered:
            number += 1
            planned.title = f"{rule.title} {number}"
        dates.append(planned)
    return SchedulePreview(
        rule=rule,
        dates=dates,
        skipped=skipped,
        beyond_end=len(days) - len(fitting),
        starts_at_programme_start=bounded is not rule,
    )


def preview_plan(programme, rules):
    """One preview per rule of a planning pass (one query for the numbering, one per rule)."""
    counts = _sessions_of_kind(programme)
    return [preview_schedule(programme, rule, numbered_from=counts.get(rule.kind, 0)) for rule in rules]


def create_schedule(programme, rule, *, by=None, facilitators=()):
    """Create the sessions ``rule`` plans that do not exist yet; return them (see ``create_plan``)."""
    return create_plan(programme, [rule], by=by, facilitators=facilitators)


def create_plan(programme, rules, *, by=None, facilitators=()):
    """Create the sessions ``rules`` plan that do not exist yet, in one pass; return them.

    Running it again creates nothing: each generated session remembers the date
    it was planned for (even after a move), and a unique constraint backs it.
    Nothing is created before the programme's start or after its end. One
    ``youthcop.schedule.generated`` entry records the pass.
    """
    created = []
    with transaction.atomic():
        for preview in preview_plan(programme, rules):
            created += _create_planned(programme, preview, facilitators)
        if created:
            per_kind = {}
            for session in created:
                per_kind[session.kind] = per_kind.get(session.kind, 0) + 1
            log(
                programme,
                "youthcop.schedule.generated",
                user=by,
                data={"kinds": per_kind, "sessions": len(created), "first": str(created[0].starts_at)},
            )
    return created


def _create_planned(programme, preview, facilitators):
    rule, created = preview.rule, []
    for planned in preview.new:
        try:
            with transaction.atomic():
                session = Session.objects.create(
                    programme=programme,
                    kind=rule.kind,
                    title=planned.title,
                    theme=rule.theme,
                    starts_at=planned.starts_at,
                    ends_at=planned.ends_at,
                    venue_name=rule.venue_name,
                    venue_address=rule.venue_address,
                    venue_accessibility=rule.venue_accessibility,
                    activities=list(rule.activities),
                    shared_meal=rule.shared_meal or Activity.SHARED_MEAL in rule.activities,
                    scheduled_on=planned.day,
                )
        except IntegrityError:  # created meanwhile by another run
            continue
        if facilitators:
            session.facilitators.set(facilitators)
        created.append(session)
    return created
