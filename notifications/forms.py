from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, Kind, default_channel


class PreferencesForm(forms.Form):
    """One choice per kind of notification."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Channel.choices, widget=forms.RadioSelect,
                initial=current.get(kind.value, default_channel(kind)),
            )

    def choices(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data[kind.value] for kind in Kind}


class FollowForm(forms.Form):
    action = forms.ChoiceField(choices=[("follow", _("Follow")), ("unfollow", _("Unfollow"))])
