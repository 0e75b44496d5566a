from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from youthcop.core.charts import progress_bar

from . import services
from .models import Certificate
from .permissions import certificate_policy, programmes_certified_by

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


class IssuedEarlyFormatter(LogFormatter):
    """Issuing before the last joint workshop: the history names the sessions to come and the reason."""

    label = _("Issue certificates before the programme ends")

    def format_message(self, log_entry):
        # The reason is in the message: a programme's history shows no comment column.
        data = log_entry.data or {}
        count = data.get("sessions_to_come", 0)
        return ngettext(
            "Certificate issuing started before the last joint workshop, %(count)s session still to come: %(reason)s",
            "Certificate issuing started before the last joint workshop, %(count)s sessions still to come: %(reason)s",
            count,
        ) % {"count": count, "reason": data.get("reason", "")}

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
    actions.register_action("youthcop.certificate.issued_early")(IssuedEarlyFormatter)


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


@hooks.register("youthcop_programme_admin_sections")
def programme_admin_section(request, programme):
    """Certificates issued of those eligible, on the programme overview of those who issue them: counts only."""
    if not programmes_certified_by(request.user, "issue").filter(pk=programme.pk).exists():
        return ""
    issued, eligible = services.certificate_counts(programme)
    return render_to_string(
        "youthcop_certificates/admin/programme_section.html",
        {
            "issued": issued,
            "eligible": eligible,
            "bar": progress_bar(issued, eligible, "issued"),
            "certificates_url": reverse("youthcop_admin_certificates:programme", args=[programme.pk]),
        },
        request=request,
    )


@hooks.register("youthcop_export_participant")
def export_certificates(participant):
    return services.export_participant(participant)


@hooks.register("youthcop_anonymise_participant")
def anonymise_certificates(participant):
    services.anonymise_participant(participant)


@hooks.register("youthcop_log_free_text")
def certificate_log_free_text():
    """Reasons typed for a decision by hand or a revocation: erased with the participant."""
    actions = ("youthcop.certificate.awarded_by_hand", "youthcop.certificate.refused_by_hand", "youthcop.certificate.revoked")
    return {action: ("reason",) for action in actions}


@hooks.register("youthcop_processing_register")
def certificates_processing_register():
    """What this app holds about participants, for the privacy app's register of processing."""
    hours = int(services.ARCHIVE_KEPT_FOR.total_seconds() // 3600)
    return [
        {
            "data": _("Certificates: name, programme, verification code"),
            "purpose": _("Reward and let third parties verify a certificate"),
            "basis": _("Consent"),
            "retention": _("The code stays verifiable; the name is anonymised with the participant"),
            "access": _("The participant; anyone holding the verification code"),
        },
        {
            "data": _("ZIP of a programme's certificates for printing: names"),
            "purpose": _("Print the certificates for the closing ceremony"),
            "basis": _("Consent"),
            "retention": ngettext(
                "Deleted after %(hours)s hour, and as soon as a certificate is issued, revoked or anonymised",
                "Deleted after %(hours)s hours, and as soon as a certificate is issued, revoked or anonymised",
                hours,
            )
            % {"hours": hours},
            "access": _("The programme's coordinators and facilitators (police staff: the officers' certificates only)"),
        },
    ]
