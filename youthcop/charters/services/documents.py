"""The adopted charter and a participant's signed copy as PDF."""

from django.template.loader import render_to_string
from django.utils import translation

from youthcop.core.pdf import render_pdf
from youthcop.programmes.permissions import participants_of_as_seen_by
from youthcop.programmes.wording import Wording

from .signing import signatures_of_version


def charter_pdf(version, language=None, shown_to=None):
    """The adopted version with its signatories (names, side, date) and an evidence page.

    ``shown_to``: the staff user downloading it, who sees the signatories as README rule 8 lets them.
    """
    language = language or version.original_language
    text = version.text_in(language)
    signatures = list(signatures_of_version(version))
    if shown_to is not None:
        signatures = participants_of_as_seen_by(shown_to, signatures)
        for signature in signatures:
            if getattr(signature.participant, "identity_withheld", False):
                signature.typed_name = signature.participant.full_name  # the name typed is the full name too
    with translation.override(text.language):
        html = render_to_string(
            "youthcop_charters/pdf/charter.html",
            {
                "version": version,
                "programme": Wording(version.programme, text.language).programme,  # named in the text's language
                "text": text,
                "texts": version.texts.all(),
                "signatures": signatures,
                "show_signatories": True,
            },
        )
    return render_pdf(html)


def signed_copy_pdf(signature):
    """A participant's own signed copy: the text they signed and the evidence of their signature only."""
    version = signature.version
    text = version.text_in(signature.language)
    language = signature.participant.preferred_language
    with translation.override(language):
        html = render_to_string(
            "youthcop_charters/pdf/charter.html",
            {
                "version": version,
                "programme": Wording(version.programme, language).programme,  # named in their language
                "text": text,
                "texts": [text],
                "signatures": [signature],
                "signature_count": version.signatures.count(),
                "own_copy": True,
            },
        )
    return render_pdf(html)
