"""Background work of charters. Arguments are primary keys.

Callers enqueue them on commit (``youthcop.core.tasks.enqueue_on_commit``): the
signal handlers, admin views and commands. The services they call never import
them, so the imports go one way.
"""

from django_tasks import task

from youthcop.core.mail import send_templated_email
from youthcop.programmes import services as programme_services
from youthcop.programmes.models import Participant
from youthcop.programmes.reading import worded

from . import services
from .models import CharterVersion

KINDS = ("invitation", "reminder")


@task()
def email_sign_request(participant_id, version_id, kind="invitation"):
    """Invite (or remind) a participant to sign ``version``, in their language, with their personal link.

    The email carries the participant's live link, the same as in every other
    email, so links they saved and calendars they subscribed to keep working.
    """
    participant = Participant.objects.select_related("programme").get(pk=participant_id)
    version = CharterVersion.objects.get(pk=version_id)
    if kind not in KINDS or not participant.email or not services.takes_part(participant):
        return False
    if services.current_version(participant.programme_id).pk != version.pk:
        return False  # superseded before the email went out
    if services.signature_of(participant, version):
        return False
    token = programme_services.issue_link(participant)
    if token is None:  # the programme's links have ended
        return False
    return send_templated_email(
        f"youthcop_charters/emails/sign_{kind}",
        to=participant.email,
        language=participant.preferred_language,
        context={
            "participant": participant,
            "programme": worded(participant.programme, participant.preferred_language),
            "version": version,
            "superseded": version.number > 1,
            "url": programme_services.absolute_url(services.charter_page_url(token)),
            "link_ends_at": programme_services.links_end(participant),
        },
    )
