"""Public pages: certificate verification (no login) and the participant's own PDF."""

import io

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from youthcop.core import ratelimit
from youthcop.core.ratelimit import bad_links_limited
from youthcop.programmes.views import resolve_participant_link

from . import codes, services
from .models import Certificate


@require_GET
def verify_form(request):
    """Type a short code (or paste a full one) to check a certificate."""
    typed = request.GET.get("code", "")
    code = codes.normalise(typed)
    if code and len(code) in (codes.SHORT_LENGTH, codes.FULL_LENGTH):
        return redirect("youthcop_certificates:verify", code=code)
    return render(
        request,
        "youthcop_certificates/public/verify_form.html",
        {"typed": typed, "invalid": bool(typed)},
    )


@never_cache
@require_GET
@bad_links_limited
def verify(request, code):
    """Valid or revoked, first name and initial, programme, date — nothing more.

    Unknown codes answer 404 and count as bad links, so guessing is rate-limited
    per address like personal links are.
    """
    ratelimit.check_bad_link_budget(request)
    certificate = services.find_by_code(code)
    if certificate is None:
        ratelimit.count_bad_link(request)
        raise Http404
    return render(request, "youthcop_certificates/public/verify.html", {"certificate": certificate})


@never_cache
@require_GET
@bad_links_limited
def participant_certificate(request, token):
    """The participant's own certificate as a PDF, from their personal link."""
    participant = resolve_participant_link(request, token).participant
    certificate = Certificate.objects.filter(participant=participant).valid().first()
    if certificate is None:
        raise Http404
    pdf = services.render_certificate(certificate)
    return FileResponse(
        io.BytesIO(pdf), as_attachment=True, filename=services.pdf_filename(certificate), content_type="application/pdf"
    )
