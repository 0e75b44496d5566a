from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from youthcop.core.widgets import NativeDateInput

from . import meal_needs
from .services import offer_deadline
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
    meal_needs = forms.BooleanField(
        label=_(
            "I agree that my child's meal needs for the shared meals (vegetarian, vegan, halal, kosher, a food "
            "allergy) are recorded. They can reveal a religion or a health condition: only the youth worker and "
            "the coordinators see them, the facilitators see only how many meals of each kind to plan, and they "
            "are deleted when the programme ends."
        ),
        required=False,
    )


class ParticipantForm(WagtailAdminModelForm):
    """The youth worker's registration and edit form."""

    dietary_needs = forms.MultipleChoiceField(
        label=_("dietary needs for shared meals"),
        choices=DietaryNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=meal_needs.SPECIAL_CATEGORY,
    )
    meal_needs_consent = forms.BooleanField(
        label=_("The person explicitly agreed that these meal needs are recorded (adults and officers)"),
        help_text=_("For a minor, the guardian's consent counts: the meal-needs box of their consent form."),
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
        widgets = {"date_of_birth": NativeDateInput}

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
            if for_user is not None and not meal_needs.may_see(for_user, self.instance):
                # Special-category data: facilitators and advisors see counts only (README rule 6).
                for name in ("dietary_needs", "meal_needs_consent"):
                    self.fields.pop(name, None)
            elif "meal_needs_consent" in self.fields:
                self.fields["meal_needs_consent"].initial = self.instance.meal_needs_consent_by == meal_needs.BY_PARTICIPANT

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
        self._clean_meal_needs(cleaned, side, programme, birth)
        if side == Side.YOUTH and birth and programme:
            probe = Participant(programme=programme, side=side, date_of_birth=birth)
            if probe.is_minor and not (cleaned.get("guardian_name") and (cleaned.get("guardian_email") or cleaned.get("guardian_phone"))):
                self.add_error(
                    "guardian_name",
                    _("This young person is a minor: give a guardian's name and an email or phone number."),
                )
        return cleaned


    def _is_minor_for(self, side, programme, birth):
        return bool(side == Side.YOUTH and programme and birth and Participant(programme=programme, side=side, date_of_birth=birth).is_minor)

    def _guardian_consents_to_meal_needs(self, cleaned):
        return bool(self.instance.pk and meal_needs.guardian_consented(self.instance))

    def _clean_meal_needs(self, cleaned, side, programme, birth):
        """Meal needs only with explicit consent: the person's, or the guardian's for a minor (README rule 6)."""
        if "dietary_needs" not in self.fields:
            return
        minor = self._is_minor_for(side, programme, birth)
        error = meal_needs.validation_error(
            minor=minor,
            needs=cleaned.get("dietary_needs"),
            participant_consents=cleaned.get("meal_needs_consent"),
            guardian_consents=self._guardian_consents_to_meal_needs(cleaned),
        )
        if error:
            self.add_error("dietary_needs", error)
            return
        if not cleaned.get("dietary_needs"):
            self.meal_needs_values = meal_needs.consent_fields([], by="")
        elif minor:
            self.meal_needs_values = meal_needs.consent_fields(cleaned["dietary_needs"], by=meal_needs.BY_GUARDIAN)
            if self.instance.pk:
                self.meal_needs_values["meal_needs_consent_at"] = self.instance.consent.recorded_at
        else:
            self.meal_needs_values = meal_needs.consent_fields(cleaned["dietary_needs"], by=meal_needs.BY_PARTICIPANT)
        cleaned["meal_needs_consent_by"] = self.meal_needs_values["meal_needs_consent_by"]

    def save(self, commit=True):
        values = getattr(self, "meal_needs_values", None)
        if values is not None:
            unchanged = self.instance.pk and self.instance.meal_needs_consent_by == values["meal_needs_consent_by"]
            for name, value in values.items():
                if not (unchanged and name == "meal_needs_consent_at" and value):
                    setattr(self.instance, name, value)
        return super().save(commit=commit)


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
        label=_("Date on the paper form"), required=False, widget=NativeDateInput
    )
    paper_photos = forms.BooleanField(label=_("The paper form also consents to photos"), required=False)
    paper_meal_needs = forms.BooleanField(
        label=_("The paper form also consents to recording the meal needs"), required=False
    )

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
            "meal_needs": self.cleaned_data.get("paper_meal_needs", False),
            "paper_form_date": self.cleaned_data["paper_form_date"],
        }

    def _guardian_consents_to_meal_needs(self, cleaned):
        return cleaned.get("consent_method") == self.CONSENT_ON_PAPER and bool(cleaned.get("paper_meal_needs"))

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
    meal_needs = forms.BooleanField(label=_("consents to recording the child's meal needs"), required=False)
    paper_form_date = forms.DateField(label=_("Date on the paper form"), widget=NativeDateInput)

    def clean_paper_form_date(self):
        date = self.cleaned_data["paper_form_date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The paper form cannot be dated in the future."))
        return date


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class TakeBackOfferForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in their history, e.g. \"declined by phone\"."),
    )


class OfferForm(forms.Form):
    """A coordinator offers a waiting place to a person they choose: why, and by when it must be accepted."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this person, for the mix the method asks for. Kept in their history."),
    )
    accept_by = forms.DateField(
        label=_("To accept by"),
        widget=NativeDateInput,
        help_text=_("The place stays theirs until the end of this day, then moves on."),
    )

    def __init__(self, *args, programme, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)
        self.fields["accept_by"].initial = timezone.localdate(offer_deadline())

    def clean_accept_by(self):
        day = self.cleaned_data["accept_by"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Give a day after today."))
        if day > self.programme.end_date:
            raise forms.ValidationError(_("Give a day before the programme ends."))
        return day
