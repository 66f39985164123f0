"""Profiles and the language switcher."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.files import protected_file_response
from ideas.selectors import idea_list

from .forms import ProfileForm
from .models import User
from .services import profile_update


@login_required
@require_GET
def profile_view(request, pk: int):
    person = get_object_or_404(User.objects.select_related("entity", "manager"), pk=pk, is_active=True)
    ideas = idea_list(viewer=request.user, author=person)[:20]
    return render(request, "accounts/profile.html", {"person": person, "ideas": ideas})


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit_view(request):
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name, "job_title": user.job_title, "language": user.language}
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(user=user, avatar=form.cleaned_data.get("avatar") or None, **{
                key: form.cleaned_data[key] for key in ("first_name", "last_name", "job_title", "language")
            })
        except ValidationError as error:
            form.add_error("avatar", error.messages)
        else:
            if user.language:
                translation.activate(user.language)
            messages.success(request, _("Your profile is saved."))
            response = redirect("accounts:profile", pk=user.pk)
            if user.language:
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            return response
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
@require_GET
def avatar_view(request, pk: int, variant: str):
    person = get_object_or_404(User, pk=pk)
    return protected_file_response(person.avatar_thumbnail if variant == "thumb" else person.avatar)


@require_POST
def set_language_view(request):
    """Switch the interface language; a signed-in user keeps the choice on their profile."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response
