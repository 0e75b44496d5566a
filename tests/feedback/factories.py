"""Factories of the feedback tests."""

import datetime

from django.utils import timezone

from tests.sessions.factories import SessionFactory, make_group  # noqa: F401
from youthcop.feedback import services
from youthcop.feedback.models import Rating


def ended_hours_ago(programme, hours=2, **fields):
    """A joint workshop of ``programme`` that ended ``hours`` ago (3 hours long)."""
    ends_at = timezone.now() - datetime.timedelta(hours=hours)
    return SessionFactory(programme=programme, starts_at=ends_at - datetime.timedelta(hours=3), ends_at=ends_at, **fields)


def rate_all(session, participants, score=4, comment=""):
    """Each of ``participants`` rates ``session`` through the service, an hour after it ended (in its window)."""
    now = session.ends_at + datetime.timedelta(hours=1)
    for index, participant in enumerate(participants):
        text = comment(index, participant) if callable(comment) else comment
        services.rate(session, participant, score(index) if callable(score) else score, text, now=now)
    return Rating.objects.filter(session=session)
