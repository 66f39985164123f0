"""Personal data: what the site holds about a person (export), forgetting them (erasure)
and keeping things no longer than needed (retention).

Each app describes its own part in a `personal_data` module of its own, found at start-up
(accounts.apps): accounts imports none of them.

- `register_export_section(name, getter)`: `getter(user)` returns the JSON-ready part of
  the export under `name`, in a fixed number of queries whatever the amount of data.
- `user_erased` (a signal): sent inside the erasure's transaction, so a listener that fails
  undoes the whole erasure; listeners delete or anonymise what their app holds.
- `register_purger(name, purge)`: `purge(now)` deletes or blanks what is older than its
  retention period and returns {what: count}; `purge_personal_data` runs them all.

The export's structure (version 1) is documented in the README ("Your data").
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.dispatch import Signal
from django.utils import timezone

from .models import AccountAuditEntry, ApiToken, RoleAssignment

EXPORT_FORMAT = "multitude.personal-data"
EXPORT_VERSION = 1

# Sent with sender=User, user=<the person>, by=<who erased them>, inside the transaction.
user_erased = Signal()

_sections: dict[str, Callable] = {}
_purgers: dict[str, Callable] = {}


def register_export_section(name: str, getter: Callable) -> None:
    _sections[name] = getter


def register_purger(name: str, purge: Callable) -> None:
    _purgers[name] = purge


def export_sections() -> list[str]:
    return list(_sections)


def _profile(user) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "job_title": user.job_title,
        "language": user.language,
        "business_unit": {"code": user.entity.code, "name": user.entity.name} if user.entity_id else None,
        "line_manager": {"id": user.manager.pk, "name": user.manager.display_name} if user.manager_id else None,
        "has_avatar": bool(user.avatar),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "suspended_until": user.suspended_until,
        "has_password": user.has_usable_password(),
    }


def _sign_in(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    return {
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("id")
        ],
        "single_sign_on": [
            {"provider": a.provider, "uid": a.uid, "linked_at": a.date_joined, "last_login": a.last_login}
            for a in SocialAccount.objects.filter(user=user).order_by("id")
        ],
        # Which kinds of second factor are set up; never their secrets.
        "second_factors": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user).order_by("id")
        ],
    }


def _api_tokens(user) -> list[dict]:
    # Metadata only: the secret is never stored, and its digest is not part of the export.
    return [
        {"name": t.name, "prefix": t.prefix, "created_at": t.created_at, "last_used_at": t.last_used_at,
         "revoked_at": t.revoked_at}
        for t in ApiToken.objects.filter(user=user).order_by("created_at", "id")
    ]


def _roles(user) -> list[dict]:
    return [
        {"role": r.role, "granted_at": r.granted_at}
        for r in RoleAssignment.objects.filter(user=user).order_by("granted_at", "id")
    ]


register_export_section("profile", _profile)
register_export_section("roles", _roles)
register_export_section("sign_in", _sign_in)
register_export_section("api_tokens", _api_tokens)


def personal_data_export(*, user) -> dict:
    """Everything the site holds about `user`, as one JSON-ready document."""
    from .models import User

    user = User.objects.select_related("entity", "manager").get(pk=user.pk)
    document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": timezone.now()}
    for name, getter in _sections.items():
        document[name] = getter(user)
    return document


# --- Retention ---------------------------------------------------------------------------

def audit_detail_cutoff(now):
    return now - timedelta(days=settings.AUDIT_DETAIL_RETENTION_DAYS)


def _purge_account_audit(now) -> dict:
    blanked = (
        AccountAuditEntry.objects.filter(created_at__lt=audit_detail_cutoff(now)).exclude(details={})
        .update(details={})
    )
    return {"account audit details blanked": blanked}


register_purger("accounts", _purge_account_audit)


def personal_data_purge(*, now=None) -> dict[str, int]:
    """Run every app's retention purge; returns the counts, by what was purged."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for purge in _purgers.values():
        counts.update(purge(now))
    return counts
