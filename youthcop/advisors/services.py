"""The channel between a participant and the confidential advisor of their side.

Who reads a conversation is decided here and nowhere else: the advisors of the
participant's side in the participant's programme (the same rule as the
confidential notes, ``youthcop.privacy.notes.participants_advised_by``).
Superusers are not advisors by being superusers. Audit entries and emails say
that a message was sent, answered or read — never what it says.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from youthcop.privacy.models import AuditLogEntry
from youthcop.privacy.notes import ADVISOR_ROLE_BY_SIDE, participants_advised_by
from youthcop.programmes.models import Participant, ProgrammeStaff

from .models import MESSAGE_MAX_LENGTH, AdvisorMessage

Sender = AdvisorMessage.Sender

# Messages a participant may send in 24 hours that no answer followed: enough for anything they need to say, not
# a flood in the advisor's inbox (an answer lets them write again at once).
UNANSWERED_PER_DAY = 10


class MessageRefused(ValidationError):
    pass


def advisors_of(participant):
    """The users who advise ``participant``'s side in their programme (usually one)."""
    role = ADVISOR_ROLE_BY_SIDE[participant.side]
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            youthcop_roles__programme_id=participant.programme_id,
            youthcop_roles__role=role,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def conversation(participant):
    """The participant's messages and the advisor's answers, oldest first."""
    return list(AdvisorMessage.objects.filter(participant=participant).select_related("author").order_by("created_at", "pk"))


def _clean(text):
    text = (text or "").strip()
    if not text:
        raise MessageRefused(_("Write a message first."))
    if len(text) > MESSAGE_MAX_LENGTH:
        raise MessageRefused(
            _("A message holds at most %(max)s characters.") % {"max": MESSAGE_MAX_LENGTH}
        )
    return text


def send_message(participant, text):
    """Record ``participant``'s message to their advisor.

    The caller emails the advisor that a message waits (``tasks.email_advisors_message_waits``, no content).
    """
    text = _clean(text)
    if not advisors_of(participant):
        raise MessageRefused(_("No confidential advisor is assigned to your group yet."))
    with transaction.atomic():
        if unanswered_today(participant) >= UNANSWERED_PER_DAY:
            raise MessageRefused(
                _(
                    "Your advisor has not answered your last %(count)s messages yet: they will read them. You can "
                    "write again once they answer, or tomorrow. If it is urgent, talk to your youth worker."
                )
                % {"count": UNANSWERED_PER_DAY}
            )
        message = AdvisorMessage.objects.create(participant=participant, sender=Sender.PARTICIPANT, text=text)
        log(message, "youthcop.advisor.message_sent", data={"participant": participant.pk})
    return message


def unanswered_today(participant):
    """How many messages ``participant`` sent in the last 24 hours since their advisor's last answer."""
    since = timezone.now() - datetime.timedelta(days=1)
    last_answer = (
        AdvisorMessage.objects.filter(participant=participant, sender=Sender.ADVISOR)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last_answer is not None:
        since = max(since, last_answer)
    return AdvisorMessage.objects.filter(participant=participant, sender=Sender.PARTICIPANT, created_at__gt=since).count()


def first_unread(message):
    """Whether ``message`` (from a participant) is the first of theirs the advisor has not read: the one the
    advisors are emailed about (the next ones of a row wait in the same thread)."""
    return not AdvisorMessage.objects.filter(
        participant_id=message.participant_id, sender=Sender.PARTICIPANT, read_at__isnull=True, pk__lt=message.pk
    ).exists()


def can_read(user, participant):
    """Whether ``user`` may read and answer ``participant``'s conversation."""
    return participants_advised_by(user).filter(pk=participant.pk).exists()


def answer(participant, text, *, by):
    """``by`` (an advisor of the participant's side) answers.

    The caller emails the participant that an answer waits (``tasks.email_participant_answered``).
    """
    if not can_read(by, participant):
        raise MessageRefused(_("Only the participant's confidential advisor may answer."))
    text = _clean(text)
    with transaction.atomic():
        message = AdvisorMessage.objects.create(participant=participant, sender=Sender.ADVISOR, author=by, text=text)
        log(message, "youthcop.advisor.message_answered", user=by, data={"participant": participant.pk})
    return message


def read_thread(participant, *, by):
    """The conversation as its advisor ``by`` reads it; the participant's unread messages become read (logged)."""
    messages = conversation(participant)
    unread = [m for m in messages if m.from_participant and m.read_at is None]
    if unread:
        now = timezone.now()
        AdvisorMessage.objects.filter(pk__in=[m.pk for m in unread]).update(read_at=now)
        for message in unread:
            message.read_at = now
            message._participant_cache = participant
        AuditLogEntry.objects.log_many(
            unread, "youthcop.advisor.message_read", user=by, data=lambda m: {"participant": m.participant_id}
        )
    return messages


def inbox(user):
    """The conversations ``user`` advises, each participant with ``message_count``, ``unread`` and ``last_at``.

    One query whatever the number of threads; no text is read.
    """
    return (
        participants_advised_by(user, Participant.objects.filter(advisor_messages__isnull=False))
        .annotate(
            message_count=Count("advisor_messages"),
            unread=Count(
                "advisor_messages",
                filter=Q(advisor_messages__sender=Sender.PARTICIPANT, advisor_messages__read_at__isnull=True),
            ),
            last_at=Max("advisor_messages__created_at"),
        )
        .select_related("programme")
        .order_by("-unread", "-last_at", "pk")
    )


def unread_count(user):
    """How many participants' messages wait unread for ``user``."""
    return AdvisorMessage.objects.filter(
        sender=Sender.PARTICIPANT,
        read_at__isnull=True,
        participant__in=participants_advised_by(user).values("pk"),
    ).count()


def is_advisor(user):
    """Whether ``user`` advises a group in any programme (what shows the inbox in the menu)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return ProgrammeStaff.objects.filter(user=user, role__in=list(ADVISOR_ROLE_BY_SIDE.values())).exists()


# --- The participant's own data: subject access and anonymisation ---------------------------


def export_participant(participant):
    """The participant's conversation, for their subject access export (their own data)."""
    messages = conversation(participant)
    if not messages:
        return {}
    return {
        "messages_to_the_confidential_advisor": [
            {"sent_at": m.created_at, "from": str(m.get_sender_display()), "text": m.text} for m in messages
        ]
    }


def anonymise_participant(participant):
    """Anonymisation and erasure delete the conversation (audit entries never held its text)."""
    AdvisorMessage.objects.filter(participant=participant).delete()
