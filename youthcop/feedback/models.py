"""Participants' say on the year: one rating per person for each joint workshop.

How a rating is kept away from a name
-------------------------------------
A rating holds the session, the rater's side, the score, an optional line of
comment and a link to the participant who gave it. The link is what makes the
rules hold: one rating per person and session (changed, not added to, within
the window), the participant's own subject access export ("you rated this
workshop Good") and anonymisation or erasure on request, which must find the
comment to remove it whatever happened to the site's keys since. A keyed hash
of (participant, session) would do the first job, but erasing a comment would
then depend on the key it was made with: a rotated ``SECRET_KEY`` would leave
comments nobody can find again for a person who asked for them to go.

The link is never shown to staff: ratings have no admin view, snippet, chooser,
list export or search index; the staff's figures are read through
``youthcop.feedback.services.session_feedback`` and ``programme_trend``, which
select only side, score and comment (never the participant, nor the time of an
answer), list comments by score and text (not in the order they came in), and
withhold every figure resting on fewer than ``MINIMUM_ANSWERS`` ratings. No
audit entry names who rated (a list of who rated a session, next to five
identical scores, would tell each one's score).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from youthcop.programmes.models import Participant, Side
from youthcop.sessions.models import Session

COMMENT_LENGTH = 200


class Score(models.IntegerChoices):
    """Five steps, each with words: never a colour or a face alone."""

    VERY_BAD = 1, _("Very bad")
    BAD = 2, _("Not good")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


class Rating(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("session"))
    # Never shown to staff (see the module's docstring); cleared when the participant is anonymised.
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="session_ratings", editable=False
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    score = models.PositiveSmallIntegerField(
        _("rating"), choices=Score.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=COMMENT_LENGTH, blank=True)
    rated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="youthcop_rating_once"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="youthcop_rating_score"),
        ]
        indexes = [models.Index(fields=["session", "side"], name="youthcop_rating_session_side")]
        verbose_name = _("session rating")
        verbose_name_plural = _("session ratings")

    def __str__(self):
        return f"{self.session} — {self.get_score_display()}"
