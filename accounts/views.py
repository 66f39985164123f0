"""Profiles, the language switcher and the admin's sign-in (sent to the site's)."""

from allauth.mfa.base.views import AuthenticateView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
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


@require_GET
def admin_sign_in_view(request):
    """The Django admin's own sign-in page would sign people in with a password alone,
    skipping the second factor: it sends them to the site's sign-in (allauth, with its
    code stage and rate limits) and back to the admin afterwards."""
    from django.contrib import admin

    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect("admin:index")
        # Signed in, but not staff: sending them to sign in again would loop.
        raise PermissionDenied
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = reverse("admin:index")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


class SecondFactorView(AuthenticateView):
    """allauth's code stage of the sign-in, answering 429 once wrong codes have reached the
    limits (ACCOUNT_RATE_LIMITS["login_failed"]: per account and per address), so that the
    refusal is plain to people and to scripts; the page says to try again later."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("code", code="too_many_login_attempts"):
            response.status_code = 429
        return response


second_factor_view = SecondFactorView.as_view()
