"""Notification e-mails, plain text and HTML, in the recipient's language. Each carries a
List-Unsubscribe link (and the one-click header of RFC 8058) with a signed token: following
it stops e-mails of the kinds the message is about, without signing in."""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from . import texts

logger = logging.getLogger(__name__)


def language_of(user) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in codes else settings.LANGUAGE_CODE


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _item(notification) -> dict:
    return {
        "text": texts.describe(notification),
        "detail": texts.detail(notification),
        "url": _absolute(texts.target_url(notification)),
    }


UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(user, kinds) -> str:
    return signing.dumps({"user": user.pk, "kinds": sorted(set(kinds))}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, list[str]] | None:
    """(user id, kinds) from a token this site signed, or None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["user"]), [str(kind) for kind in data["kinds"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _send(user, subject: str, template: str, context: dict, *, kinds, fail_silently: bool) -> bool:
    unsubscribe_url = _absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kinds)]))
    context = {**context, "user": user, "preferences_url": _absolute(reverse("notifications:preferences")),
               "unsubscribe_url": unsubscribe_url}
    message = EmailMultiAlternatives(
        subject=f"[Multitude] {subject}",
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    try:
        return bool(message.send())
    except Exception:
        if not fail_silently:
            raise
        logger.exception("Notification e-mail to user %s not sent", user.pk)
        return False


def send_notification(notification) -> bool:
    user = notification.recipient
    with translation.override(language_of(user)):
        item = _item(notification)
        return _send(user, item["text"], "notification", {"item": item}, kinds=[notification.kind],
                     fail_silently=True)


def send_digest(user, notifications, *, fail_silently: bool = False) -> bool:
    with translation.override(language_of(user)):
        items = [_item(n) for n in notifications]
        subject = ngettext(
            "Your Multitude digest: %(count)d new item", "Your Multitude digest: %(count)d new items", len(items)
        ) % {"count": len(items)}
        return _send(user, subject, "digest", {"items": items}, kinds={n.kind for n in notifications},
                     fail_silently=fail_silently)
