"""Before/after evaluation: questionnaires answered under a pseudonym, results shown only as aggregates.

``Questionnaire`` and its items are shared content, translated with
wagtail-localize. What a participant answers is held without them: a
``Response`` points at a ``Pseudonym`` (a random number), and the pseudonym's
``participant`` is the one and only link back to a person. No admin view,
export or log reads that link; it serves the participant's own page (has
this person answered?), their subject access export (the dates only) and
anonymisation (which deletes the pseudonym and every answer with it).
"""

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin

from youthcop.programmes.models import Participant, Programme, Side

SCALE = (1, 2, 3, 4, 5)


class Questionnaire(TranslatableMixin, ClusterableModel):
    """A set of 5-point statements, translated as one snippet (its items with it)."""

    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences shown above the statements.")
    )

    panels = [FieldPanel("title"), FieldPanel("introduction"), InlinePanel("items", label=_("Statements"), min_num=1)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("evaluation questionnaire")
        verbose_name_plural = _("evaluation questionnaires")

    def __str__(self):
        return self.title


class QuestionnaireItem(TranslatableMixin, Orderable):
    """One statement, answered from 1 (strongly disagree) to 5 (strongly agree).

    Answers name the item by its ``translation_key``: the same in every language.
    """

    questionnaire = ParentalKey(Questionnaire, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(
        _("statement"),
        max_length=300,
        help_text=_("Phrased so that it reads for young people and officers alike."),
    )

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.text


class RoundKind(models.TextChoices):
    BEFORE = "before", _("Before the programme")
    MID = "mid", _("Mid-year")
    AFTER = "after", _("At the end")


class ProgrammeEvaluation(models.Model):
    """Which questionnaire a programme uses (never its answers: those hang on pseudonyms)."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("programme")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="+", verbose_name=_("questionnaire")
    )

    class Meta:
        verbose_name = _("programme evaluation")

    def __str__(self):
        return str(self.programme)


class Round(models.Model):
    """A time the questionnaire is open for a programme: before, mid-year or at the end.

    Open from ``opens_at`` until ``closes_at``; closing early moves ``closes_at``
    to now. The "before" round closes by the first joint workshop at the latest.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="evaluation_rounds")
    kind = models.CharField(_("round"), max_length=10, choices=RoundKind.choices)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="youthcop_evaluation_one_round_per_kind"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="youthcop_evaluation_round_closes_after"
            ),
        ]
        ordering = ["opens_at"]
        verbose_name = _("evaluation round")

    def __str__(self):
        return self.get_kind_display()

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


def random_pseudonym():
    """62 random bits: an integer key (the privacy app's records have integer keys) that no one can guess or order."""
    return secrets.randbits(62) + 1


class Pseudonym(models.Model):
    """A participant's random name in one programme's evaluation: the only link from answers to a person."""

    # Random, not sequential: the order of pseudonyms says nothing about who answered first.
    id = models.BigIntegerField(primary_key=True, default=random_pseudonym, editable=False)
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="evaluation_pseudonym")
    # Copied here so that results group by programme and side without reading the participant.
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=10, choices=Side.choices)

    class Meta:
        verbose_name = _("evaluation pseudonym")


class Response(models.Model):
    """One pseudonym's answers in one round (corrected while the round is open, never twice)."""

    pseudonym = models.ForeignKey(Pseudonym, on_delete=models.CASCADE, related_name="responses")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pseudonym", "round"], name="youthcop_evaluation_one_response_per_round")
        ]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item_key = models.UUIDField(help_text="The statement's translation_key: the same in every language.")
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item_key"], name="youthcop_evaluation_one_answer_per_item"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="youthcop_evaluation_value_1_to_5"),
        ]
