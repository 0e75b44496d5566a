import copy
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.forms.utils import ErrorDict
from django.utils import dates, formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from youthcop.core import roles
from youthcop.core.widgets import NativeDateInput, NativeTimeInput, PersonCheckboxSelectMultiple
from youthcop.programmes.permissions import programmes_managed_by

from .models import Activity, Session, SessionKind
from .services import LAST, NUMBERED_TITLES, PLANNED_KINDS, Frequency, ScheduleRule, dates_fitting, site_zone
from .services.schedule import local_datetime

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
            "venue_directions",
            "venue_accessibility",
            "activities",
            "activity_notes",
            "shared_meal",
            "facilitators",
            "status",
            "facilitator_notes",
        ]
        widgets = {"facilitators": PersonCheckboxSelectMultiple}

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


# Each planned kind's defaults: (frequency, nth, weekday, every, start, end, shared meal).
KIND_DEFAULTS = {
    SessionKind.JOINT_WORKSHOP: (Frequency.MONTHLY, 2, 2, 1, "18:00", "21:00", True),
    SessionKind.YOUTH_PREPARATION: (Frequency.MONTHLY, 1, 2, 1, "17:00", "19:00", False),
    SessionKind.POLICE_BRIEFING: (Frequency.MONTHLY, 1, 1, 1, "14:00", "15:30", False),
    SessionKind.STEERING_COMMITTEE: (Frequency.MONTHLY, 1, 3, 3, "12:30", "14:00", False),
}


class KindScheduleForm(forms.Form):
    """One kind's rule in the year planner (its own prefix): only validated when it is switched on."""

    REQUIRED = ("title", "frequency", "weekday", "first_date", "count", "start_time", "end_time")

    enabled = forms.BooleanField(label=_("Plan these sessions"), required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=190,
        required=False,
        help_text=_("Each session is numbered after it, following the sessions of this kind already planned."),
    )
    frequency = forms.ChoiceField(
        label=_("Repeat"),
        choices=[(Frequency.MONTHLY, _("monthly, on a weekday of the month")), (Frequency.WEEKLY, _("weekly"))],
        required=False,
        widget=forms.RadioSelect,
    )
    nth = forms.TypedChoiceField(label=_("On the"), choices=NTH, coerce=int, required=False)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int, required=False)
    interval = forms.IntegerField(
        label=_("Every how many months (or weeks)"), min_value=1, max_value=12, required=False
    )
    first_date = forms.DateField(label=_("From"), required=False, widget=NativeDateInput)
    count = forms.IntegerField(label=_("Number of sessions"), min_value=1, max_value=60, required=False)
    start_time = forms.TimeField(label=_("Starts at"), required=False, widget=NativeTimeInput)
    end_time = forms.TimeField(label=_("Ends at"), required=False, widget=NativeTimeInput)
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    shared_meal = forms.BooleanField(label=_("A shared meal is served"), required=False)

    def __init__(self, *args, kind, programme, **kwargs):
        super().__init__(*args, prefix=kind, **kwargs)
        self.kind = kind
        self.programme = programme
        if not self.is_bound:
            self.initial.update(self.defaults())

    @property
    def label(self):
        return SessionKind(self.kind).label

    def defaults(self):
        """Sensible values from the programme's dates: from its start (or today), as many as fit before its end."""
        frequency, nth, weekday, every, start, end, meal = KIND_DEFAULTS[self.kind]
        first_date = max(self.programme.start_date, timezone.localdate())
        values = {
            "enabled": True,
            "title": NUMBERED_TITLES[self.kind],
            "frequency": frequency,
            "nth": nth,
            "weekday": weekday,
            "interval": every,
            "first_date": first_date,
            "start_time": start,
            "end_time": end,
            "shared_meal": meal,
        }
        rule = self._rule_from({**values, "count": 1, "venue_name": "", "venue_address": ""})
        fitting = dates_fitting(self.programme, rule)
        # A programme already over (or with no such day left) plans nothing unless asked to.
        values.update(count=max(1, min(60, fitting)), enabled=fitting > 0)
        return values

    @property
    def is_enabled(self):
        if not self.is_bound:
            return bool(self.initial.get("enabled"))
        return self.fields["enabled"].widget.value_from_datadict(self.data, self.files, self.add_prefix("enabled"))

    def full_clean(self):
        if self.is_bound and not self.is_enabled:
            # A section switched off plans nothing, whatever its fields hold.
            self._errors, self.cleaned_data = ErrorDict(), {"enabled": False}
            return
        super().full_clean()

    def clean(self):
        cleaned = super().clean()
        for name in self.REQUIRED:
            if cleaned.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, forms.Field.default_error_messages["required"])
        if cleaned.get("frequency") == Frequency.MONTHLY and not cleaned.get("nth"):
            self.add_error("nth", _("Choose which weekday of the month."))
        if cleaned.get("start_time") and cleaned.get("start_time") == cleaned.get("end_time"):
            self.add_error("end_time", _("A session must end after it starts."))
        first_date, programme = cleaned.get("first_date"), self.programme
        if first_date and programme.end_date and first_date > programme.end_date:
            self.add_error(
                "first_date",
                _("The programme ends on %(end)s: choose a date before it.")
                % {"end": formats.date_format(programme.end_date, "j F Y")},
            )
        return cleaned

    def _rule_from(self, data, skip_dates=frozenset()):
        monthly = data["frequency"] == Frequency.MONTHLY
        return ScheduleRule(
            kind=self.kind,
            title=str(data["title"]).strip(),
            numbered=True,
            first_date=data["first_date"],
            count=data["count"],
            weekday=data["weekday"],
            start_time=forms.TimeField().clean(data["start_time"]),
            end_time=forms.TimeField().clean(data["end_time"]),
            frequency=data["frequency"],
            nth=data.get("nth") or 1,
            interval_months=(data.get("interval") or 1) if monthly else 1,
            interval_weeks=1 if monthly else (data.get("interval") or 1),
            skip_dates=skip_dates,
            venue_name=data["venue_name"],
            venue_address=data["venue_address"],
            shared_meal=bool(data.get("shared_meal")),
        )

    def rule(self, skip_dates=frozenset()):
        return self._rule_from(self.cleaned_data, skip_dates)


class PlanForm(forms.Form):
    """What the year planner's kinds share: the dates without sessions and the facilitators."""

    skip_dates = forms.CharField(
        label=_("Dates to skip"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("School holidays and other dates without a session: one date per line (YYYY-MM-DD)."),
    )
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"), queryset=None, required=False, widget=PersonCheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitator_choices()

    def clean_skip_dates(self):
        dates = set()
        for line in self.cleaned_data["skip_dates"].replace(",", "\n").split():
            try:
                dates.add(forms.DateField().clean(line))
            except forms.ValidationError:
                raise forms.ValidationError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": line}) from None
        return frozenset(dates)


class YearPlanner:
    """The year planner's forms: the shared one and one section per kind (``PLANNED_KINDS``)."""

    def __init__(self, programme, data=None):
        self.programme = programme
        self.common = PlanForm(data)
        self.sections = [KindScheduleForm(data, kind=kind, programme=programme) for kind in PLANNED_KINDS]

    def is_valid(self):
        valid = self.common.is_valid()
        valid = all([section.is_valid() for section in self.sections]) and valid
        if valid and not self.enabled_sections():
            self.common.add_error(None, _("Switch on at least one kind of session."))
            return False
        return valid

    def enabled_sections(self):
        return [section for section in self.sections if section.is_enabled]

    def rules(self):
        skip = self.common.cleaned_data["skip_dates"]
        return [section.rule(skip) for section in self.enabled_sections()]

    @property
    def facilitators(self):
        return self.common.cleaned_data["facilitators"]


class MoveForm(forms.Form):
    """A session's new date and time (the site's wall clock), and optionally its new venue."""

    day = forms.DateField(label=_("New date"), widget=NativeDateInput)
    start_time = forms.TimeField(label=_("Starts at"), widget=NativeTimeInput)
    end_time = forms.TimeField(label=_("Ends at"), widget=NativeTimeInput)
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        if not self.is_bound:
            starts = timezone.localtime(session.starts_at, site_zone())
            ends = timezone.localtime(session.ends_at, site_zone())
            self.initial.update(
                day=starts.date(),
                start_time=starts.strftime("%H:%M"),
                end_time=ends.strftime("%H:%M"),
                venue_name=session.venue_name,
                venue_address=session.venue_address,
            )

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            cleaned["starts_at"] = local_datetime(day, start)
            end_day = day if end > start else day + datetime.timedelta(days=1)
            cleaned["ends_at"] = local_datetime(end_day, end)
            if cleaned["starts_at"] == self.session.starts_at and cleaned["ends_at"] == self.session.ends_at and (
                cleaned.get("venue_name") == self.session.venue_name
                and cleaned.get("venue_address") == self.session.venue_address
            ):
                raise forms.ValidationError(_("Nothing changed: choose a new date, time or venue."))
        return cleaned

    def moved_copy(self):
        """The session as it will be after the move, unsaved: for the notice's preview."""
        session = copy.copy(self.session)
        session.starts_at, session.ends_at = self.cleaned_data["starts_at"], self.cleaned_data["ends_at"]
        session.venue_name = self.cleaned_data["venue_name"]
        session.venue_address = self.cleaned_data["venue_address"]
        return session


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (staff only)"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveFlagForm(forms.Form):
    note = forms.CharField(label=_("What was done"), max_length=200, required=False)
