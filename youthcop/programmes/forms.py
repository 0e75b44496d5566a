from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import DietaryNeed, Organisation, Participant, Side
from .permissions import may_register, programmes_open_for_registration_by


class GuardianConsentForm(forms.Form):
    participation = forms.ChoiceField(
        label=_("Do you agree that your child takes part in this programme?"),
        choices=[("yes", _("Yes, I agree")), ("no", _("No, I do not agree"))],
        widget=forms.RadioSelect,
    )
    photos = forms.BooleanField(
        label=_("I also agree that photos in which my child appears are taken and shared by the programme."),
        required=False,
    )


class ParticipantForm(WagtailAdminModelForm):
    """The youth worker's registration and edit form."""

    dietary_needs = forms.MultipleChoiceField(
        label=_("dietary needs for shared meals"),
        choices=DietaryNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Participant
        fields = [
            "programme",
            "side",
            "first_name",
            "last_name",
            "date_of_birth",
            "gender",
            "email",
            "phone",
            "preferred_language",
            "organisation",
            "police_unit",
            "dietary_needs",
            "accessibility_needs",
            "guardian_name",
            "guardian_email",
            "guardian_phone",
        ]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "programme" in self.fields and for_user is not None:
            self.fields["programme"].queryset = programmes_open_for_registration_by(for_user)
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                kind__in=[Organisation.Kind.YOUTH_ORGANISATION, Organisation.Kind.POLICE_ZONE]
            )
        if self.instance.pk:
            # Moving someone between programmes or sides would bypass the quotas.
            for name in ("programme", "side"):
                self.fields.pop(name, None)

    def clean(self):
        cleaned = super().clean()
        side = cleaned.get("side") or self.instance.side
        programme = cleaned.get("programme") or getattr(self.instance, "programme", None)
        birth = cleaned.get("date_of_birth")
        if side == Side.YOUTH and not birth:
            self.add_error("date_of_birth", _("A young person's date of birth is needed to know if they are a minor."))
        if side == Side.POLICE:
            cleaned["date_of_birth"] = None
            cleaned["guardian_name"] = cleaned["guardian_email"] = cleaned["guardian_phone"] = ""
            if not cleaned.get("police_unit"):
                self.add_error("police_unit", _("Choose the officer's unit."))
        elif side == Side.YOUTH:
            cleaned["police_unit"] = ""
        if side == Side.YOUTH and birth and programme:
            probe = Participant(programme=programme, side=side, date_of_birth=birth)
            if probe.is_minor and not (cleaned.get("guardian_name") and (cleaned.get("guardian_email") or cleaned.get("guardian_phone"))):
                self.add_error(
                    "guardian_name",
                    _("This young person is a minor: give a guardian's name and an email or phone number."),
                )
        return cleaned


class RegistrationForm(ParticipantForm):
    """Registration adds how the guardian's consent is collected."""

    CONSENT_BY_EMAIL = "email"
    CONSENT_ON_PAPER = "paper"

    consent_method = forms.ChoiceField(
        label=_("Guardian consent (minors only)"),
        choices=[
            (CONSENT_BY_EMAIL, _("Email the guardian a link to give consent")),
            (CONSENT_ON_PAPER, _("I collected the guardian's signed paper form")),
        ],
        initial=CONSENT_BY_EMAIL,
        widget=forms.RadioSelect,
        required=False,
    )
    paper_form_date = forms.DateField(
        label=_("Date on the paper form"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    paper_photos = forms.BooleanField(label=_("The paper form also consents to photos"), required=False)

    def clean(self):
        cleaned = super().clean()
        programme, side = cleaned.get("programme"), cleaned.get("side")
        if self.for_user is not None and programme and side and not may_register(self.for_user, programme, side):
            # README rule 8: youth workers register young people; officers are registered by the coordinator.
            self.add_error("side", _("Police officers are registered by the programme's coordinator."))
        if cleaned.get("consent_method") == self.CONSENT_ON_PAPER:
            date = cleaned.get("paper_form_date")
            if not date:
                self.add_error("paper_form_date", _("Give the date written on the paper form."))
            elif date > timezone.localdate():
                self.add_error("paper_form_date", _("The paper form cannot be dated in the future."))
        elif cleaned.get("consent_method") == self.CONSENT_BY_EMAIL and self._is_minor(cleaned):
            if not cleaned.get("guardian_email"):
                self.add_error("guardian_email", _("Give the guardian's email so that the consent link can be sent."))
        return cleaned

    def _is_minor(self, cleaned):
        if cleaned.get("side") != Side.YOUTH or not cleaned.get("programme") or not cleaned.get("date_of_birth"):
            return False
        return Participant(programme=cleaned["programme"], side=Side.YOUTH, date_of_birth=cleaned["date_of_birth"]).is_minor

    def paper_consent(self):
        """The paper consent to record with the registration, or None."""
        if self.cleaned_data.get("consent_method") != self.CONSENT_ON_PAPER or not self._is_minor(self.cleaned_data):
            return None
        return {
            "participation": True,
            "photos": self.cleaned_data["paper_photos"],
            "paper_form_date": self.cleaned_data["paper_form_date"],
        }

    def participant_fields(self):
        """The cleaned values of the participant's own fields, for ``services.enrol``."""
        model_fields = {field.name for field in Participant._meta.concrete_fields}
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in model_fields and name != "programme"
        }


class PaperConsentForm(forms.Form):
    participation = forms.TypedChoiceField(
        label=_("The guardian"),
        choices=[("1", _("consents to participation")), ("0", _("refuses or withdraws consent"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    photos = forms.BooleanField(label=_("consents to photos"), required=False)
    paper_form_date = forms.DateField(label=_("Date on the paper form"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_paper_form_date(self):
        date = self.cleaned_data["paper_form_date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The paper form cannot be dated in the future."))
        return date


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
