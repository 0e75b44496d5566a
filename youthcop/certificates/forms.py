from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EligibilityDecision

AUTOMATIC = "automatic"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(AUTOMATIC, _("Follow the rules (attendance and charter)")), *EligibilityDecision.Decision.choices],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Required when you award or refuse by hand. Kept in the history."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") not in (None, AUTOMATIC) and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for deciding by hand."))
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Kept in the history; the public verification page only says the certificate is revoked."),
    )


class IssueForm(forms.Form):
    send_email = forms.BooleanField(
        label=_("Email each participant their certificate"),
        required=False,
        help_text=_("Participants without an email address download it from their personal page."),
    )
