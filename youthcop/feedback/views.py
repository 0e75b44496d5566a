"""Personal-link actions of the participant's page: rate a workshop, say "I can't come" (or take it back).

Every view resolves the link with ``resolve_participant_link`` (an unknown,
revoked or expired link answers the same 404, too many bad links 429) and
answers by going back to the participant's page, where a message says what
happened.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from youthcop.core.ratelimit import bad_links_limited
from youthcop.core.tasks import enqueue_on_commit
from youthcop.programmes.services import participant_page_url
from youthcop.programmes.views import resolve_participant_link
from youthcop.sessions import services as session_services
from youthcop.sessions.models import Session
from youthcop.programmes.wording import worded_session

from . import services, tasks
from .models import Score


def _back_home(request, token, anchor):
    url = participant_page_url(token)
    language = request.GET.get("lang")
    if language:
        url += "?" + urlencode({"lang": language})
    return redirect(f"{url}#{anchor}")


def _session_of(participant, session_id):
    try:
        return Session.objects.select_related("programme").get(pk=session_id, programme_id=participant.programme_id)
    except Session.DoesNotExist:
        raise Http404 from None


@never_cache
@require_POST
@bad_links_limited
def rate(request, token, session_id):
    participant = resolve_participant_link(request, token).participant
    session = _session_of(participant, session_id)
    try:
        rating, created = services.rate(session, participant, request.POST.get("score"), request.POST.get("comment", ""))
    except services.RatingError as error:
        messages.error(request, str(error))
    else:
        closes = formats.date_format(timezone.localtime(services.rating_closes_at(session)), "l j F, H:i")
        text = _("Thank you: your answer “%(answer)s” for %(title)s is saved. You can change it until %(date)s.")
        messages.success(request, text % {"answer": Score(rating.score).label, "title": worded_session(session).title, "date": closes})
    return _back_home(request, token, "yc-feedback")


@never_cache
@require_POST
@bad_links_limited
def cant_come(request, token, session_id):
    participant = resolve_participant_link(request, token).participant
    session = _session_of(participant, session_id)
    undo = bool(request.POST.get("undo"))
    try:
        if undo:
            changed = session_services.withdraw_advance_excuse(session, participant)
        else:
            _record, changed = session_services.excuse_in_advance(session, participant)
    except session_services.AdvanceExcuseClosed as error:
        messages.error(request, str(error))
        return _back_home(request, token, "yc-sessions")
    if changed:
        enqueue_on_commit(tasks.email_facilitators_about_excuse, session.pk, participant.pk, undo)
    day = formats.date_format(timezone.localtime(session.starts_at), "l j F")
    if undo:
        message = _("Noted: you can come to %(title)s on %(day)s after all. Your facilitator is told.")
    else:
        message = _(
            "Noted: you cannot come to %(title)s on %(day)s, and your facilitator is told. "
            "If things change, tap “I can come after all” before it starts."
        )
    messages.success(request, message % {"title": worded_session(session).title, "day": day})
    return _back_home(request, token, "yc-sessions")
