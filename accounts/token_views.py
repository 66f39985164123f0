"""Personal API tokens on the profile: list, create (the secret is shown once, on the page
that answers the creation, never stored nor put in a message), revoke."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import Conflict

from .models import ApiToken
from .tokens import NAME_MAX_LENGTH, api_token_create, api_token_revoke, api_tokens_of


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Token name"), max_length=NAME_MAX_LENGTH,
        help_text=gettext_lazy("What will use it, e.g. “weekly report script”."),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens_view(request):
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = api_token_create(by=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            for message in error.message_dict.get("name", error.messages):
                form.add_error("name", message)
        except Conflict as error:
            form.add_error(None, error.message)
        else:
            created = {"token": token, "secret": secret}
            form = ApiTokenForm()
    return render(request, "accounts/api_tokens.html", {
        "form": form, "tokens": api_tokens_of(user=request.user), "created": created,
    })


@login_required
@require_POST
def api_token_revoke_view(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("accounts:api_tokens")
