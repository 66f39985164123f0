"""A person's data on their profile: download it all (JSON), erase the account. And the
erasure of someone else's account by an administrator."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.permissions import require

from .erasure import account_erase
from .models import User
from .personal_data import personal_data_export


class EraseOwnAccountForm(forms.Form):
    """The person confirms with their password, or, signing in through SSO only, by typing
    their e-mail address; and ticks that they understand."""

    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput, required=False)
    email = forms.CharField(label=gettext_lazy("Type your e-mail address to confirm"), required=False)
    understood = forms.BooleanField(
        label=gettext_lazy("I understand that my account is erased for good and cannot be restored."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["email"]
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["email"].required = True

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password

    def clean_email(self):
        email = self.cleaned_data.get("email", "").strip().lower()
        if email != self.user.email.lower():
            raise forms.ValidationError(_("This is not your e-mail address."))
        return email


class ErasePersonForm(forms.Form):
    email = forms.CharField(label=gettext_lazy("Type the person's e-mail address to confirm"))

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email != self.person.email.lower():
            raise forms.ValidationError(_("This is not the person's e-mail address."))
        return email


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data_view(request):
    """The "My data" page: what the download contains, and the erasure form."""
    user = request.user
    form = EraseOwnAccountForm(request.POST or None, user=user)
    if request.method == "POST":
        require(user, "accounts.erase_account", user)
        if form.is_valid():
            account_erase(user=user, by=user)
            logout(request)
            messages.success(request, _("Your account is erased. Thank you for your ideas."))
            return redirect("account_login")
    return render(request, "accounts/my_data.html", {"form": form})


def export_filename() -> str:
    return f"multitude-my-data-{timezone.localdate().isoformat()}.json"


@never_cache
@login_required
@require_GET
def my_data_export_view(request):
    document = personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def person_erase_view(request, pk: int):
    person = get_object_or_404(User, pk=pk, erased_at__isnull=True)
    require(request.user, "accounts.erase_account", person)
    if person.pk == request.user.pk:
        return redirect("accounts:my_data")
    form = ErasePersonForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        account_erase(user=person, by=request.user)
        messages.success(request, _("The account is erased: it now shows as a former employee."))
        return redirect("ideas:list")
    return render(request, "accounts/erase_person.html", {"person": person, "form": form})
