"""Form widgets that name staff by their full name, not their username."""

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
