"""Filters of the API's query strings that refuse what their schema does not allow."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); left out or empty: no filter. Anything else is a 400, where
    Django's NullBooleanField reads "null" or "maybe" as "no filter"."""

    widget = forms.TextInput  # NullBooleanSelect would read any unknown value as "no filter"
    ACCEPTED = {"true": True, "1": True, "True": True, "false": False, "0": False, "False": False}
    default_error_messages = {"invalid": _("Give true or false.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        if value not in self.ACCEPTED:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return self.ACCEPTED[value]

    def validate(self, value):
        pass


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField
