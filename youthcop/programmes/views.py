"""Public pages reached through personal links: participant home, guardian consent."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from youthcop.core import ratelimit, tokens
from youthcop.core.ratelimit import bad_links_limited
from youthcop.core.sections import hook_sections

from . import services
from .forms import GuardianConsentForm
from .models import PersonalLink


def resolve_participant_link(request, token, purpose=PersonalLink.Purpose.PARTICIPANT, queryset=None):
    """The live link for ``token``, with its participant and programme; 404 otherwise. The request then
    speaks the participant's language, or the one asked for with ``?lang=``.

    Other apps' personal-link views call this so they answer bad links alike; one that reads less of
    the participant passes a lighter ``queryset`` of links.
    """
    if queryset is None:
        queryset = PersonalLink.objects.filter(purpose=purpose).select_related(
            "participant__programme__police_zone", "participant__organisation"
        )
    link = tokens.resolve_or_404(request, queryset, token)
    requested = request.GET.get("lang")
    translation.activate(requested if requested in dict(settings.LANGUAGES) else link.participant.preferred_language)
    request.LANGUAGE_CODE = translation.get_language()
    return link


@never_cache
@bad_links_limited
def participant_home(request, token):
    link = resolve_participant_link(request, token)
    participant = link.participant
    return render(
        request,
        "youthcop_programmes/public/participant_home.html",
        {
            "participant": participant,
            "programme": participant.programme,
            "token": token,
            "link_ends_at": link.ends_at,
            "sections": hook_sections("youthcop_participant_sections", request, participant, token),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@bad_links_limited
def guardian_consent(request, token):
    link = resolve_participant_link(request, token, PersonalLink.Purpose.GUARDIAN)
    participant = link.participant
    form = GuardianConsentForm(request.POST or None, initial=_initial_consent(participant))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(
                participant,
                participation=form.cleaned_data["participation"] == "yes",
                photos=form.cleaned_data["photos"],
                meal_needs=form.cleaned_data["meal_needs"],
                method="online",
                ip=ratelimit.client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except services.ProgrammeBusy as busy:
            messages.error(request, str(busy))
        else:
            # The link stays live after a refusal: the guardian lands on a confirmation, not a 404.
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect(request.path)
    participant.refresh_from_db()
    latest_two = list(participant.consents.order_by("-recorded_at", "-pk")[:2])
    consent = latest_two[0] if latest_two else None
    return render(
        request,
        "youthcop_programmes/public/guardian_consent.html",
        {
            "participant": participant,
            "programme": participant.programme,
            "form": form,
            "consent": consent,
            "consent_withdrawn": bool(
                consent and not consent.participation and len(latest_two) == 2 and latest_two[1].participation
            ),
            "link_ends_at": link.ends_at,
        },
    )


def _initial_consent(participant):
    consent = participant.consent
    if consent is None:
        return {}
    return {"participation": "yes" if consent.participation else "no", "photos": consent.photos, "meal_needs": consent.meal_needs}


@never_cache
@require_http_methods(["GET", "POST"])
@bad_links_limited
def accept_offer(request, token):
    """"Accept the place": a waiting place offered to the participant, answered by its deadline.

    The link ends with the offer (README rule 1); for a minor the youth worker
    opens it on their behalf. Accepting gives the place as registration does.
    """
    link = resolve_participant_link(request, token, PersonalLink.Purpose.OFFER)
    participant = link.participant
    if request.method == "POST":
        try:
            services.accept_offer(participant)
        except services.ProgrammeBusy as busy:
            messages.error(request, str(busy))
        except services.OfferRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Thank you: the place is accepted."))
        return redirect(request.path)
    participant.refresh_from_db()
    return render(
        request,
        "youthcop_programmes/public/offer_accept.html",
        {
            "participant": participant,
            "programme": participant.programme,
            "on_offer": participant.has_live_offer,
            "accept_by": link.ends_at,
        },
    )
