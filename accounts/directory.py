"""The company directory decides who may use the site: `sync_directory` reads an export of
it and deactivates the accounts of people no longer in it, and reactivates those it had
deactivated when they come back.

Only accounts with a company e-mail address (COMPANY_EMAIL_DOMAINS) are managed: service
or guest accounts outside those domains are left alone, as are erased accounts and those an
administrator deactivated by hand. A deactivated account is refused at once everywhere: its
sessions no longer authenticate (Django refuses inactive users on every request), its API
tokens are revoked, SSO refuses it.
"""

import csv
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .adapters import is_company_email
from .models import AccountAuditEntry, ApiToken, User
from .session_cache import forget_user

logger = logging.getLogger(__name__)
Action = AccountAuditEntry.Action


class DirectorySyncRefused(Exception):
    pass


@dataclass
class DirectorySyncResult:
    deactivated: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    unchanged: int = 0
    tokens_revoked: int = 0
    dry_run: bool = False


def read_directory(text: str, *, name: str = "") -> set[str]:
    """The e-mail addresses in a directory export: JSON (a list of addresses, or of objects
    with an "email" or "mail" key, or {"people": [...]}), CSV with an "email" or "mail"
    column, or one address per line."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        return set()
    if name.endswith(".json") or stripped[0] in "[{":
        data = json.loads(stripped)
        if isinstance(data, dict):
            data = data.get("people") or data.get("users") or []
        items = [item if isinstance(item, str) else (item.get("email") or item.get("mail") or "") for item in data]
    else:
        first = stripped.splitlines()[0].lower()
        if "," in first or ";" in first or first.strip() in ("email", "mail"):
            delimiter = ";" if first.count(";") > first.count(",") else ","
            rows = csv.DictReader(io.StringIO(stripped), delimiter=delimiter)
            rows.fieldnames = [(f or "").strip().lower() for f in rows.fieldnames or []]
            column = "email" if "email" in rows.fieldnames else "mail"
            if column not in rows.fieldnames:
                raise ValueError(_("The CSV export has no “email” column."))
            items = [row.get(column) or "" for row in rows]
        else:
            items = stripped.splitlines()
    return {item.strip().lower() for item in items if item and "@" in item}


def read_directory_file(path: str) -> set[str]:
    return read_directory(Path(path).read_text(encoding="utf-8"), name=path)


def directory_sync(*, emails: set[str], dry_run: bool = False, force: bool = False, by=None) -> DirectorySyncResult:
    """Bring account activity in line with the directory. All or nothing, in one
    transaction, with one audit entry per account changed."""
    emails = {email.strip().lower() for email in emails}
    if not emails:
        raise DirectorySyncRefused(_("The directory export is empty: nothing was changed."))
    result = DirectorySyncResult(dry_run=dry_run)
    now = timezone.now()
    with transaction.atomic():
        managed = [
            user for user in User.objects.select_for_update().filter(erased_at__isnull=True).only(
                "pk", "email", "is_active", "left_directory_at")
            if is_company_email(user.email)
        ]
        active = [user for user in managed if user.is_active]
        leaving = [user for user in active if user.email.lower() not in emails]
        returning = [user for user in managed if not user.is_active and user.left_directory_at is not None
                     and user.email.lower() in emails]
        limit = settings.DIRECTORY_SYNC_MAX_DEACTIVATE_PERCENT
        if leaving and not force and len(leaving) * 100 > limit * max(len(active), 1):
            raise DirectorySyncRefused(
                _("The export would deactivate %(count)d of %(total)d active accounts (more than %(limit)d%%): "
                  "check the export, or run again with --force.") % {"count": len(leaving), "total": len(active), "limit": limit}
            )
        result.deactivated = sorted(user.email for user in leaving)
        result.reactivated = sorted(user.email for user in returning)
        result.unchanged = len(managed) - len(leaving) - len(returning)
        if dry_run:
            return result
        for user in leaving:
            User.objects.filter(pk=user.pk).update(is_active=False, left_directory_at=now)
            forget_user(user.pk)
            result.tokens_revoked += ApiToken.objects.filter(user_id=user.pk, revoked_at__isnull=True).update(revoked_at=now)
            AccountAuditEntry.objects.create(actor=by, action=Action.DIRECTORY_DEACTIVATE, subject_id=user.pk,
                                             details={"email": user.email})
        for user in returning:
            User.objects.filter(pk=user.pk).update(is_active=True, left_directory_at=None)
            forget_user(user.pk)
            AccountAuditEntry.objects.create(actor=by, action=Action.DIRECTORY_REACTIVATE, subject_id=user.pk,
                                             details={"email": user.email})
    logger.info("Directory sync: %d deactivated, %d reactivated, %d unchanged, %d API tokens revoked",
                len(result.deactivated), len(result.reactivated), result.unchanged, result.tokens_revoked)
    return result
