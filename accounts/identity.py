"""Sign-in policy: who must use a second factor, and how long a session lasts.

MFA: people holding a role named in MFA_REQUIRED_FOR_ROLES (correspondent, community
manager, executive, administrator) must have an authenticator app (allauth.mfa TOTP).
Whether they do is decided once, when they sign in, and kept in their session, so pages
ask the database nothing more; MfaRequiredMiddleware then sends them to the set-up page
until they have one. A role granted during a session applies from the next sign-in.

Sessions: a session ends SESSION_COOKIE_AGE seconds after sign-in, or after
SESSION_IDLE_TIMEOUT seconds without a request (SessionExpiryMiddleware). Both times are
kept in the session; the last-seen time is written at most every few minutes.
"""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings

from .roles import roles_of

MFA_SETUP_KEY = "multitude_mfa_setup_required"
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


def on_user_logged_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    moment = now()
    session[SIGNED_IN_AT_KEY] = moment
    session[SEEN_AT_KEY] = moment
    if mfa_setup_required(user):
        session[MFA_SETUP_KEY] = True
    else:
        session.pop(MFA_SETUP_KEY, None)


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
