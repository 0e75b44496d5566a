from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import services
from .models import Certificate
from .permissions import certificate_policy

register_permission_policy(Certificate, certificate_policy)

LOG_ACTIONS = {
    "youthcop.certificate.issued": (_("Issue certificate"), _("Certificate issued")),
    "youthcop.certificate.revoked": (_("Revoke certificate"), _("Certificate revoked")),
    "youthcop.certificate.anonymised": (_("Anonymise certificate"), _("Certificate anonymised")),
    "youthcop.certificate.awarded_by_hand": (_("Award certificate by hand"), _("Certificate awarded by hand")),
    "youthcop.certificate.refused_by_hand": (_("Refuse certificate by hand"), _("Certificate refused by hand")),
    "youthcop.certificate.decision_cleared": (
        _("Clear certificate decision"),
        _("Certificate eligibility back to the rules"),
    ),
    "youthcop.certificate.issuing_started": (_("Issue certificates"), _("Certificate issuing started")),
}


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("youthcop_participant_sections")
def certificate_section(request, participant, token):
    """The participant's certificate on their personal page, once issued."""
    certificate = Certificate.objects.filter(participant=participant).first()
    if certificate is None:
        return ""
    return render_to_string(
        "youthcop_certificates/public/participant_section.html",
        {
            "certificate": certificate,
            "download_url": reverse("youthcop_certificates:participant_pdf", args=[token]),
        },
        request=request,
    )


@hooks.register("youthcop_export_participant")
def export_certificates(participant):
    return services.export_participant(participant)


@hooks.register("youthcop_anonymise_participant")
def anonymise_certificates(participant):
    services.anonymise_participant(participant)
