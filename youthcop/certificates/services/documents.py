"""The certificate PDF (logos, signatures, QR code), the ZIP of a programme's certificates, verification."""

import io
import zipfile
from dataclasses import dataclass, field

import segno
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from wagtail.models import Site

from youthcop.core.pdf import data_uri, render_pdf
from youthcop.programmes.models import Organisation, Side
from youthcop.programmes.permissions import hides_young_peoples_identity
from youthcop.programmes.services import absolute_url
from youthcop.programmes.wording import Wording

from ..models import Certificate, CertificateSettings
from .eligibility import CANDIDATE_STATUSES


@dataclass
class Assets:
    """Logos of a programme's organisations, signature images and footer, as data URIs (read once per batch)."""

    logos: list = field(default_factory=list)  # [{"name", "src"}, and "organisation" for a programme's]
    signatures: dict = field(default_factory=dict)  # {user_id: src}
    footer_text: str = ""
    programme: object = None
    _logos_by_language: dict = field(default_factory=dict, repr=False)

    def logos_in(self, language):
        """The logos with their organisations' names in ``language`` (their alt text; read once per language)."""
        if language not in self._logos_by_language:
            logos = self.logos
            organisations = [logo["organisation"] for logo in logos if logo.get("organisation") is not None]
            if organisations and self.programme is not None:
                names = {org.pk: org.name for org in Wording(self.programme, language).organisations(organisations)}
                logos = [
                    {**logo, "name": names[logo["organisation"].pk]} if logo.get("organisation") is not None else logo
                    for logo in logos
                ]
            self._logos_by_language[language] = logos
        return self._logos_by_language[language]


LOGO_FILTER = "max-600x240|format-png"
SIGNATURE_FILTER = "max-500x200|format-png"


def _image_data_uri(image, filter_spec):
    rendition = image.get_rendition(filter_spec)
    with rendition.file.open("rb") as handle:
        return data_uri(handle.read(), "image/png")


def default_site():
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


MAX_LOGOS = 6
# Police zone first, then the youth organisations, then the other partners.
LOGO_ORDER = [
    Organisation.Kind.POLICE_ZONE,
    Organisation.Kind.YOUTH_ORGANISATION,
    Organisation.Kind.MUNICIPALITY,
    Organisation.Kind.FACILITATION,
    Organisation.Kind.OTHER,
]


def organisations_of(programme):
    """The organisations of ``programme`` that have a logo: its police zone, its partners and the
    organisations of its participants, police zone first."""
    organisations = (
        Organisation.objects.filter(
            Q(pk=programme.police_zone_id)
            | Q(partner_programmes=programme)
            | Q(participants__programme=programme, participants__status__in=CANDIDATE_STATUSES)
        )
        .filter(logo__isnull=False)
        .select_related("logo")
        .distinct()
    )
    rank = {kind: index for index, kind in enumerate(LOGO_ORDER)}
    return sorted(organisations, key=lambda org: (rank.get(org.kind, len(rank)), org.name.casefold(), org.pk))


def programme_logos(programme):
    return [
        {"name": organisation.name, "src": _image_data_uri(organisation.logo, LOGO_FILTER), "organisation": organisation}
        for organisation in organisations_of(programme)[:MAX_LOGOS]
    ]


def load_assets(site=None, programme=None):
    """Images embedded: the logos of ``programme``'s organisations, and the certificate setting of
    ``site`` (the default site when None) for signatures, footer and — only when none of the
    programme's organisations has a logo — its fallback logos."""
    logos = programme_logos(programme) if programme is not None else []
    site = site or default_site()
    if site is None:
        return Assets(logos=logos, programme=programme)
    setting = CertificateSettings.for_site(site)
    if not logos:
        fallback = setting.logos.select_related("image").order_by("sort_order", "pk")
        logos = [{"name": logo.name, "src": _image_data_uri(logo.image, LOGO_FILTER)} for logo in fallback]
    signatures = setting.signatures.select_related("image")
    return Assets(
        logos=logos,
        signatures={row.user_id: _image_data_uri(row.image, SIGNATURE_FILTER) for row in signatures},
        footer_text=setting.footer_text,
        programme=programme,
    )


def verification_path(certificate):
    return reverse("youthcop_certificates:verify", args=[certificate.code])


def verification_url(certificate):
    return absolute_url(verification_path(certificate))


def verification_form_url():
    return absolute_url(reverse("youthcop_certificates:verify_form"))


def qr_data_uri(url):
    # Medium error correction survives a crease or a smudge on a printed page.
    return segno.make(url, error="m", micro=False).svg_data_uri(border=4, dark="#000", light="#fff")


def certificate_context(certificate, assets):
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        "facilitators": [
            {"name": row.get("name", ""), "signature": assets.signatures.get(row.get("user_id"))}
            for row in certificate.facilitators
        ],
        "logos": assets.logos_in(certificate.language),
        "footer_text": assets.footer_text,
        "qr_src": qr_data_uri(url),
        "verify_url": url,
        "verify_form_url": verification_form_url(),
        "short_code": certificate.short_code_display,
    }


def certificate_html(certificate, assets=None):
    """The certificate's HTML, in its holder's language."""
    assets = load_assets(programme=certificate.programme) if assets is None else assets
    with translation.override(certificate.language):
        return render_to_string("youthcop_certificates/pdf/certificate.html", certificate_context(certificate, assets))


def render_certificate(certificate, assets=None):
    """The certificate's PDF bytes (A4 landscape, one page)."""
    return render_pdf(certificate_html(certificate, assets))


def pdf_filename(certificate):
    name = slugify(f"{certificate.holder_last_name} {certificate.holder_first_name}", allow_unicode=True)
    return f"certificate-{name or 'participant'}-{certificate.short_code}.pdf"


def certificates_zip(programme, shown_to=None):
    """The valid certificates of ``programme``, as one ZIP file's bytes.

    For police staff (``shown_to``), only the officers': a young person's certificate prints their full name
    (README rule 8).
    """

    assets = load_assets(programme=programme)
    buffer = io.BytesIO()
    certificates = programme.certificates.valid().order_by("holder_last_name", "holder_first_name", "pk")
    if shown_to is not None and hides_young_peoples_identity(shown_to):
        certificates = certificates.filter(participant__side=Side.POLICE)
    write_certificates_zip(buffer, certificates, assets)
    return buffer.getvalue()


def write_certificates_zip(handle, certificates, assets=None, progress=None):
    """Write ``certificates``' PDFs as a ZIP to the file ``handle``.

    ``progress(count)`` is called after each certificate; when it answers False the ZIP is
    abandoned (it was replaced meanwhile) and this returns False.
    """
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are already compressed
        for count, certificate in enumerate(certificates, start=1):
            archive.writestr(pdf_filename(certificate), render_certificate(certificate, assets))
            if progress is not None and progress(count) is False:
                return False
    return True




def find_by_code(code):
    """The certificate whose full or short code is ``code``, or None."""
    return Certificate.objects.for_code(code).first()
