"""Personal API tokens: created and named by their owner, shown once, stored as a digest,
revoked at will. A token authenticates as its owner and gives no right of its own.

Format: `mlt_<prefix>_<secret>`. The prefix (public, 12 hex characters) finds the row;
the SHA-256 digest of the whole token proves it. A plain digest suffices: the secret is
256 random bits, not a password a person chose.
"""

import hashlib
import hmac
import secrets
import string
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict
from core.permissions import require

from .models import ApiToken, User

TOKEN_TAG = "mlt"
PREFIX_LENGTH = 12
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _parse(raw: str) -> str | None:
    """The prefix of a well-formed token, else None."""
    parts = (raw or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_TAG or len(parts[1]) != PREFIX_LENGTH or len(parts[2]) < 32:
        return None
    # The prefix is looked up: only hexadecimal digits may reach the query (a NUL cannot reach PostgreSQL).
    if not all(character in string.hexdigits for character in parts[1]):
        return None
    return parts[1]


def api_tokens_of(*, user) -> QuerySet:
    """The active tokens of `user`, newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at", "-id")


def api_token_create(*, by: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `by`; returns it with the full secret, which is never stored and
    cannot be shown again."""
    require(by, "accounts.add_apitoken", message=_("Your account cannot create API tokens."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Name the token after what will use it, e.g. “reporting script”.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": _("A token name is limited to %(max)d characters.") % {"max": NAME_MAX_LENGTH}})
    with transaction.atomic():
        # Lock the person's row so two creations cannot both pass the limit.
        User.objects.select_for_update().filter(pk=by.pk).values_list("pk").get()
        if api_tokens_of(user=by).count() >= settings.API_TOKENS_PER_USER:
            raise ValidationError({"name": _("You have %(max)d tokens already: revoke one you no longer use.")
                                   % {"max": settings.API_TOKENS_PER_USER}})
        if api_tokens_of(user=by).filter(name=name).exists():
            raise ValidationError({"name": _("You already have a token with this name.")})
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        raw = f"{TOKEN_TAG}_{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(user=by, name=name, prefix=prefix, digest=_digest(raw))
        except IntegrityError:
            raise Conflict(_("The token could not be created this time. Try again."))
    return token, raw


def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token at once. Idempotent."""
    require(by, "accounts.revoke_apitoken", token, _("This token is not yours."))
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_authenticate(raw: str) -> tuple[User, ApiToken] | None:
    """The active owner and token that `raw` proves, else None. Records the use, at most
    once per API_TOKEN_TOUCH_INTERVAL seconds so that reads do not all become writes."""
    prefix = _parse(raw)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(raw)) or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(seconds=settings.API_TOKEN_TOUCH_INTERVAL):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user, token
