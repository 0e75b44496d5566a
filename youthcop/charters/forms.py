from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from youthcop.core import ratelimit

from youthcop.programmes.models import Participant

from . import services
from .models import Proposal


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Your proposal"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("We commit to …")}),
        help_text=_("Start with “We commit to …”: one commitment the whole group could keep."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(forms.Form):
    """What a signer sends: their typed name, the ticked commitment and what they were shown."""

    typed_name = forms.CharField(
        label=_("Type your first and last name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    commitment = forms.BooleanField(
        label=_("I have read this charter and I commit to keep it."),
        error_messages={"required": _("Tick the box to commit to the charter.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    language = forms.CharField(max_length=10, widget=forms.HiddenInput)
    sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def sign(self, request, participant, version, *, method, by=None):
        """Sign ``version`` as the valid form says, with the request's evidence (README rule 4).

        Returns the signature, or None with the error on ``typed_name`` when the name does
        not match; any other refusal raises ``CharterError``.
        """
        data = self.cleaned_data
        if data["version"] != version.pk:
            raise services.NotCurrentVersion
        try:
            return services.sign(
                participant,
                version,
                typed_name=data["typed_name"],
                language=data["language"],
                method=method,
                ip=ratelimit.client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                by=by,
                shown_sha256=data["sha256"],
            )
        except services.NameMismatch as mismatch:
            self.add_error("typed_name", str(mismatch))
            return None


class PaperProposalForm(forms.Form):
    """A proposal collected on paper in a workshop, entered by a facilitator."""

    participant = forms.ModelChoiceField(label=_("Written by"), queryset=Participant.objects.none())
    text = forms.CharField(label=_("Proposal"), max_length=600, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants


class DecisionForm(forms.Form):
    ACCEPT, MERGE, DECLINE = "accept", "merge", "decline"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ACCEPT, _("Accept into the draft")),
            (MERGE, _("Merge with a similar proposal")),
            (DECLINE, _("Decline, with a reason the author sees")),
        ],
        widget=forms.RadioSelect,
    )
    merge_into = forms.ModelChoiceField(label=_("Similar proposal"), queryset=Proposal.objects.none(), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = Proposal.objects.filter(
            programme_id=proposal.programme_id,
            kind=proposal.kind,
            status__in=[Proposal.Status.OPEN, Proposal.Status.ACCEPTED],
        ).exclude(pk=proposal.pk)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.MERGE and not cleaned.get("merge_into"):
            self.add_error("merge_into", _("Choose the proposal it repeats."))
        if cleaned.get("decision") == self.DECLINE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the author a reason."))
        return cleaned


class TranslateCharterForm(forms.Form):
    locale = forms.ModelChoiceField(label=_("Translate into"), queryset=Locale.objects.none(), empty_label=None)

    def __init__(self, *args, locales, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].queryset = locales
        self.fields["locale"].label_from_instance = lambda locale: locale.get_display_name()
