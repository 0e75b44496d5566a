"""Public pages with real content: the demo loaded, a personal link, a certificate."""

import contextlib
from importlib import import_module

from django.contrib.auth import get_user_model

from youthcop_site.demo import pages as demo_pages
from youthcop.programmes import services
from youthcop_site.demo import programmes as demo
from youthcop.programmes.models import Participant, SteeringCommitteeMember

PUBLIC_PATHS = [
    "/en/",
    "/en/programmes/",
    "/en/programmes/second-wave-brussels-north/",
    "/fr/",
    "/fr/programmes/",
    "/fr/programmes/second-wave-bruxelles-nord/",
]


def load_demo_site(capture_on_commit=None):
    """The demo programme (and whatever the other apps' demos add) with its public pages in en and fr.

    ``capture_on_commit``: pytest-django's ``django_capture_on_commit_callbacks``
    inside a test transaction (wagtail-localize publishes translations on commit).
    """
    context = demo.load({})
    for name in ("youthcop_site.demo.sessions", "youthcop_site.demo.charters"):
        try:
            module = import_module(name)
        except ModuleNotFoundError:
            continue
        module.load(context)
    with capture_on_commit(execute=True) if capture_on_commit else contextlib.nullcontext():
        demo_pages.load(context)
    return context


def personal_data(programme):
    """Strings that would identify a person: participants', staff users' and steering members' names, emails."""
    found = set()
    for participant in Participant.objects.filter(programme=programme):
        found |= {participant.full_name, participant.email, participant.guardian_name, participant.guardian_email}
    for user in get_user_model().objects.filter(youthcop_roles__programme=programme):
        found |= {user.get_full_name(), user.email}
    found |= set(SteeringCommitteeMember.objects.filter(programme=programme).values_list("name", flat=True))
    return {value for value in found if value and value.strip()}


def participant_path(participant):
    return services.participant_page_url(services.issue_link(participant))


def certificate_code(programme):
    """Issue a certificate to a new participant who attended everything and signed."""
    from tests.certificates.factories import adopt_version, attend, held_sessions, sign
    from tests.factories import ParticipantFactory
    from youthcop.certificates import services as certificates
    from youthcop.sessions.models import kinds_for_side

    participant = ParticipantFactory(programme=programme, first_name="Certified", last_name="Person")
    held_sessions(programme, 2)
    # Present at every held session of theirs, however many the programme already had (README rule 5).
    sessions = list(programme.sessions.held().filter(kind__in=kinds_for_side(participant.side)))
    attend(participant, sessions, len(sessions))
    programme.min_joint_workshops = 2
    type(programme).objects.filter(pk=programme.pk).update(min_joint_workshops=2)
    sign(participant, adopt_version(programme, number=99))
    certificate, _pdf = certificates.issue_certificate(certificates.eligibility_of(participant))
    return certificate.code
