"""Personal-link pages of the charter: read and sign, signed copy, proposals.

Every view resolves the link with ``resolve_participant_link``: an unknown,
revoked or expired link answers the same 404, and too many bad links 429.
"""

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from youthcop.core.ratelimit import bad_links_limited
from youthcop.programmes.services import participant_page_url
from youthcop.programmes.views import reader_wording, resolve_participant_link

from . import services
from .forms import CommentForm, ProposalForm, SignForm
from .models import Proposal, ProposalComment, ProposalSupport, Signature


def _reading_language(request, version):
    """The language of the text shown: asked for, else the reader's, else the original."""
    return version.text_in(request.GET.get("text") or translation.get_language())


@never_cache
@require_http_methods(["GET", "POST"])
@bad_links_limited
def charter(request, token):
    link = resolve_participant_link(request, token)
    participant = link.participant
    programme = participant.programme
    version = services.current_version(programme)
    worded = reader_wording(request, programme).programme  # its name and police zone in the reader's language
    context = {"participant": participant, "programme": worded, "token": token, "version": version}
    if version is None:
        return render(request, "youthcop_charters/public/charter.html", context)
    texts = list(version.texts.all())
    text = _reading_language(request, version)
    signature = services.signature_of(participant, version)
    form = SignForm(
        request.POST or None,
        initial={"version": version.pk, "language": text.language, "sha256": text.sha256},
    )
    if request.method == "POST" and signature is None and form.is_valid():
        response = _sign_from_form(request, participant, form, version)
        if response:
            return response
    context.update(
        texts=texts,
        text=text,
        signature=signature,
        form=form,
        can_sign=services.takes_part(participant),
        history=participant.charter_signatures.select_related("version").order_by("-version__number"),
        home_url=participant_page_url(token),
    )
    return render(request, "youthcop_charters/public/charter.html", context)


def _sign_from_form(request, participant, form, version):
    try:
        signature = form.sign(request, participant, version, method=Signature.Method.ONLINE)
    except services.CharterError as error:
        messages.error(request, str(error))
        return redirect(request.get_full_path())
    if signature is None:
        return None
    messages.success(request, _("Thank you: you signed the charter."))
    return redirect(request.get_full_path())


@never_cache
@bad_links_limited
def signed_copy(request, token):
    """The participant's own signed copy (PDF) of the latest version they signed."""
    link = resolve_participant_link(request, token)
    signature = (
        Signature.objects.filter(participant=link.participant)
        .select_related("participant", "version__programme__police_zone")
        .order_by("-version__number")
        .first()
    )
    if signature is None:
        raise Http404
    response = HttpResponse(services.signed_copy_pdf(signature), content_type="application/pdf")
    filename = f"charter-v{signature.version.number}-signed.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _proposals_with_state(programme, participant):
    """Proposals of the programme with support counts, my support and comments, in a fixed number of queries."""
    mine = ProposalSupport.objects.filter(proposal=OuterRef("pk"), participant=participant)
    return (
        Proposal.objects.filter(programme=programme, kind=Proposal.Kind.COMMITMENT)
        .select_related("merged_into")
        .annotate(support_count=Count("supports", distinct=True), supported=Exists(mine))
        .prefetch_related(Prefetch("comments", queryset=ProposalComment.objects.order_by("created_at", "pk")))
        .order_by("-support_count", "-created_at", "-pk")
    )


@never_cache
@require_http_methods(["GET", "POST"])
@bad_links_limited
def proposals(request, token):
    link = resolve_participant_link(request, token)
    participant = link.participant
    programme = participant.programme
    charter = services.original_charter(programme)
    if charter is None:
        raise Http404
    is_open = services.proposals_are_open(programme, charter) and services.takes_part(participant)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose(participant, form.cleaned_data["text"])
        except services.CharterError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your proposal was added. The facilitators will look at it."))
        return redirect(request.path)
    all_proposals = list(_proposals_with_state(programme, participant))
    return render(
        request,
        "youthcop_charters/public/proposals.html",
        {
            "participant": participant,
            "programme": reader_wording(request, programme).programme,
            "token": token,
            "form": form,
            "is_open": is_open,
            "mine": [p for p in all_proposals if p.author_id == participant.pk],
            "open_proposals": [
                p for p in all_proposals if p.status == Proposal.Status.OPEN and p.author_id != participant.pk
            ],
            "accepted": [p for p in all_proposals if p.status == Proposal.Status.ACCEPTED],
            "comment_form": CommentForm(),
            "home_url": participant_page_url(token),
        },
    )


def _proposal_of(participant, pk):
    # Workshop themes are supported through their own views (youthcop/advisors/theme_views.py), while open.
    return get_object_or_404(Proposal, pk=pk, programme_id=participant.programme_id, kind=Proposal.Kind.COMMITMENT)


def _back_to_proposals(token, pk):
    return redirect(reverse("youthcop_charters:proposals", args=[token]) + f"#proposal-{pk}")


@never_cache
@require_POST
@bad_links_limited
def support(request, token, pk):
    link = resolve_participant_link(request, token)
    proposal = _proposal_of(link.participant, pk)
    try:
        services.toggle_support(link.participant, proposal)
    except services.CharterError as error:
        messages.error(request, str(error))
    return _back_to_proposals(token, pk)


@never_cache
@require_POST
@bad_links_limited
def comment(request, token, pk):
    link = resolve_participant_link(request, token)
    proposal = _proposal_of(link.participant, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on(link.participant, proposal, form.cleaned_data["text"])
        except services.CharterError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Write a comment of at most 1000 characters."))
    return _back_to_proposals(token, pk)


# --- Sections other pages show (registered in wagtail_hooks.py) ----------------------------


def participant_section(request, participant, token):
    """The charter card of the participant's home page."""
    programme = participant.programme
    charter, version, signature, signed_any = services.charter_card_of(programme, participant)
    if charter is None:
        return ""
    return render_to_string(
        "youthcop_charters/public/section.html",
        {
            "participant": participant,
            "version": version,
            "signature": signature,
            "signed_before": version is not None and signature is None and signed_any,
            "proposals_open": services.proposals_are_open(programme, charter) and services.takes_part(participant),
            "can_sign": services.takes_part(participant),
            "charter_url": reverse("youthcop_charters:charter", args=[token]),
            "proposals_url": reverse("youthcop_charters:proposals", args=[token]),
            "signed_copy_url": reverse("youthcop_charters:signed_copy", args=[token]),
        },
        request=request,
    )


def programme_page_section(request, programme):
    """The adopted text and the number of signatures — never names — when the programme made them public."""
    charter = services.original_charter(programme)
    if charter is None or not charter.show_on_public_page:
        return ""
    version = services.current_version(programme)
    if version is None:
        return ""
    return render_to_string(
        "youthcop_charters/public/programme_section.html",
        {
            "version": version,
            "text": version.text_in(translation.get_language()),
            "signature_count": version.signatures.count(),
        },
        request=request,
    )
