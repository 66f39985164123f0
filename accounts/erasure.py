"""Erasing an account (the right to erasure), by the person or by an administrator.

The person becomes a "former employee": name, e-mail address (replaced by a unique,
non-routable one), avatar, job title, business unit, line-manager links, roles, sign-in
means (password, SSO links, e-mail addresses, authenticator apps), API tokens are removed
and the account is deactivated, which ends its sessions at once. What they contributed to
others stays, signed "former employee": ideas and comments; their supports stay counted.
Other apps remove the rest (points and badges, notifications...) listening to
`user_erased`, inside the same transaction: the erasure happens entirely or not at all.
"""

import logging
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import require

from .models import AccountAuditEntry, ApiToken, RoleAssignment, User
from .personal_data import user_erased
from .services import _delete_files, user_set_manager

logger = logging.getLogger(__name__)

ERASED_EMAIL_DOMAIN = "erased.invalid"


def erased_email(user) -> str:
    # .invalid never resolves (RFC 2606): nothing can be sent there, and it is unique.
    return f"former-{user.pk}-{secrets.token_hex(4)}@{ERASED_EMAIL_DOMAIN}"


def account_erase(*, user: User, by: User) -> User:
    """Erase `user`'s account; `by` is the person themselves or an administrator."""
    require(by, "accounts.erase_account", user, _("You may not erase this account."))
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.erased_at is not None:
            return user
        user_erased.send(sender=User, user=user, by=by)
        for report in User.objects.filter(manager=user):
            user_set_manager(user=report, manager=None)
        if user.manager_id:
            user_set_manager(user=user, manager=None)
        RoleAssignment.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        files = (user.avatar.name, user.avatar_thumbnail.name)
        storage = user.avatar.storage
        user.first_name = user.last_name = user.job_title = user.language = ""
        user.email = erased_email(user)
        user.entity = None
        user.avatar = user.avatar_thumbnail = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.suspended_until = user.left_directory_at = None
        user.erased_at = timezone.now()
        user.set_unusable_password()
        user.save()
        user.__dict__.pop("_multitude_roles", None)
        # Earlier account entries about them may name their address: keep the facts only.
        AccountAuditEntry.objects.filter(subject_id=user.pk).update(details={})
        AccountAuditEntry.objects.create(
            actor=None if by.pk == user.pk else by, action=AccountAuditEntry.Action.ERASE, subject_id=user.pk,
            details={"by": "self" if by.pk == user.pk else "administrator"},
        )
        transaction.on_commit(lambda: _delete_files(storage, files))
    logger.info("Account %s erased by %s", user.pk, "themselves" if by.pk == user.pk else by.pk)
    return user
