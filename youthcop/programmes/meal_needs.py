"""Meal needs for the shared meals: special-category data, handled as such (README rule 6).

Halal and kosher can reveal a religion, a food allergy a health condition
(GDPR art. 9). The shared meal needs them, so they are kept, but:

- recorded only with **explicit consent**: the participant's own, or for a
  minor the guardian's (a guardian consent record that says yes to meal needs);
- **facilitators see only counts** per need (sessions, attendance sheet); the
  needs of a person are shown to their youth worker and the coordinators;
- **deleted when the programme ends** (its end date passes, or it is marked
  completed or archived), whatever the retention period of the rest;
- in the subject access export with their consent; **never in a spreadsheet**.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from .models import DietaryNeed, Participant, Programme, ProgrammeStaff

BY_PARTICIPANT = "participant"
BY_GUARDIAN = "guardian"
FIELDS = ("dietary_needs", "meal_needs_consent_at", "meal_needs_consent_by")
# Who sees a person's meal needs; everyone else (facilitators, advisors) sees counts at most.
SEE_ROLES = (ProgrammeStaff.Role.COORDINATOR, ProgrammeStaff.Role.YOUTH_WORKER)

SPECIAL_CATEGORY = gettext_lazy(
    "Meal needs can reveal a religion (halal, kosher) or a health condition (food allergy): special-category "
    "data (GDPR art. 9). They are recorded only with explicit consent — the guardian's for a minor —, "
    "facilitators see only how many meals of each kind to plan, and they are deleted when the programme ends."
)
MINOR_NEEDS_GUARDIAN = gettext_lazy(
    "A minor's meal needs are recorded only with their guardian's explicit consent: tick the meal-needs box "
    "of the guardian's paper form, or let the guardian answer the consent link first."
)
ADULT_NEEDS_CONSENT = gettext_lazy(
    "Meal needs are recorded only with the person's explicit consent: tick the box once they agreed."
)


def guardian_consented(participant):
    """Whether the guardian's latest answer consents to recording the meal needs."""
    consent = participant.consent if participant.pk else None
    return bool(consent and consent.participation and consent.meal_needs)


def consent_fields(needs, *, by, now=None):
    """The participant's meal-need fields for ``needs`` consented to by ``by`` (or cleared without needs)."""
    if not needs:
        return {"dietary_needs": [], "meal_needs_consent_at": None, "meal_needs_consent_by": ""}
    return {"dietary_needs": list(needs), "meal_needs_consent_at": now or timezone.now(), "meal_needs_consent_by": by}


def may_see(user, participant):
    """Whether ``user`` sees ``participant``'s own meal needs (facilitators and advisors see counts only)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return ProgrammeStaff.objects.filter(programme_id=participant.programme_id, user=user, role__in=SEE_ROLES).exists()


def forget(participants, *, programme=None, by=None, reason="programme_ended"):
    """Delete the meal needs of ``participants`` (a queryset); one audit entry on the programme. Returns how many."""
    holding = participants.filter(Q(meal_needs_consent_at__isnull=False) | ~Q(meal_needs_consent_by=""))
    ids = list(holding.values_list("pk", flat=True))
    ids += [pk for pk, needs in participants.exclude(pk__in=ids).values_list("pk", "dietary_needs") if needs]
    if not ids:
        return 0
    Participant.objects.filter(pk__in=ids).update(**consent_fields([], by=""))
    if programme is not None:
        log(programme, "youthcop.meal_needs.deleted", user=by, data={"participants": len(ids), "reason": reason})
    return len(ids)


def forget_for_programme(programme, *, by=None):
    """The programme has ended: its participants' meal needs go."""
    return forget(programme.participants.all(), programme=programme, by=by)


def programmes_ended(today=None):
    today = today or timezone.localdate()
    return Programme.objects.filter(
        Q(end_date__lt=today) | Q(status__in=[Programme.Status.COMPLETED, Programme.Status.ARCHIVED])
    )


def forget_for_ended_programmes(today=None):
    """Daily: delete the meal needs of every programme that has ended. Returns how many people's."""
    return sum(forget_for_programme(programme) for programme in programmes_ended(today))


def programme_ended(sender, instance, **kwargs):
    """``post_save`` of Programme: marking it completed or archived deletes the meal needs at once."""
    if instance.status in (Programme.Status.COMPLETED, Programme.Status.ARCHIVED):
        forget_for_programme(instance)


def after_guardian_answer(participant, consent):
    """A guardian answered: their consent to meal needs is recorded, or the needs go with its absence."""
    if consent.participation and consent.meal_needs:
        Participant.objects.filter(pk=participant.pk).update(
            meal_needs_consent_at=consent.recorded_at, meal_needs_consent_by=BY_GUARDIAN
        )
    else:
        forget(Participant.objects.filter(pk=participant.pk))


def labels(needs):
    choices = dict(DietaryNeed.choices)
    return [str(choices.get(need, need)) for need in needs]


def export(participant):
    """The meal-needs section of the subject access export: the needs, the consent, and what is done with them."""
    by = dict(Participant._meta.get_field("meal_needs_consent_by").flatchoices)
    return {
        "needs": labels(participant.dietary_needs or []),
        "explicit_consent_given_at": participant.meal_needs_consent_at,
        "explicit_consent_given_by": str(by.get(participant.meal_needs_consent_by, "")),
        "how_they_are_handled": str(SPECIAL_CATEGORY),
    }


def validation_error(*, minor, needs, participant_consents, guardian_consents):
    """The message refusing ``needs`` without the explicit consent they need, or None."""
    if not needs:
        return None
    if minor and not guardian_consents:
        return str(MINOR_NEEDS_GUARDIAN)
    if not minor and not participant_consents:
        return str(ADULT_NEEDS_CONSENT)
    return None


def settle_at_enrolment(participant, paper_consent=None, now=None):
    """At registration: meal needs need explicit consent — the guardian's paper form for a minor.

    Sets the consent fields of ``participant`` (not saved); raises ``ValidationError`` without consent.
    """

    if not participant.dietary_needs:
        participant.dietary_needs, participant.meal_needs_consent_at, participant.meal_needs_consent_by = [], None, ""
        return
    now = now or timezone.now()
    if participant.is_minor:
        if not (paper_consent and paper_consent.get("participation") and paper_consent.get("meal_needs")):
            raise ValidationError({"dietary_needs": str(MINOR_NEEDS_GUARDIAN)})
        participant.meal_needs_consent_by, participant.meal_needs_consent_at = BY_GUARDIAN, now
    else:
        if participant.meal_needs_consent_by != BY_PARTICIPANT:
            raise ValidationError({"dietary_needs": str(ADULT_NEEDS_CONSENT)})
        participant.meal_needs_consent_at = participant.meal_needs_consent_at or now
