from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils import dates
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from youthcop.core import roles
from youthcop.programmes.permissions import programmes_managed_by

from .models import Activity, Session, SessionKind
from .services import LAST, Frequency, ScheduleRule

# Django's own weekday names, so their translations stay Django's (lower case in fr and nl).
WEEKDAYS = list(dates.WEEKDAYS.items())
NTH = [(1, _("first")), (2, _("second")), (3, _("third")), (4, _("fourth")), (5, _("fifth")), (LAST, _("last"))]


def facilitator_choices():
    """Staff who can lead sessions: facilitators and coordinators."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[roles.FACILITATOR, roles.COORDINATOR])
        .distinct()
        .order_by("last_name", "first_name")
    )


class SessionForm(WagtailAdminModelForm):
    activities = forms.MultipleChoiceField(
        label=_("planned activities"), choices=Activity.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Session
        fields = [
            "programme",
            "kind",
            "title",
            "theme",
            "starts_at",
            "ends_at",
            "venue_name",
            "venue_address",
            "venue_accessibility",
            "activities",
            "activity_notes",
            "shared_meal",
            "facilitators",
            "status",
            "facilitator_notes",
        ]
        widgets = {"facilitators": forms.CheckboxSelectMultiple}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "programme" in self.fields and for_user is not None:
            self.fields["programme"].queryset = programmes_managed_by(for_user)
        if "facilitators" in self.fields:
            self.fields["facilitators"].queryset = facilitator_choices()
        if "status" in self.fields and self.instance.status != Session.Status.HELD:
            # A session becomes held when its attendance is taken, not by hand.
            self.fields["status"].choices = [
                choice for choice in self.fields["status"].choices if choice[0] != Session.Status.HELD
            ]
        if self.instance.pk and "programme" in self.fields:
            self.fields["programme"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if Activity.SHARED_MEAL in (cleaned.get("activities") or []):
            cleaned["shared_meal"] = True
        return cleaned


class ScheduleForm(forms.Form):
    """Plan many sessions in one step: previewed, then created."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices, initial=SessionKind.JOINT_WORKSHOP)
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Joint workshop"))
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    frequency = forms.ChoiceField(
        label=_("Repeat"),
        choices=[(Frequency.MONTHLY, _("every month")), (Frequency.WEEKLY, _("every few weeks"))],
        initial=Frequency.MONTHLY,
        widget=forms.RadioSelect,
    )
    nth = forms.TypedChoiceField(label=_("On the"), choices=NTH, coerce=int, initial=2, required=False)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int, initial=2)
    interval_weeks = forms.IntegerField(label=_("Every how many weeks"), min_value=1, max_value=8, initial=2, required=False)
    first_date = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(label=_("Number of sessions"), min_value=1, max_value=60, initial=12)
    start_time = forms.TimeField(label=_("Starts at"), initial="18:00", widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Ends at"), initial="21:00", widget=forms.TimeInput(attrs={"type": "time"}))
    skip_dates = forms.CharField(
        label=_("Dates to skip"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("School holidays and other dates without a session: one date per line (YYYY-MM-DD)."),
    )
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    venue_accessibility = forms.CharField(
        label=_("Accessibility of the venue"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    activities = forms.MultipleChoiceField(
        label=_("Planned activities"), choices=Activity.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    shared_meal = forms.BooleanField(label=_("A shared meal is served"), required=False)
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitator_choices()
        if programme is not None and not self.is_bound:
            self.initial.setdefault("first_date", max(programme.start_date, timezone.localdate()))

    def clean_skip_dates(self):
        dates = set()
        for line in self.cleaned_data["skip_dates"].replace(",", "\n").split():
            try:
                dates.add(forms.DateField().clean(line))
            except forms.ValidationError:
                raise forms.ValidationError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": line}) from None
        return frozenset(dates)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("frequency") == Frequency.MONTHLY and not cleaned.get("nth"):
            self.add_error("nth", _("Choose which weekday of the month."))
        if cleaned.get("start_time") and cleaned.get("start_time") == cleaned.get("end_time"):
            self.add_error("end_time", _("A session must end after it starts."))
        return cleaned

    def rule(self):
        data = self.cleaned_data
        return ScheduleRule(
            kind=data["kind"],
            title=data["title"],
            theme=data["theme"],
            first_date=data["first_date"],
            count=data["count"],
            weekday=data["weekday"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            frequency=data["frequency"],
            nth=data.get("nth") or 1,
            interval_weeks=data.get("interval_weeks") or 1,
            skip_dates=data["skip_dates"],
            venue_name=data["venue_name"],
            venue_address=data["venue_address"],
            venue_accessibility=data["venue_accessibility"],
            activities=data["activities"],
            shared_meal=data["shared_meal"],
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (staff only)"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveFlagForm(forms.Form):
    note = forms.CharField(label=_("What was done"), max_length=200, required=False)
