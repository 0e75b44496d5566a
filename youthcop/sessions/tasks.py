"""Background work of sessions. Arguments are primary keys.

Callers enqueue them on commit (``youthcop.core.tasks.enqueue_on_commit``): the
signal handlers, admin views and commands. The services they call never import
them, so the imports go one way.
"""

from django_tasks import task

from youthcop.core.mail import send_templated_email
from youthcop.programmes.models import Participant
from youthcop.programmes.reading import Wordings

from . import services
from .models import Session


@task()
def send_session_reminders():
    """Send the reminders that are due (see ``services.send_due_reminders``)."""
    return services.send_due_reminders()


@task()
def email_session_change(session_id, change):
    """Tell everyone expected at a session, and the guardians of minors, that it was ``"moved"`` or ``"cancelled"``.

    Each in their language (a guardian in the participant's): see ``services.notice_audience``.
    """
    session = Session.objects.select_related("programme").get(pk=session_id)
    sent = 0
    wordings = Wordings()  # the programme's texts once per language, whatever the number of people
    for recipient in services.notice_audience(session).recipients:
        sent += send_templated_email(
            f"youthcop_sessions/emails/session_{change}",
            to=recipient.email,
            language=recipient.language,
            context=recipient.context(session, wordings),
        )
    return sent


@task()
def email_absence_flag(participant_id, session_id):
    """Tell a participant's youth worker about two unexcused absences in a row."""
    participant = Participant.objects.select_related("programme", "registered_by").get(pk=participant_id)
    session = Session.objects.get(pk=session_id)
    worker = services.absence_flag_recipient(participant)
    if worker is None or not worker.email:
        return False
    language = getattr(getattr(worker, "wagtail_userprofile", None), "preferred_language", "") or None
    wording = Wordings()(participant.programme, language)  # the worker reads the programme in their language
    return send_templated_email(
        "youthcop_sessions/emails/absence_flag",
        to=worker.email,
        language=language,
        context={
            "participant": participant,
            "session": wording.session(session),
            "programme": wording.programme,
            "worker": worker,
        },
    )
