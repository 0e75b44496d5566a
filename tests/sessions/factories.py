"""Factories of the sessions tests."""

import datetime

import factory
from django.utils import timezone

from tests.factories import ParticipantFactory, ProgrammeFactory, officer
from youthcop.programmes.models import Side
from youthcop.sessions.models import Session, SessionKind


def brussels(year, month, day, hour=18, minute=0):
    """An aware datetime at Brussels wall-clock time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())


def days_ago(days, hour=18):
    day = timezone.localdate() - datetime.timedelta(days=days)
    return brussels(day.year, day.month, day.day, hour)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    programme = factory.SubFactory(ProgrammeFactory)
    kind = SessionKind.JOINT_WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop {n}")
    starts_at = factory.LazyFunction(lambda: days_ago(7))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(hours=3))
    venue_name = "Maison de Quartier"
    venue_address = "Rue Josaphat 120, 1030 Schaerbeek"


def make_group(programme, youth=4, police=2, **fields):
    """Enrolled participants of ``programme``: ``youth`` young people and ``police`` officers."""
    young = [ParticipantFactory(programme=programme, side=Side.YOUTH, **fields) for _ in range(youth)]
    officers = [officer(programme=programme, **fields) for _ in range(police)]
    return young, officers
