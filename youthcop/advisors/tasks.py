"""Emails of the advisor channel. Arguments are primary keys; no email holds a message's text."""

from django.urls import reverse
from django_tasks import task

from youthcop.core.mail import send_templated_email
from youthcop.programmes import services as programme_services
from youthcop.programmes.wording import Wording

from . import services
from .models import AdvisorMessage


def _language(user):
    return getattr(getattr(user, "wagtail_userprofile", None), "preferred_language", "") or None


@task()
def email_advisors_message_waits(message_id):
    """Tell the participant's advisors that a message waits, with a link to the admin (no content, no name).

    Once per row of unread messages: the next ones wait in the same thread, which the first email leads to.
    """
    message = AdvisorMessage.objects.select_related("participant__programme").get(pk=message_id)
    if not services.first_unread(message):
        return 0
    participant = message.participant
    url = programme_services.absolute_url(reverse("youthcop_advisors_admin:thread", args=[participant.pk]))
    sent = 0
    for advisor in services.advisors_of(participant):
        sent += send_templated_email(
            "youthcop_advisors/emails/message_waits",
            to=advisor.email,
            language=_language(advisor),
            context={"programme": participant.programme, "url": url},
        )
    return sent


@task()
def email_participant_answered(message_id):
    """Tell the participant that their advisor answered, with their personal page's link (the same live link)."""
    message = AdvisorMessage.objects.select_related("participant__programme").get(pk=message_id)
    participant = message.participant
    if not participant.email:
        return False
    token = programme_services.issue_link(participant)  # the live link again: never a new one, never revoked
    if token is None:
        return False
    url = programme_services.absolute_url(programme_services.participant_page_url(token)) + "#advisor"
    return send_templated_email(
        "youthcop_advisors/emails/answered",
        to=participant.email,
        language=participant.preferred_language,
        context={
            "participant": participant,
            "programme": Wording(participant.programme, participant.preferred_language).programme,
            "url": url,
        },
    )
