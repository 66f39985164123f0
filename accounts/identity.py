"""Sign-in policy: who must use a second factor, and how long a session lasts.

MFA: people holding a role named in MFA_REQUIRED_FOR_ROLES (correspondent, community
manager, executive, administrator) must have an authenticator app (allauth.mfa TOTP).
Whether they do is decided once, when they sign in, and kept in their session, so pages
ask the database nothing more; MfaRequiredMiddleware then sends them to the set-up page
until they have one. Those who have one must have used it to sign in: allauth records each
step of a sign-in in the session (password, then "mfa"), and a session of these roles
without the "mfa" step (a sign-in path that skipped allauth's code stage) is ended. A role
granted during a session applies from the next sign-in.

Sessions: a session ends SESSION_COOKIE_AGE seconds after sign-in, or after
SESSION_IDLE_TIMEOUT seconds without a request (SessionExpiryMiddleware). Both times are
kept in the session; the last-seen time is written at most every few minutes.

`session_problem` is the one rule pages (accounts.middleware) and the live socket
(notifications.consumers) apply to a signed-in session, from what the session holds.
"""

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings

from .roles import roles_of

MFA_SETUP_KEY = "multitude_mfa_setup_required"
MFA_NOT_USED_KEY = "multitude_mfa_not_used"
SIGNED_IN_AT_KEY = "multitude_signed_in_at"
SEEN_AT_KEY = "multitude_seen_at"


def now() -> float:
    return time.time()


def mfa_roles_of(user) -> set[str]:
    """The roles of `user` that call for a second factor under the current settings."""
    required = set(settings.MFA_REQUIRED_FOR_ROLES)
    if not required or not getattr(user, "is_authenticated", False):
        return set()
    held = set(roles_of(user)) & required
    # Correspondents are named per theme by the moderation app, which accounts does not
    # import: the reverse relation is there when that app is installed.
    if "correspondent" in required and hasattr(user, "correspondent_assignments"):
        if user.correspondent_assignments.exists():
            held.add("correspondent")
    return held


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_setup_required(user) -> bool:
    return bool(mfa_roles_of(user)) and not has_totp(user)


def second_factor_used(request, user) -> bool:
    """Whether this session's sign-in went through allauth's code stage (or a recovery code)."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


# What may be wrong with a signed-in session (session_problem).
EXPIRED = "expired"
MFA_SETUP = "mfa_setup"
MFA_NOT_USED = "mfa_not_used"


def session_expired(session, moment: float) -> bool:
    """Past SESSION_COOKIE_AGE since sign-in, or SESSION_IDLE_TIMEOUT since the last request."""
    signed_in = session.get(SIGNED_IN_AT_KEY)
    seen = session.get(SEEN_AT_KEY)
    idle = settings.SESSION_IDLE_TIMEOUT
    if signed_in is not None and moment - signed_in > settings.SESSION_COOKIE_AGE:
        return True
    return bool(idle) and seen is not None and moment - seen > idle


def session_valid_until(session) -> float | None:
    """The moment this session expires if no request comes meanwhile (None: never)."""
    limits = []
    if (signed_in := session.get(SIGNED_IN_AT_KEY)) is not None:
        limits.append(signed_in + settings.SESSION_COOKIE_AGE)
    if settings.SESSION_IDLE_TIMEOUT and (seen := session.get(SEEN_AT_KEY)) is not None:
        limits.append(seen + settings.SESSION_IDLE_TIMEOUT)
    return min(limits) if limits else None


def session_problem(session, user, *, moment: float | None = None) -> str | None:
    """Why this signed-in session may not be used now, or None. Read from the session; one
    query only for a session still waiting for its second factor to be set up (set up
    meanwhile, here or in another session, clears the mark)."""
    if session_expired(session, now() if moment is None else moment):
        return EXPIRED
    if session.get(MFA_NOT_USED_KEY):
        return MFA_NOT_USED
    if session.get(MFA_SETUP_KEY):
        if getattr(user, "is_authenticated", False) and has_totp(user):
            session.pop(MFA_SETUP_KEY, None)
            return None
        return MFA_SETUP
    return None


def on_user_logged_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    moment = now()
    session[SIGNED_IN_AT_KEY] = moment
    session[SEEN_AT_KEY] = moment
    session.pop(MFA_SETUP_KEY, None)
    session.pop(MFA_NOT_USED_KEY, None)
    if not mfa_roles_of(user):
        return
    if not has_totp(user):
        session[MFA_SETUP_KEY] = True
    elif not second_factor_used(request, user):
        # Signed in with the password alone although an authenticator app is set up.
        session[MFA_NOT_USED_KEY] = True


def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        request.session.pop(MFA_SETUP_KEY, None)


def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    # Turning the app off is allowed by allauth; for these roles it is asked again at once.
    if request is not None and authenticator.type == Authenticator.Type.TOTP and mfa_setup_required(user):
        request.session[MFA_SETUP_KEY] = True


def connect() -> None:
    from allauth.mfa import signals as mfa_signals
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts.identity.logged_in")
    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid="accounts.identity.mfa_added")
    mfa_signals.authenticator_removed.connect(on_authenticator_removed, dispatch_uid="accounts.identity.mfa_removed")
