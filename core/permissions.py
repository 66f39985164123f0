"""One way to ask and to enforce a permission. It goes straight to the rules registry, so
a Django superuser gets no silent bypass of rules such as "never moderate your own idea"."""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def can(user, permission: str, obj=None) -> bool:
    return rules.has_perm(permission, user, obj)


def require(user, permission: str, obj=None, message: str | None = None) -> None:
    if not rules.has_perm(permission, user, obj):
        raise PermissionDenied(message or _("You are not allowed to do this."))
