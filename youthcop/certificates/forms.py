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

    def __init__(self, *args, early=None, **kwargs):
        """``early``: a ``services.EarlyIssuing`` when the last joint workshop is not held yet."""
        super().__init__(*args, **kwargs)
        self.early = early
        if early is None:
            return
        # The count the facilitator confirmed travels with the form: if it changed meanwhile, they are asked again.
        self.fields["sessions_to_come"] = forms.IntegerField(widget=forms.HiddenInput, initial=early.sessions_to_come)
        self.fields["confirm_early"] = forms.BooleanField(
            label=_("Issue the certificates now anyway"),
            help_text=early.message,
            error_messages={"required": _("Tick the box to confirm that you issue the certificates before the programme ends.")},
        )
        self.fields["reason"] = forms.CharField(
            label=_("Why now?"),
            max_length=300,
            help_text=_("Kept in the programme's history."),
            error_messages={"required": _("Give a reason for issuing the certificates before the programme ends.")},
        )
