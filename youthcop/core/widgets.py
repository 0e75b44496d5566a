"""Form widgets: staff named by their full name, not their username; the browser's date and time pickers."""

from django import forms
from django.forms.models import ModelChoiceIteratorValue


def person_label(value, label):
    """The full name of the user behind a model choice, or ``label`` when there is none."""
    instance = getattr(value, "instance", None) if isinstance(value, ModelChoiceIteratorValue) else None
    return (instance.get_full_name() or label) if instance is not None else label


class PersonLabelsMixin:
    def create_option(self, name, value, label, *args, **kwargs):
        return super().create_option(name, value, person_label(value, label), *args, **kwargs)


class PersonSelect(PersonLabelsMixin, forms.Select):
    """A user picker listing people as "Inès Dubois", not "facilitator1"."""


class PersonCheckboxSelectMultiple(PersonLabelsMixin, forms.CheckboxSelectMultiple):
    """Several users ticked by their full names."""


class NativeDateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO 8601 (2026-12-09), whatever the user's language:
    a localised value ("09/12/2026" in French) would leave the picker empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class NativeTimeInput(forms.TimeInput):
    """The browser's time picker, its value as 18:00."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")
