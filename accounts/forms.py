from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Entity, User


class EntityChoiceField(forms.ModelChoiceField):
    """Business units shown as an indented tree."""

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
