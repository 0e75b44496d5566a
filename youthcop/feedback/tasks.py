"""Background work of feedback. Arguments are primary keys; enqueued on commit by the views."""

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from youthcop.core.mail import send_templated_email
from youthcop.programmes.models import Participant
from youthcop.programmes.permissions import shown_name
from youthcop.programmes.services import absolute_url
from youthcop.sessions import services as session_services
from youthcop.sessions.models import Session

from . import services


@task()
def email_facilitators_about_excuse(session_id, participant_id, withdrawn=False):
    """Tell the session's facilitators that a participant cannot come (or, ``withdrawn``, can after all).

    Each in the language they chose in the admin (else the site's), with the
    participant's name as that facilitator may see it.
    """
    session = Session.objects.select_related("programme").get(pk=session_id)
    participant = Participant.objects.get(pk=participant_id)
    zone = session_services.site_zone()

    sent = 0
    for user in services.facilitators_to_tell(session):
        if not user.email:
            continue
        sent += send_templated_email(
            "youthcop_feedback/emails/can_come" if withdrawn else "youthcop_feedback/emails/cant_come",
            to=user.email,
            language=services.staff_language(user),
            context={
                "name": shown_name(user, participant),
                "session": session,
                "programme": session.programme,
                "starts_at": timezone.localtime(session.starts_at, zone),
                "ends_at": timezone.localtime(session.ends_at, zone),
                "session_url": absolute_url(reverse("youthcop_admin_sessions:inspect", args=[session.pk])),
            },
        )
    return sent
