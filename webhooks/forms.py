from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import CountedCharField

from .models import Endpoint, EventKind, Format


class EndpointForm(forms.Form):
    name = CountedCharField(label=_("Name"), max_length=Endpoint._meta.get_field("name").max_length)
    # Any text: the service says why an address is refused (scheme, private network...).
    url = forms.CharField(label=_("Address (URL)"), max_length=Endpoint._meta.get_field("url").max_length,
                          widget=forms.URLInput, help_text=_("Public http:// or https:// address of the receiver."))
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices, initial=Format.GENERIC)
    kinds = forms.MultipleChoiceField(label=_("Events sent"), choices=EventKind.choices,
                                      widget=forms.CheckboxSelectMultiple)
    language = forms.ChoiceField(label=_("Language of the messages"), choices=settings.LANGUAGES,
                                 initial=settings.LANGUAGE_CODE)
