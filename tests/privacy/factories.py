"""A programme lived through every app's own services: attendance, charter, certificates."""

from tests.certificates.factories import held_sessions
from tests.charters.factories import charter_for
from tests.privacy.conftest import Role
from youthcop.certificates import services as certificates
from youthcop.charters import services as charters
from youthcop.charters.models import Signature
from youthcop.sessions import services as sessions
from youthcop.sessions.models import Attendance


def live_through(people, *, certificate=True):
    """The young person and the officer attend, propose, comment, sign and get a certificate."""
    programme, young, cop = people["programme"], people["young"], people["officer"]
    facilitator = people["staff"][Role.FACILITATOR]
    # Three workshops are the whole year here: a certificate needs no more.
    type(programme).objects.filter(pk=programme.pk).update(min_joint_workshops=3)
    programme.refresh_from_db()
    # They took part from the start, whenever the test recorded their consent.
    type(young).objects.filter(pk__in=[young.pk, cop.pk]).update(enrolled_at=None)
    for session in held_sessions(programme, 3):
        sessions.record_attendance(
            session,
            {young.pk: Attendance.Status.PRESENT, cop.pk: Attendance.Status.LATE},
            by=facilitator,
            notes={young.pk: "Zephyrine Quackenbush came with her sister", cop.pk: "Barnabus Whitfield on duty"},
            notify=False,
        )
    # Three workshops lived through: the programme's minimum of joint workshops for a certificate (README rule 5).
    programme.min_joint_workshops = 3
    type(programme).objects.filter(pk=programme.pk).update(min_joint_workshops=3)
    charter = charter_for(programme, proposals_open=True)
    proposal = charters.propose(young, "We greet each other in the street")
    charters.comment_on(cop, proposal, "Good idea, Zephyrine! Call me on +32 470 11 22 33")
    charters.toggle_support(cop, proposal)
    charters.accept_proposal(proposal, by=facilitator)
    # Text people typed about themselves, declined: it is theirs, not the charter's.
    declined = charters.propose(young, "Zephyrine Quackenbush wants pizza at every workshop")
    charters.decline_proposal(declined, by=facilitator, reason="Zephyrine, pizza is not a commitment")
    charter.refresh_from_db()
    version = charters.adopt_charter(charter, by=facilitator, invite=False)
    for person in (young, cop):
        charters.sign(
            person, version, typed_name=person.full_name, language="en", method=Signature.Method.ONLINE,
            ip="198.51.100.4", user_agent=f"Mozilla/5.0 ({person.first_name}'s phone)",
        )
    issued = []
    if certificate:
        for row in certificates.eligibility(programme):
            if row.participant.pk == young.pk and row.eligible:
                issued.append(certificates.issue_certificate(row, by=facilitator)[0])
    return {"version": version, "proposal": proposal, "certificates": issued}
