"""iCalendar feeds of sessions (RFC 5545), for real calendar apps.

Each session keeps one UID for life, its SEQUENCE grows with every change a
calendar must apply, and a cancelled session stays in the feed with
``STATUS:CANCELLED`` so subscribed calendars remove it. Times are written in
the site's zone with its VTIMEZONE, so they stay right across DST changes;
the VTIMEZONE uses yearly RRULEs, which every common client reads.
Nothing personal and no facilitator note is ever written into a feed.
"""

import datetime

from dateutil.relativedelta import relativedelta
from dateutil.rrule import weekdays
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration

from .models import Session
from .services import site_zone

PRODID = "-//youthcop//Youth programme sessions//EN"
UID_DOMAIN = "youthcop"
REFRESH = datetime.timedelta(hours=6)
FORMAT = 2  # part of the feeds' ETags and cache keys: raise it when what a feed says for the same data changes

ICAL_STATUS = {
    Session.Status.PLANNED: "CONFIRMED",
    Session.Status.MOVED: "CONFIRMED",
    Session.Status.HELD: "CONFIRMED",
    Session.Status.CANCELLED: "CANCELLED",
}


def session_uid(session):
    return f"{session.uid}@{UID_DOMAIN}"


def _location(session):
    return ", ".join(part for part in [session.venue_name, " ".join(session.venue_address.split())] if part)


def _description(session):
    lines = [session.get_kind_display()]
    if session.theme:
        lines.append(_("Theme: %(theme)s") % {"theme": session.theme})
    if session.activities:
        lines.append(_("Activities: %(list)s") % {"list": ", ".join(str(label) for label in session.activity_labels())})
    if session.shared_meal and session.status != Session.Status.CANCELLED:  # no meal at a cancelled session
        lines.append(_("A shared meal is served."))
    if session.venue_directions and session.status != Session.Status.CANCELLED:
        lines.append(_("How to get there: %(directions)s") % {"directions": session.venue_directions})
    if session.venue_accessibility:
        lines.append(_("Access: %(notes)s") % {"notes": session.venue_accessibility})
    if session.status == Session.Status.CANCELLED:
        lines.insert(0, _("This session is cancelled."))
    return "\n".join(lines)


def session_event(session):
    zone = site_zone()
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", session.updated_at.astimezone(datetime.UTC))
    event.add("created", session.created_at.astimezone(datetime.UTC))
    event.add("last-modified", session.updated_at.astimezone(datetime.UTC))
    event.add("sequence", session.sequence)
    event.add("dtstart", timezone.localtime(session.starts_at, zone))
    event.add("dtend", timezone.localtime(session.ends_at, zone))
    summary = session.title
    if session.status == Session.Status.CANCELLED:
        summary = _("Cancelled: %(title)s") % {"title": session.title}
    event.add("summary", summary)
    event.add("status", ICAL_STATUS[session.status])
    event.add("categories", [str(session.get_kind_display())])
    event.add("transp", "TRANSPARENT" if session.status == Session.Status.CANCELLED else "OPAQUE")
    if location := _location(session):
        event.add("location", location)
    event.add("description", _description(session))
    return event


def sessions_calendar(sessions, name):
    """An iCalendar (bytes) of ``sessions`` named ``name``."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(site_zone()))
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))  # Outlook's refresh hint: a DURATION, "PT6H"
    sessions = list(sessions)
    if sessions:
        # Only the DST rules the sessions need, not decades of them; before the events that use it.
        first = min(session.starts_at for session in sessions).date() - datetime.timedelta(days=366)
        last = max(session.ends_at for session in sessions).date() + datetime.timedelta(days=366)
        cal.add_component(vtimezone(site_zone(), first, last))
    for session in sessions:
        cal.add_component(session_event(session))
    return cal.to_ical()


# --- VTIMEZONE -----------------------------------------------------------------
#
# One STANDARD or DAYLIGHT component per run of yearly transitions, with an RRULE
# (FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU), as the tz database's own VTIMEZONE exports
# write them. A list of transitions on one RDATE line is valid iCalendar, but
# vobject (and, by reports, Outlook) reads only its first date: sessions after
# the third clock change then came out an hour off.

_ICAL_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _transitions(zone, start, end):
    """``(utc_instant, offset_before, offset_after)`` of every offset change of ``zone`` in [start, end)."""

    def offset(instant):
        return instant.astimezone(zone).utcoffset()

    found = []
    step = datetime.timedelta(days=1)
    low = start
    while low < end:
        high = min(low + step, end)
        if offset(low) != offset(high):
            lo, hi = low, high  # offset(lo) != offset(hi): narrow down to the second
            while hi - lo > datetime.timedelta(seconds=1):
                middle = lo + (hi - lo) / 2
                middle = middle.replace(microsecond=0)
                if middle <= lo:
                    break
                if offset(middle) == offset(lo):
                    lo = middle
                else:
                    hi = middle
            found.append((hi, offset(lo), offset(hi)))
        low = high
    return found


def _weekday_rule(local):
    """``(month, position, weekday)``: position -1 for the month's last such weekday, else 1..4."""
    last_of_month = local.date() + relativedelta(day=31)
    position = -1 if local.day + 7 > last_of_month.day else (local.day - 1) // 7 + 1
    return ("weekday", local.month, position, local.weekday(), local.time())


def _monthday_rule(local):
    return ("monthday", local.month, local.day, local.time())


def _occurrence(rule, year):
    """The local datetime ``rule`` gives in ``year``."""
    if rule[0] == "monthday":
        _, month, day, time = rule
        try:
            return datetime.datetime.combine(datetime.date(year, month, day), time)
        except ValueError:  # 29 February
            return None
    _, month, position, weekday, time = rule
    # From the 1st forwards to the position-th such weekday, or from the month's last day back to the last one.
    start_day = 31 if position == -1 else 1
    day = datetime.date(year, month, 1) + relativedelta(day=start_day, weekday=weekdays[weekday](position))
    return datetime.datetime.combine(day, time)


def _rrule(rule, until=None):
    if rule[0] == "monthday":
        value = {"FREQ": "YEARLY", "BYMONTH": rule[1], "BYMONTHDAY": rule[2]}
    else:
        value = {"FREQ": "YEARLY", "BYMONTH": rule[1], "BYDAY": f"{rule[2]}{_ICAL_WEEKDAYS[rule[3]]}"}
    if until is not None:
        value["UNTIL"] = until
    return value


def _observance(kind_of, local_start, offset_from, offset_to, name, rule=None, until=None):
    component = kind_of()
    component.add("dtstart", local_start)
    component.add("tzoffsetfrom", offset_from)
    component.add("tzoffsetto", offset_to)
    if name:
        component.add("tzname", name)
    if rule is not None:
        component.add("rrule", _rrule(rule, until))
    return component


def vtimezone(zone, first_date, last_date):
    """A VTIMEZONE of ``zone`` right for every instant from ``first_date`` to ``last_date``.

    Transitions that recur yearly (the same month, weekday position and local
    time, or the same day of the month) become one observance with an RRULE;
    the last run of each kind is open-ended when the window ends before its next
    date, else it carries an UNTIL (in UTC, as RFC 5545 requires). A transition
    that fits no rule is an observance of its own with a single DTSTART. When no
    transition falls in the window's first year, an observance at its start
    gives the offset of the time before the first change.
    """
    start = datetime.datetime.combine(first_date, datetime.time(), tzinfo=datetime.UTC)
    end = datetime.datetime.combine(last_date, datetime.time(), tzinfo=datetime.UTC)
    tz = Timezone()
    tz.add("tzid", str(zone))

    def after(instant):
        return instant.astimezone(zone)

    transitions = _transitions(zone, start, end)
    if not transitions or transitions[0][0] - start > datetime.timedelta(days=366):
        local = after(start)
        tz.add_component(
            _observance(
                TimezoneStandard, local.replace(tzinfo=None), local.utcoffset(), local.utcoffset(), local.tzname()
            )
        )

    # Group the transitions by what they change to, then cut each group into yearly runs.
    kinds = {}
    for instant, before, now in transitions:
        key = (before, now, after(instant).tzname())
        local = (instant + before).replace(tzinfo=None)  # DTSTART is the wall clock before the change
        kinds.setdefault(key, []).append((instant, local))
    observances = []
    for (before, now, name), changes in kinds.items():
        # DAYLIGHT when the clocks go forward, as clients assume (a zone with negative DST in
        # the tz database, like Dublin's or Casablanca's, would otherwise fall back into a
        # DAYLIGHT observance, and dateutil-based readers then misplace the repeated hour).
        kind_of = TimezoneDaylight if now > before else TimezoneStandard
        index = 0
        while index < len(changes):
            instant, local = changes[index]
            rule = None
            run = [changes[index]]
            if index + 1 < len(changes):
                for candidate in (_weekday_rule(local), _monthday_rule(local)):
                    if _occurrence(candidate, local.year + 1) == changes[index + 1][1]:
                        rule = candidate
                        break
            if rule is not None:
                while index + len(run) < len(changes) and changes[index + len(run)][1] == _occurrence(
                    rule, run[-1][1].year + 1
                ):
                    run.append(changes[index + len(run)])
            until = None
            if rule is not None:
                following = _occurrence(rule, run[-1][1].year + 1)
                if following is None or following - before < end.replace(tzinfo=None):
                    # The run stops inside the window. UNTIL is inclusive and in UTC; a day past
                    # the last change, so that readers that compare it with the local DTSTART
                    # (icalendar, vobject) keep that change too, and no later one comes near it.
                    until = run[-1][0] + datetime.timedelta(days=1)
            observances.append((local, _observance(kind_of, local, before, now, name, rule, until)))
            index += len(run)
    for _local, observance in sorted(observances, key=lambda pair: pair[0]):
        tz.add_component(observance)
    return tz
