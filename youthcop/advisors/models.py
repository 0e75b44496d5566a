"""Private messages between a participant and the confidential advisor of their side.

Only the advisors of the participant's side in the participant's programme
read them (``services.participants_advised_by``) — not facilitators,
coordinators, youth workers, the other side's advisor, nor superusers who hold
no advisor role. No admin list, search index, export or audit entry holds
their text; the participant's subject access export does (it is their own
data), and anonymisation deletes them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from youthcop.programmes.models import Participant

MESSAGE_MAX_LENGTH = 4000


class AdvisorMessage(models.Model):
    """One message of a participant's conversation with their confidential advisor (either way)."""

    class Sender(models.TextChoices):
        PARTICIPANT = "participant", _("The participant")
        ADVISOR = "advisor", _("The confidential advisor")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="advisor_messages", verbose_name=_("participant")
    )
    sender = models.CharField(_("from"), max_length=12, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("advisor"),
        help_text=_("The advisor who answered (empty for the participant's own messages)."),
    )
    text = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        # No model permission to hand out: access is the advisor role itself, so no group,
        # list, history or export view can be opened to anybody else.
        default_permissions = ()
        indexes = [models.Index(fields=["participant", "created_at"], name="youthcop_advisor_msg_thread")]
        verbose_name = _("message to the confidential advisor")
        verbose_name_plural = _("messages to the confidential advisor")

    def __str__(self):
        # No content and no name: log entries store a label of their object.
        return _("Message %(pk)s") % {"pk": self.pk}

    @property
    def from_participant(self):
        return self.sender == self.Sender.PARTICIPANT
