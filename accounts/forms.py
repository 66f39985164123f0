from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Entity, User


class DirectSelect(forms.Select):
    """A select written in one pass. Django renders each option through a template (about
    0.15 ms each): 70 ms for the ~500 business units of a 45,000-person company, on every
    page with a business unit filter (bench/). Same markup, without the per-option templates."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            chosen = option_value in selected
            options.append(format_html('<option value="{}"{}>{}</option>', option_value,
                                       mark_safe(" selected") if chosen else "", label))
            if chosen:
                selected.discard(option_value)  # a single select marks one option only
        return format_html("<select name=\"{}\"{}>\n  {}\n</select>", name, flatatt(attrs),
                           mark_safe("\n  ".join(options)))


class EntityChoiceField(forms.ModelChoiceField):
    """Business units shown as an indented tree."""

    widget = DirectSelect

    def __init__(self, **kwargs):
        super().__init__(queryset=Entity.objects.order_by("path"), **kwargs)

    def label_from_instance(self, obj):
        return "\u00a0\u00a0" * obj.depth + obj.name


class SignupForm(forms.Form):
    """Extra sign-up fields, added by allauth to its own form."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    entity = EntityChoiceField(label=_("Business unit"), empty_label=_("Choose your business unit"))

    def signup(self, request, user: User) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.entity = self.cleaned_data["entity"]
        user.language = getattr(request, "LANGUAGE_CODE", "") or ""
        user.save()


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("Browser default"))] + list(settings.LANGUAGES), required=False)
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF; it is cropped to a square."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
