from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import JsonResponse
from django.shortcuts import redirect
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
    answers 403 to such a session; personal API tokens do not go through sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(identity.MFA_SETUP_KEY) and not _exempt(request.path_info):
            # Set up meanwhile (here or in another session): one query, for these sessions only.
            if request.user.is_authenticated and identity.has_totp(request.user):
                session.pop(identity.MFA_SETUP_KEY, None)
                return self.get_response(request)
            message = _("Your role requires a second factor: set up an authenticator app to continue.")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"code": "mfa_required", "message": message, "fields": {}}, status=403)
            messages.warning(request, message)
            return redirect("mfa_activate_totp")
        return self.get_response(request)


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
        signed_in = session.get(identity.SIGNED_IN_AT_KEY)
        seen = session.get(identity.SEEN_AT_KEY)
        idle = settings.SESSION_IDLE_TIMEOUT
        too_old = signed_in is not None and moment - signed_in > settings.SESSION_COOKIE_AGE
        too_idle = bool(idle) and seen is not None and moment - seen > idle
        if too_old or too_idle:
            logout(request)
            messages.info(request, _("Your session has expired: sign in again."))
            return
        if idle and (seen is None or moment - seen > min(300, idle / 10)):
            session[identity.SEEN_AT_KEY] = moment
