"""Planning the year: schedule rules (dateutil's rrule), previews and creating the sessions."""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekdays
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import (
    Activity,
    Session,
)


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
            dates = rrule(MONTHLY, byweekday=nth_weekday, dtstart=self.first_date, count=self.MAX_CANDIDATES)
        return (moment.date() for moment in dates)


@dataclass
class PlannedDate:
    day: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    exists: bool = False
    after_programme_end: bool = False


@dataclass
class SchedulePreview:
    dates: list
    skipped: list

    @property
    def new(self):
        return [planned for planned in self.dates if not planned.exists]


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


def preview_schedule(programme, rule):
    """The dates ``rule`` plans for ``programme``, marking those that already exist. No writes."""
    days, skipped = schedule_dates(rule)
    existing = set(
        programme.sessions.filter(kind=rule.kind, scheduled_on__in=days).values_list("scheduled_on", flat=True)
    )
    dates = [
        PlannedDate(
            day=day,
            starts_at=local_datetime(day, rule.start_time),
            ends_at=_session_end(day, rule),
            exists=day in existing,
            after_programme_end=bool(programme.end_date and day > programme.end_date),
        )
        for day in days
    ]
    return SchedulePreview(dates=dates, skipped=skipped)


def create_schedule(programme, rule, *, by=None, facilitators=()):
    """Create the sessions ``rule`` plans that do not exist yet; return them.

    Running it again creates nothing: each generated session remembers the date
    it was planned for (even after a move), and a unique constraint backs it.
    """
    created = []
    with transaction.atomic():
        for planned in preview_schedule(programme, rule).new:
            try:
                with transaction.atomic():
                    session = Session.objects.create(
                        programme=programme,
                        kind=rule.kind,
                        title=rule.title,
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
        if created:
            log(
                programme,
                "youthcop.schedule.generated",
                user=by,
                data={"kind": rule.kind, "sessions": len(created), "first": str(created[0].starts_at)},
            )
    return created
