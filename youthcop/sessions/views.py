"""Public calendar feeds: a staff member's secret programme feed, a participant's personal feed."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from youthcop.core import tokens
from youthcop.core.ratelimit import bad_links_limited
from youthcop.programmes.views import resolve_participant_link

from . import calendars, services
from .models import Session, StaffCalendarFeed

ICS = "text/calendar; charset=utf-8"


def _calendar_response(content, filename):
    response = HttpResponse(content, content_type=ICS)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@bad_links_limited
def staff_feed(request, token):
    """All sessions of a programme, for its staff, behind a secret URL (only its hash is stored)."""
    feed = tokens.resolve_or_404(request, StaffCalendarFeed.objects.select_related("programme", "user"), token)
    if not services.feed_still_allowed(feed):
        raise Http404
    programme = feed.programme
    sessions = Session.objects.filter(programme=programme).order_by("starts_at", "pk")
    return _calendar_response(calendars.sessions_calendar(sessions, programme.name), "sessions.ics")


@never_cache
@bad_links_limited
def participant_feed(request, token):
    """The sessions of a participant's kind, through their personal link."""
    participant = resolve_participant_link(request, token).participant
    sessions = services.sessions_expected_for(participant).order_by("starts_at", "pk")
    if not services.takes_part(participant):
        sessions = sessions.none()  # waiting list or withdrawn: no sessions of theirs
    name = _("%(programme)s — my sessions") % {"programme": participant.programme.name}
    return _calendar_response(calendars.sessions_calendar(sessions, name), "my-sessions.ics")
