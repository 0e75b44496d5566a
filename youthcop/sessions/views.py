"""Public calendar feeds: a staff member's secret programme feed, a participant's personal feed.

Calendar apps poll a feed every few hours for every subscriber, so a feed
answers conditional requests (``If-None-Match``, ``If-Modified-Since``) with
Django's ``condition``: its ETag and Last-Modified come from the link's one
lookup and the programme's feed version (``youthcop.core.cache.calendar_feeds``,
bumped whenever a session, a participant or the programme is saved or
deleted), and an unchanged feed answers 304 without reading a session. The
body is cached under the same parts as the ETag (programme, version, whose
feed it is, language, the calendar's name), so a changed feed is rendered
once per change and audience, not per poll: every staff member of a programme
shares one body, every participant of the same side and language another.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

import youthcop
from youthcop.core import tokens
from youthcop.core.cache import calendar_feeds, version
from youthcop.core.ratelimit import bad_links_limited
from youthcop.programmes.models import PersonalLink, ProgrammeStaff
from youthcop.programmes.views import resolve_participant_link
from youthcop.programmes.wording import Wording

from . import calendars, services
from .models import Session, StaffCalendarFeed, kinds_for_side

ICS = "text/calendar; charset=utf-8"
BODY_CACHE_SECONDS = 24 * 3600  # a body no poll asked for in a day is rendered again at the next
STATE_ATTRIBUTE = "_youthcop_calendar_feed"


@dataclass(frozen=True)
class FeedState:
    """What one feed request resolved to: everything its ETag, Last-Modified and body depend on."""

    programme_id: int
    audience: str  # "staff", or the participant's side; "none" while they take part in nothing
    name: str
    version: int
    programme: object = field(default=None, compare=False, repr=False)  # a participant's: what their link read

    @cached_property  # read for the ETag and again for the body: computed once, in the request's language
    def key(self):
        parts = [self.programme_id, self.version, self.audience, translation.get_language(), self.name]
        parts += [youthcop.__version__, calendars.FORMAT, services.site_zone()]
        digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:32]
        return f"youthcop:calendar-feed:{digest}"

    @property
    def etag(self):
        return self.key.rpartition(":")[2]

    @property
    def last_modified(self):
        """The end of the second of the last change (the version, see ``bump_to_now``), or now if sooner.

        HTTP dates count whole seconds: ending the version's second makes a
        change in a later second than a poll's a later date, and a date is
        never in the future. A change within the very second of the last poll
        is told apart by the ETag alone, as HTTP allows.
        """
        end_of_second = datetime.datetime.fromtimestamp(self.version // 10**9 + 1, datetime.UTC)
        return min(end_of_second, timezone.now())

    def sessions(self):
        sessions = Session.objects.filter(programme_id=self.programme_id).order_by("starts_at", "pk")
        if self.audience == "staff":
            return sessions
        if self.audience == "none":
            return sessions.none()  # waiting list or withdrawn: no sessions of theirs
        return sessions.filter(kind__in=kinds_for_side(self.audience))


def _calendar_response(state, filename, render=None):
    """The feed's body, rendered only when no copy of this version, audience and language is cached."""
    content = cache.get(state.key)
    if content is None:
        content = render(state) if render else calendars.sessions_calendar(state.sessions(), state.name)
        cache.set(state.key, content, BODY_CACHE_SECONDS)
    response = HttpResponse(content, content_type=ICS)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _staff_feeds():
    """Staff feeds with what a poll needs of their programme and user, and whether that user is still staff there.

    ``is_staff_there`` is a feed's condition (its owner still staff of the programme,
    ``programmes_visible_to``'s rule) as an annotation, and only the columns
    read are selected, so that a poll costs one small lookup. Built once (a
    queryset is lazy; each lookup filters a copy): building the annotation costs
    as much as running the query.
    """
    membership = ProgrammeStaff.objects.filter(programme=OuterRef("programme_id"), user=OuterRef("user_id"))
    return (
        StaffCalendarFeed.objects.select_related("programme", "user")
        .only("revoked_at", "programme__name", "user__is_active", "user__is_superuser")
        .annotate(is_staff_there=Exists(membership))
    )


STAFF_FEEDS = _staff_feeds()


def _staff_state(request, token):
    state = getattr(request, STATE_ATTRIBUTE, None)
    if state is None:
        feed = tokens.resolve_or_404(request, STAFF_FEEDS, token)
        user = feed.user
        if not (user.is_active and (user.is_superuser or feed.is_staff_there)):
            raise Http404
        programme = feed.programme
        state = FeedState(programme.pk, "staff", programme.name, version(calendar_feeds(programme.pk)))
        setattr(request, STATE_ATTRIBUTE, state)
    return state


PARTICIPANT_LINKS = (
    PersonalLink.objects.filter(purpose=PersonalLink.Purpose.PARTICIPANT)
    .select_related("participant__programme")
    .only(
        *["selector", "token_hash", "purpose", "revoked_at", "expires_at"],  # opening it, ``is_live``
        *["participant__side", "participant__status", "participant__preferred_language"],
        *["participant__programme__name", "participant__programme__end_date"],
    )
)  # ``resolve_participant_link``'s lookup without what only the participant's page shows: half its CPU


def _participant_state(request, token):
    state = getattr(request, STATE_ATTRIBUTE, None)
    if state is None:
        participant = resolve_participant_link(request, token, queryset=PARTICIPANT_LINKS).participant
        programme = participant.programme
        audience = participant.side if services.takes_part(participant) else "none"
        name = _("%(programme)s — my sessions") % {"programme": programme.name}
        state = FeedState(programme.pk, audience, name, version(calendar_feeds(programme.pk)), programme)
        setattr(request, STATE_ATTRIBUTE, state)
    return state


def _participant_calendar(state):
    """A participant's feed in their language (or the one asked for): the programme's name and the sessions'
    titles, themes and venue texts as translated, the original where not. A published translation moves the
    feeds' version (signal_handlers), so this runs once per change, audience and language."""
    wording = Wording(state.programme, translation.get_language())
    name = _("%(programme)s — my sessions") % {"programme": wording.programme_name}
    return calendars.sessions_calendar(wording.sessions(state.sessions()), name)


def conditional_feed(resolve):
    """``condition`` with the ETag and Last-Modified of the feed ``resolve(request, token)`` finds."""
    return condition(
        etag_func=lambda request, token: resolve(request, token).etag,
        last_modified_func=lambda request, token: resolve(request, token).last_modified,
    )


# Private (a secret URL), and revalidated at every poll: no-cache, not no-store, so clients keep the ETag.
feed_cache_control = cache_control(private=True, no_cache=True, max_age=0)


@feed_cache_control
@bad_links_limited
@conditional_feed(_staff_state)
def staff_feed(request, token):
    """All sessions of a programme, for its staff, behind a secret URL (only its hash is stored)."""
    return _calendar_response(_staff_state(request, token), "sessions.ics")


@feed_cache_control
@bad_links_limited
@conditional_feed(_participant_state)
def participant_feed(request, token):
    """The sessions of a participant's kind, through their personal link."""
    return _calendar_response(_participant_state(request, token), "my-sessions.ics", _participant_calendar)
