from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services


class AnswersForm(forms.Form):
    """One 5-point choice per statement; ``answers()`` maps each statement's key to its value."""

    def __init__(self, statements, *args, **kwargs):
        initial = kwargs.pop("initial_values", {}) or {}
        super().__init__(*args, **kwargs)
        scale = [(str(value), _(label)) for value, label in zip(range(1, 6), services.SCALE_LABELS)]
        self.keys = {}
        for number, (key, text) in enumerate(statements, 1):
            name = f"s{number}"
            self.keys[name] = key
            self.fields[name] = forms.TypedChoiceField(
                label=text,
                choices=scale,
                coerce=int,
                widget=forms.RadioSelect,
                initial=str(initial[key]) if key in initial else None,
                error_messages={"required": gettext_lazy("Please choose an answer.")},
            )

    def answers(self):
        return {key: self.cleaned_data[name] for name, key in self.keys.items()}


class OpenRoundForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Round"), choices=services.RoundKind.choices)
    closes_on = forms.DateField(
        label=gettext_lazy("Open until (included)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Two weeks if left empty; the round before the programme closes when the first joint workshop begins."),
    )
