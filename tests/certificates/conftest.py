import datetime

import pytest
from django.utils import timezone

from tests.factories import ParticipantFactory, ProgrammeFactory, officer
from youthcop.certificates import services

from .factories import adopt_version, attend, held_sessions, sign


@pytest.fixture
def programme(db):
    # Four workshops in the ``year`` below: a minimum of two joint workshops keeps the percentage the deciding rule.
    return ProgrammeFactory(name="Second Wave Test", reward_description="A weekend in Ghent.", min_joint_workshops=2)


@pytest.fixture
def year(programme, facilitator):
    """Four held joint workshops and an adopted charter version."""
    return {"sessions": held_sessions(programme, 4), "version": adopt_version(programme)}


@pytest.fixture
def make_participant(programme, year):
    """A participant who attended ``attended`` of the four workshops and maybe signed."""

    def make(attended=4, signed=True, police=False, **fields):
        participant = officer(programme=programme, **fields) if police else ParticipantFactory(programme=programme, **fields)
        attend(participant, year["sessions"], attended)
        if signed:
            sign(participant, year["version"])
        return participant

    return make


@pytest.fixture
def eligible(make_participant):
    return make_participant(first_name="Yasmine", last_name="Benali")


@pytest.fixture
def issue_all(programme, facilitator, django_capture_on_commit_callbacks):
    """Start issuing as the facilitator and run the task (queued on commit); the finished batch."""

    def run(send_email=False):
        with django_capture_on_commit_callbacks(execute=True):
            batch = services.start_issuing(programme, by=facilitator, send_email=send_email)
        batch.refresh_from_db()
        return batch

    return run


@pytest.fixture
def still_to_come(programme, year):
    """After the ``year``: a youth preparation in 20 days, the last joint workshop in 30, a cancelled one in 60."""
    from youthcop.sessions.models import Session, SessionKind

    def planned(kind, days, status=Session.Status.PLANNED):
        starts = timezone.now() + datetime.timedelta(days=days)
        return Session.objects.create(
            programme=programme, kind=kind, title=f"{kind} in {days} days", starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3), status=status,
        )

    planned(SessionKind.YOUTH_PREPARATION, 20)
    last = planned(SessionKind.JOINT_WORKSHOP, 30)
    planned(SessionKind.JOINT_WORKSHOP, 60, status=Session.Status.CANCELLED)
    planned(SessionKind.STEERING_COMMITTEE, 25)  # not a session of the group
    return last
