"""Facilitators' charter actions: review proposals, enter paper proposals, adopt,
follow signatures, record in-person signatures, download the charter PDF.

Each looks its object up with ``scoped_object_or_404``, through the permission
policies, so a charter or proposal of a programme the user does not manage
answers 404.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from wagtail.log_actions import log

from youthcop.core.charts import progress_bar
from youthcop.core.scoping import scoped_object_or_404
from youthcop.programmes.models import Participant, Side
from youthcop.programmes.permissions import (
    all_as_seen_by,
    as_seen_by,
    participants_of_as_seen_by,
    participants_visible_to,
    programmes_managed_by,
)

from . import services
from .forms import DecisionForm, PaperProposalForm, SignForm, TranslateCharterForm
from .models import Charter, Proposal, Signature, charter_text
from .permissions import charter_policy, proposal_policy


def charter_urls(charter):
    return {
        name: reverse(f"wagtailsnippets_youthcop_charters_charter:{name}", args=[charter.pk])
        for name in ("edit", "adopt", "signatures", "charter_pdf", "translate")
    } | {"proposals": reverse("youthcop_admin_proposals:index") + f"?programme={charter.programme_id}"}


# --- Proposals -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def review_proposal(request, pk):
    """A proposal with its support and comments; accept it, merge it or decline it."""
    proposal = scoped_object_or_404(request, Proposal.objects.select_related("programme", "author"), pk, "change")
    form = DecisionForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == DecisionForm.ACCEPT:
                services.accept_proposal(proposal, by=request.user)
                messages.success(request, _("The proposal was added to the draft of the charter."))
                _ask_for_translations(request, proposal)
            elif decision == DecisionForm.MERGE:
                services.merge_proposal(proposal, form.cleaned_data["merge_into"], by=request.user)
                messages.success(request, _("The proposal was merged; its supporters now support the other one."))
            else:
                services.decline_proposal(proposal, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("The proposal was declined; its author sees your reason."))
        except services.CharterError as error:
            messages.error(request, str(error))
        return redirect(reverse("youthcop_admin_proposals:index") + f"?programme={proposal.programme_id}")
    return TemplateResponse(
        request,
        "youthcop_charters/admin/review_proposal.html",
        {
            "proposal": participants_of_as_seen_by(request.user, [proposal], "author")[0],  # README rule 8
            "support_count": proposal.supports.count(),
            "comments": participants_of_as_seen_by(request.user, proposal.comments.select_related("author"), "author"),
            "merged": proposal.merged_proposals.all(),
            "form": form,
            "header_title": _("Proposal for the charter"),
        },
    )


def _ask_for_translations(request, proposal):
    """After a proposal joins the draft: name the languages to translate it into before adopting."""
    languages = services.languages_to_update(proposal.programme)
    original = services.original_charter(proposal.programme)
    author_language = proposal.author.preferred_language if proposal.author else ""
    if original and author_language and author_language != original.locale.language_code:
        messages.warning(
            request,
            _("The proposal's author reads %(language)s: check that the draft says what they meant in %(original)s.")
            % {
                "language": services.language_names([author_language]),
                "original": services.language_names([original.locale.language_code]),
            },
        )
    if languages:
        messages.warning(
            request,
            _("Translate the accepted proposal into %(languages)s: the charter cannot be adopted until every language says the same.")
            % {"languages": services.language_names(languages)},
        )


def _participants_for_paper_proposals(user):
    taking_part = participants_visible_to(user).filter(
        programme__in=programmes_managed_by(user).values("pk"), status__in=services.TAKING_PART
    )
    return taking_part.select_related("programme").order_by("programme__name", "last_name", "first_name")


@require_http_methods(["GET", "POST"])
def paper_proposal(request):
    """Enter a proposal collected on paper during a workshop, on the participant's behalf."""
    if not proposal_policy.user_has_permission(request.user, "add"):
        raise Http404
    form = PaperProposalForm(request.POST or None, participants=_participants_for_paper_proposals(request.user))
    form.fields["participant"].label_from_instance = (
        lambda p: f"{as_seen_by(request.user, p).full_name} — {p.programme.name}"
    )
    if request.method == "POST" and form.is_valid():
        participant = form.cleaned_data["participant"]
        try:
            services.propose(participant, form.cleaned_data["text"], by=request.user)
        except services.CharterError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The proposal of %(name)s was added.") % {"name": as_seen_by(request.user, participant).full_name}
            )
            if "another" in request.POST:
                return redirect(request.path)
            return redirect(reverse("youthcop_admin_proposals:index") + f"?programme={participant.programme_id}")
    return TemplateResponse(
        request,
        "youthcop_charters/admin/paper_proposal.html",
        {"form": form, "header_title": _("Enter a proposal written on paper")},
    )


# --- Translation ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def translate(request, pk):
    """Start a wagtail-localize translation of the charter, scoped to the facilitator's programmes.

    wagtail-localize's own "Translate" needs a site-wide permission and does not know
    programmes; this opens its translation editor for the new language instead.
    """
    charter = scoped_object_or_404(request, Charter.objects.select_related("programme", "locale"), pk, "change")
    programme = charter.programme
    if request.method == "POST" and request.POST.get("action") == "update":
        count = services.update_translations(programme, by=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s translation now follows the current draft: translate the new texts, then publish it.",
                "%(count)s translations now follow the current draft: translate the new texts, then publish them.",
                count,
            )
            % {"count": count},
        )
        return redirect(request.path)
    form = TranslateCharterForm(request.POST or None, locales=services.locales_to_translate_into(programme))
    if request.method == "POST" and form.is_valid():
        try:
            translated = services.translate_charter(programme, form.cleaned_data["locale"], by=request.user)
        except services.CharterError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(
            request,
            _("Translate each text below, then publish. Until it is translated, readers in %(language)s get the original.")
            % {"language": translated.locale.get_display_name()},
        )
        return redirect(reverse("wagtailsnippets_youthcop_charters_charter:edit", args=[translated.pk]))
    return TemplateResponse(
        request,
        "youthcop_charters/admin/translate.html",
        {
            "charter": charter,
            "form": form,
            "translations": services.charters_of(programme),
            "outdated": services.languages_to_update(programme),
            "by_hand": services.translated_by_hand(programme),
            "header_title": _("Translate the charter of %(programme)s") % {"programme": programme},
        },
    )


# --- Adoption ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def adopt(request, pk):
    """Preview the draft in each language; close or open proposals; adopt the draft as a new version."""
    charter = scoped_object_or_404(request, Charter.objects.select_related("programme", "locale"), pk, "adopt")
    programme = charter.programme
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("open", "close"):
            services.set_proposals_open(programme, action == "open", by=request.user)
            messages.success(
                request, _("Proposals are open.") if action == "open" else _("New proposals are closed.")
            )
            return redirect(request.path)
        if action == "adopt":
            try:
                version = services.adopt_charter(charter, by=request.user)
            except services.CharterError as error:
                messages.error(request, str(error))
                return redirect(request.path)
            messages.success(
                request,
                _("Version %(number)s is adopted. Signing is open and participants are invited to sign.")
                % {"number": version.number},
            )
            return redirect(charter_urls(charter)["signatures"])
    charters = [(row, services.draft_of(row)) for row in services.charters_of(programme)]
    return TemplateResponse(
        request,
        "youthcop_charters/admin/adopt.html",
        {
            "outdated": services.translations_to_update(charters),
            "missing": services.missing_languages(programme),
            "charter": charter,
            "programme": programme,
            "drafts": [(row.locale, charter_text(draft)) for row, draft in charters],
            "version": services.current_version(programme),
            "proposals_open": charters[0][0].proposals_open,
            "open_proposals": Proposal.objects.filter(
                programme=programme, status=Proposal.Status.OPEN, kind=Proposal.Kind.COMMITMENT
            ).count(),
            "urls": charter_urls(charter),
            "header_title": _("Adopt the charter of %(programme)s") % {"programme": programme},
        },
    )


# --- Signatures ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signatures(request, pk):
    """Signed / not signed per side, reminders, and the list of signatories."""
    charter = scoped_object_or_404(request, Charter.objects.select_related("programme", "locale"), pk, "adopt")
    programme = charter.programme
    if request.method == "POST" and request.POST.get("action") == "remind":
        count = services.remind_unsigned(programme, by=request.user)
        messages.success(
            request, _("A reminder was emailed to %(count)s participants who have not signed.") % {"count": count}
        )
        return redirect(request.path)
    progress = services.signing_progress(programme)
    for side in progress["sides"].values():  # README rule 8: police staff see young people by first name and initial
        side["signed"], side["unsigned"] = all_as_seen_by(request.user, side["signed"]), all_as_seen_by(
            request.user, side["unsigned"]
        )
    version = progress["version"]
    return TemplateResponse(
        request,
        "youthcop_charters/admin/signatures.html",
        {
            "charter": charter,
            "programme": programme,
            "progress": progress,
            "version": version,
            "texts": version.texts.all() if version else [],
            "urls": charter_urls(charter),
            "header_title": _("Signatures of the charter of %(programme)s") % {"programme": programme},
        },
    )


def charter_pdf(request, pk):
    """The adopted version (current, or ``?version=``) with its signatories and an evidence page."""
    charter = scoped_object_or_404(request, Charter.objects.select_related("programme", "locale"), pk, "adopt")
    versions = charter.programme.charter_versions.all()
    number = request.GET.get("version")
    version = versions.filter(number=number).first() if number and number.isdigit() else versions.first()
    if version is None:
        raise Http404
    pdf = services.charter_pdf(version, request.GET.get("lang"), shown_to=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    # The signatories' names are printed: the download goes to the version's history.
    log(
        version,
        "youthcop.personal_data.downloaded",
        user=request.user,
        data={"document": "charter", "participants": list(version.signatures.values_list("participant_id", flat=True))},
    )
    response["Content-Disposition"] = f'attachment; filename="charter-v{version.number}.pdf"'
    return response


def _in_person_participant(request, pk, participant_pk):
    charter = scoped_object_or_404(request, Charter.objects.select_related("programme", "locale"), pk, "adopt")
    taking_part = Participant.objects.filter(programme=charter.programme, status__in=services.TAKING_PART)
    participant = scoped_object_or_404(request, taking_part, participant_pk, "view")
    version = services.current_version(charter.programme)
    if version is None:
        raise Http404
    return charter, participant, version


def _rendered_in(language, response):
    """Render ``response`` now, in ``language``: the shared device speaks the participant's language."""
    with translation.override(language):
        return response.render()


@require_http_methods(["GET", "POST"])
def in_person(request, pk, participant_pk):
    """A participant signs on the facilitator's device: same text, same name check, method "in person".

    The page speaks the participant's language (or that of the text they chose), not the
    staff member's; once signed, the device shows a thank-you page, never the signatories.
    """
    charter, participant, version = _in_person_participant(request, pk, participant_pk)
    text = version.text_in(request.GET.get("text") or participant.preferred_language)
    language = text.language if request.GET.get("text") else participant.preferred_language
    with translation.override(language):
        form = SignForm(
            request.POST or None, initial={"version": version.pk, "language": text.language, "sha256": text.sha256}
        )
        if request.method == "POST" and form.is_valid():
            try:
                signature = form.sign(request, participant, version, method=Signature.Method.IN_PERSON, by=request.user)
            except services.CharterError as error:
                messages.error(request, str(error))
                return redirect(request.get_full_path())
            if signature is not None:
                done = reverse("wagtailsnippets_youthcop_charters_charter:in_person_done", args=[charter.pk, participant.pk])
                return redirect(done + (f"?lang={language}" if language != participant.preferred_language else ""))
        header_title = _("%(name)s signs the charter") % {"name": as_seen_by(request.user, participant).full_name}
    response = TemplateResponse(
        request,
        "youthcop_charters/admin/in_person.html",
        {
            "charter": charter,
            "participant": participant,
            "version": version,
            "text": text,
            "texts": version.texts.all(),
            "form": form,
            "signature": services.signature_of(participant, version),
            "header_title": header_title,
        },
    )
    return _rendered_in(language, response)


def in_person_done(request, pk, participant_pk):
    """After an in-person signature: thanks, in the participant's language, and nobody else's name."""
    charter, participant, version = _in_person_participant(request, pk, participant_pk)
    signature = services.signature_of(participant, version)
    if signature is None:
        return redirect(reverse("wagtailsnippets_youthcop_charters_charter:in_person", args=[charter.pk, participant.pk]))
    language = request.GET.get("lang") or participant.preferred_language
    if language not in dict(settings.LANGUAGES):
        language = participant.preferred_language
    staff_language = translation.get_language()
    with translation.override(language):
        header_title = _("Thank you, %(name)s") % {"name": participant.first_name}
    response = TemplateResponse(
        request,
        "youthcop_charters/admin/in_person_done.html",
        {
            "participant": participant,
            "signature": signature,
            "version": version,
            "staff_language": staff_language,
            "signatures_url": charter_urls(charter)["signatures"],
            "header_title": header_title,
        },
    )
    return _rendered_in(language, response)


# --- Section of the programme's admin page (registered in wagtail_hooks.py) --------------


def programme_admin_section(request, programme):
    """Signed / not signed per side of the current version, for those who follow the programme's charter: counts only."""
    charters = charter_policy.instances_user_has_permission_for(request.user, "adopt").filter(programme=programme)
    charter = charters.order_by("pk").first()
    if charter is None:
        return ""
    version = services.current_version(programme)
    counts = services.signing_counts(programme) if version else {}
    sides = [
        {"key": side, "label": label, "signed": signed, "total": total, "bar": progress_bar(signed, total, "signed")}
        for side, label in Side.choices
        for signed, total in [counts.get(side, (0, 0))]
    ]
    return render_to_string(
        "youthcop_charters/admin/programme_section.html",
        {
            "version": version,
            "sides": sides,
            "missing": sum(side["total"] - side["signed"] for side in sides),
            "open_proposals": Proposal.objects.filter(
                programme=programme, status=Proposal.Status.OPEN, kind=Proposal.Kind.COMMITMENT
            ).count(),
            "urls": charter_urls(charter),
        },
        request=request,
    )
