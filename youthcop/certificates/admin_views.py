"""Admin pages of certificates: eligibility and issuing per programme, hand decisions,
revocation, PDF and ZIP downloads; issuing and the ZIP run in the background, and
their JSON progress feeds the page's bars (``static/youthcop_certificates/progress.js``).

Every object is looked up with ``scoped_object_or_404``, through ``permissions.py``:
anything outside the user's scope answers 404, whatever the menus show.
"""

import io

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.log_actions import log

from youthcop.privacy.models import AuditLogEntry
from youthcop.core.scoping import scoped_object_or_404
from youthcop.programmes.models import Participant

from . import progress, services
from .forms import AUTOMATIC, DecisionForm, IssueForm, RevokeForm
from .models import Certificate, CertificateArchive, IssueBatch
from youthcop.programmes.permissions import as_seen_by as participant_as_seen_by
from youthcop.programmes.permissions import hides_young_peoples_identity, participants_of_as_seen_by

from .permissions import as_seen_by, certificate_policy, programmes_certified_by, sees_holder

DOWNLOADED = "youthcop.personal_data.downloaded"  # registered in youthcop/privacy/wagtail_hooks.py


def _url(name, *args):
    return reverse(f"youthcop_admin_certificates:{name}", args=args)


@require_GET
def programme_list(request):
    """The programmes whose certificates the user issues, with their counts."""
    programmes = programmes_certified_by(request.user, "issue")
    if not programmes.exists() and certificate_policy.user_has_permission(request.user, "view"):
        return redirect(_url("index"))  # a youth worker follows certificates, never issues them
    if not certificate_policy.user_has_any_permission(request.user, ["view", "issue"]):
        raise Http404
    programmes = programmes.select_related("police_zone").annotate(
        valid_certificates=Count("certificates", filter=Q(certificates__revoked_at__isnull=True), distinct=True),
        revoked_certificates=Count("certificates", filter=Q(certificates__revoked_at__isnull=False), distinct=True),
    )
    return TemplateResponse(
        request,
        "youthcop_certificates/admin/programme_list.html",
        {"programmes": programmes, "header_title": _("Certificates by programme"), "all_url": _url("index")},
    )


@require_http_methods(["GET", "POST"])
def programme_certificates(request, pk):
    """Who is eligible and why; issue everyone's certificates in the background; follow progress."""
    programmes = programmes_certified_by(request.user, "issue").select_related("police_zone")
    programme = scoped_object_or_404(request, programmes, pk, action=None)
    early = services.early_issuing(programme)
    form = IssueForm(request.POST or None, early=early)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.start_issuing(
                programme,
                by=request.user,
                send_email=form.cleaned_data["send_email"],
                confirmed_sessions_to_come=form.cleaned_data.get("sessions_to_come"),
                reason=form.cleaned_data.get("reason", ""),
            )
        except services.CertificateError as error:
            messages.error(request, str(error))
        else:
            _say_if_finished(request, batch, progress.batch_text)  # running: the page's progress says it started
        return redirect(request.path)
    rows = participants_of_as_seen_by(request.user, services.eligibility(programme))  # README rule 8
    batch = services.latest_batch(programme)
    archive = services.latest_archive(programme, request.user)
    names = {row.participant.pk: row.participant.full_name for row in rows}
    batch_running = batch is not None and not batch.is_finished
    archive_running = archive is not None and not archive.is_finished
    return TemplateResponse(
        request,
        "youthcop_certificates/admin/programme_certificates.html",
        {
            "programme": programme,
            "rows": rows,
            "eligible_count": sum(1 for row in rows if row.eligible),
            "to_issue_count": sum(1 for row in rows if row.eligible and row.certificate is None),
            "batch": batch,
            "batch_running": batch_running,
            "batch_text": progress.batch_text(batch) if batch else "",
            "batch_url": _url("batch", batch.pk) if batch else "",
            "archive": archive,
            "archive_running": archive_running,
            "archive_text": progress.archive_text(archive) if archive else "",
            "archive_download_url": progress.download_url(archive) if archive else "",
            "refresh": batch_running or archive_running,
            "batch_errors": [
                {"name": names.get(error.get("participant"), ""), "error": error.get("error", "")}
                for error in (batch.errors if batch else [])
            ],
            "form": form,
            "early": early,
            "zip_url": _url("programme_zip", programme.pk),
            "can_revoke": certificate_policy.user_has_permission(request.user, "revoke"),
            "header_title": _("Certificates of %(programme)s") % {"programme": programme},
        },
    )


@require_http_methods(["GET", "POST"])
def decide(request, participant_pk):
    """Award or refuse one participant's certificate by hand, or go back to the rules."""
    # Those of the programmes whose certificates the user issues.
    participants = Participant.objects.filter(programme__in=programmes_certified_by(request.user, "issue").values("pk"))
    participant = scoped_object_or_404(request, participants.select_related("programme"), participant_pk, action=None)
    current = services.decision_of(participant)
    initial = {"decision": current.decision, "reason": current.reason} if current else {"decision": AUTOMATIC}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        if decision == AUTOMATIC:
            services.clear_decision(participant, by=request.user)
        else:
            services.decide_by_hand(participant, decision=decision, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(
            request, _("Decision saved for %(name)s.") % {"name": participant_as_seen_by(request.user, participant).full_name}
        )
        return redirect(_url("programme", participant.programme_id))
    return TemplateResponse(
        request,
        "youthcop_certificates/admin/decide.html",
        {
            "participant": participant,
            "row": services.eligibility_of(participant),
            "form": form,
            "back_url": _url("programme", participant.programme_id),
            "header_title": _("Certificate of %(name)s: decide by hand")
            % {"name": participant_as_seen_by(request.user, participant).full_name},
        },
    )


@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    certificate = scoped_object_or_404(request, Certificate.objects.select_related("programme"), pk, "view")
    scoped_object_or_404(request, programmes_certified_by(request.user, "revoke"), certificate.programme_id, action=None)
    shown = as_seen_by(request.user, certificate)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke(certificate, by=request.user, reason=form.cleaned_data["reason"])
        except services.CertificateError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The certificate of %(name)s is revoked.") % {"name": shown.holder_name})
        return redirect(_url("programme", certificate.programme_id))
    return TemplateResponse(
        request,
        "youthcop_certificates/admin/revoke.html",
        {
            "certificate": shown,
            "form": form,
            "header_title": _("Revoke the certificate of %(name)s") % {"name": shown.holder_name},
        },
    )


@require_GET
def certificate_pdf(request, pk):
    certificate = scoped_object_or_404(request, Certificate.objects.select_related("programme"), pk, "view")
    if not sees_holder(request.user, certificate):  # README rule 8: it prints a young person's full name
        raise Http404
    pdf = services.render_certificate(certificate)
    # The label is "Certificate #<pk>", never the holder's name (youthcop.privacy.models).
    log(certificate, DOWNLOADED, user=request.user, data={"document": "certificate"})
    return FileResponse(
        io.BytesIO(pdf), as_attachment=True, filename=services.pdf_filename(certificate), content_type="application/pdf"
    )


def _say_if_finished(request, work, text):
    """After starting background work: if it already ran (an immediate task backend), say how it ended."""
    work.refresh_from_db()
    if work.status == work.Status.DONE:
        messages.success(request, text(work))
    elif work.status == work.Status.FAILED:
        messages.error(request, text(work))


def _log_zip_download(archive, *, by):
    """One entry in each zipped certificate's history, written in one query whatever their number."""
    AuditLogEntry.objects.log_many(
        archive.programme.certificates.filter(pk__in=archive.certificates).only("pk", "programme_id", "participant_id"),
        DOWNLOADED,
        user=by,
        data={"document": "certificates_zip", "programme": archive.programme_id},
    )


@require_http_methods(["GET", "POST"])
def programme_zip(request, pk):
    """Prepare the ZIP of every valid certificate of the programme, for printing (POST); its progress (GET, JSON).

    The ZIP is built in the background, for the way the user sees young people (README rule 8).
    """
    programmes = programmes_certified_by(request.user, "issue").select_related("police_zone")
    programme = scoped_object_or_404(request, programmes, pk, action=None)
    if request.method == "POST":
        archive = services.start_archive(programme, by=request.user)
        _say_if_finished(request, archive, progress.archive_text)
        return redirect(_url("programme", programme.pk))
    archive = services.latest_archive(programme, request.user)
    return JsonResponse(progress.archive_json(archive) if archive else {"status": None, "finished": True})


@require_GET
def zip_download(request, pk):
    """The prepared ZIP, to those who issue the programme's certificates and see young people as it shows them."""
    archives = services.archives_kept().filter(
        programme__in=programmes_certified_by(request.user, "issue").values("pk"),
        status=CertificateArchive.Status.DONE,
        officers_only=hides_young_peoples_identity(request.user),
    )
    archive = scoped_object_or_404(request, archives.select_related("programme"), pk, action=None)
    try:
        handle = archive.file.open("rb")
    except (FileNotFoundError, ValueError):  # deleted meanwhile
        raise Http404 from None
    _log_zip_download(archive, by=request.user)
    filename = f"certificates-{slugify(archive.programme.name) or archive.programme_id}.zip"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/zip")


@require_GET
def batch_progress(request, pk):
    """The progress of one issuing, as JSON: the page's script follows it (without scripts, the page refreshes)."""
    batches = IssueBatch.objects.filter(programme__in=programmes_certified_by(request.user, "issue").values("pk"))
    batch = scoped_object_or_404(request, batches, pk, action=None)
    return JsonResponse(progress.batch_json(batch))

