from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.utils import translation
from django.utils.translation import gettext as _

from . import identity


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's. The language switcher
    saves it on the profile, so it follows the person from one device to another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


def _exempt(path: str) -> bool:
    prefixes = ("/accounts/", "/language/", settings.STATIC_URL, settings.MEDIA_URL)
    return any(path.startswith(prefix) for prefix in prefixes if prefix)


class MfaRequiredMiddleware:
    """Sends people whose role calls for a second factor, and who have none yet, to the
    authenticator app set-up page before any other page (see accounts.identity). Sign-in,
    sign-out and the set-up pages themselves (all under /accounts/) stay reachable. The API
    answers 403 to such a session; personal API tokens do not go through sessions.

    A session of those roles signed in without the code although an authenticator app is
    set up (a path that skipped allauth's code stage) is ended on any page, /accounts/
    included (the app could be turned off from there), and the person signs in again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        # Only sessions marked at sign-in go further: the others cost one dictionary lookup.
        if session is not None and (session.get(identity.MFA_SETUP_KEY) or session.get(identity.MFA_NOT_USED_KEY)):
            problem = identity.session_problem(session, request.user)
            if problem == identity.MFA_NOT_USED:
                return self._sign_out(request)
            if problem == identity.MFA_SETUP and not _exempt(request.path_info):
                message = _("Your role requires a second factor: set up an authenticator app to continue.")
                if request.path_info.startswith("/api/"):
                    return JsonResponse({"code": "mfa_required", "message": message, "fields": {}}, status=403)
                messages.warning(request, message)
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _sign_out(self, request):
        logout(request)
        message = _("Your role requires the code of your authenticator app at sign-in: sign in again.")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"code": "mfa_not_used", "message": message, "fields": {}}, status=403)
        messages.warning(request, message)
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))


class SessionExpiryMiddleware:
    """Ends a signed-in session SESSION_COOKIE_AGE seconds after sign-in, whatever the
    cookie says, and after SESSION_IDLE_TIMEOUT seconds without a request. The page then
    goes on as for a visitor (sign-in page for private pages) with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) is not None:
            self._check(request, session)
        return self.get_response(request)

    def _check(self, request, session):
        moment = identity.now()
        if identity.session_expired(session, moment):
            logout(request)
            messages.info(request, _("Your session has expired: sign in again."))
            return
        seen = session.get(identity.SEEN_AT_KEY)
        idle = settings.SESSION_IDLE_TIMEOUT
        if idle and (seen is None or moment - seen > min(settings.SESSION_SEEN_REFRESH_SECONDS, idle / 10)):
            session[identity.SEEN_AT_KEY] = moment
