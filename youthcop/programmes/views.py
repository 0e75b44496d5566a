"""Public pages reached through personal links: participant home, guardian consent, the language switch."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from youthcop.core import personal_pages, ratelimit, tokens
from youthcop.core.ratelimit import bad_links_limited
from youthcop.core.sections import hook_sections

from . import services
from .forms import GuardianConsentForm
from .models import Language, PersonalLink
from .wording import Wording

LANGUAGE_SWITCH_ATTRIBUTE = "_youthcop_language_switch"  # (purpose, token) of the link the request opened
WORDINGS_ATTRIBUTE = "_youthcop_wordings"


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
    setattr(request, LANGUAGE_SWITCH_ATTRIBUTE, (link.purpose, token))  # base_public.html's language switch
    return link


def reader_wording(request, programme):
    """The programme's texts in the request's language: one ``Wording`` per programme and language per request,
    shared by the page and its sections (so its queries are paid once)."""
    wordings = request.__dict__.setdefault(WORDINGS_ATTRIBUTE, {})
    key = (programme.pk, translation.get_language())
    if key not in wordings:
        wordings[key] = Wording(programme, key[1])
    return wordings[key]


@never_cache
@bad_links_limited
def participant_home(request, token):
    """The participant's own page: their place, and what every app adds (kept whole in the cache, see
    ``youthcop.core.personal_pages``)."""
    link = resolve_participant_link(request, token)
    participant = link.participant
    return personal_pages.cached_page(
        request,
        token,
        lambda: render(
            request,
            "youthcop_programmes/public/participant_home.html",
            {
                "participant": participant,
                "programme": reader_wording(request, participant.programme).programme,
                "token": token,
                "link_ends_at": link.ends_at,
                "sections": hook_sections("youthcop_participant_sections", request, participant, token),
            },
        ),
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
            return redirect(request.get_full_path())  # in the language chosen for this visit
    participant.refresh_from_db()
    latest_two = list(participant.consents.order_by("-recorded_at", "-pk")[:2])
    consent = latest_two[0] if latest_two else None
    return render(
        request,
        "youthcop_programmes/public/guardian_consent.html",
        {
            "participant": participant,
            "programme": reader_wording(request, participant.programme).programme,
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
        return redirect(request.get_full_path())  # in the language chosen for this visit
    participant.refresh_from_db()
    return render(
        request,
        "youthcop_programmes/public/offer_accept.html",
        {
            "participant": participant,
            "programme": reader_wording(request, participant.programme).programme,
            "on_offer": participant.has_live_offer,
            "accept_by": link.ends_at,
        },
    )


@never_cache
@require_POST
@bad_links_limited
def participant_language(request, token):
    """The participant's language switch: their pages and emails are in the language they pick from now on.

    Only the participant's own link changes their preference; the guardian's and
    the offer's pages (read by a guardian or a youth worker for them) switch for
    the visit only, with ``?lang=``.
    """
    link = resolve_participant_link(request, token)
    language = request.POST.get("language", "")
    if language in dict(switch_languages()):
        services.set_preferred_language(link.participant, language)
        translation.activate(language)
    return redirect(_back_to(request, token))


def switch_languages():
    """``(code, name in that language)`` of the languages a participant can pick: the site's, in its order."""
    names = dict(Language.choices)
    return [(code, names[code]) for code, _name in settings.LANGUAGES if code in names]


def _back_to(request, token):
    """Where the switch was used, if it is one of this participant's pages on this site (without ``lang``,
    which would override the new choice); else their home page."""
    home = reverse("youthcop_programmes:participant_home", args=[token])
    root = home[: home.rindex(f"p/{token}/")]  # where youthcop is mounted, e.g. /youthcop/
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts=None, require_https=request.is_secure()):
        parts = urlsplit(target)
        segments = parts.path.split("/")
        if not parts.scheme and not parts.netloc and parts.path.startswith(root) and token in segments:
            if ".." not in segments and "." not in segments:
                query = QueryDict(parts.query, mutable=True)
                query.pop("lang", None)
                return urlunsplit(("", "", parts.path, query.urlencode(), parts.fragment))
    return home


def visit_language_url(request, language):
    """The current page with ``?lang=language``: for this visit only."""
    query = request.GET.copy()
    query["lang"] = language
    return f"{request.path}?{query.urlencode()}"
