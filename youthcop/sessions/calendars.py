"""iCalendar feeds of sessions (RFC 5545), for real calendar apps.

Each session keeps one UID for life, its SEQUENCE grows with every change a
calendar must apply, and a cancelled session stays in the feed with
``STATUS:CANCELLED`` so subscribed calendars remove it. Times are written in
the site's zone with its VTIMEZONE, so they stay right across DST changes.
Nothing personal and no facilitator note is ever written into a feed.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from .models import Session
from .services import site_zone

PRODID = "-//youthcop//Youth programme sessions//EN"
UID_DOMAIN = "youthcop"
REFRESH = datetime.timedelta(hours=6)

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
    if session.shared_meal:
        lines.append(_("A shared meal is served."))
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
    for session in sessions:
        cal.add_component(session_event(session))
    if sessions:
        # Only the DST transitions the sessions need, not decades of them.
        first = min(session.starts_at for session in sessions).date() - datetime.timedelta(days=366)
        last = max(session.ends_at for session in sessions).date() + datetime.timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()
