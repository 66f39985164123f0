"""Notification e-mails, plain text and HTML, in the recipient's language."""

import logging

from django.conf import settings
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


def _send(user, subject: str, template: str, context: dict, *, fail_silently: bool) -> bool:
    context = {**context, "user": user, "preferences_url": _absolute(reverse("notifications:preferences"))}
    message = EmailMultiAlternatives(
        subject=f"[Multitude] {subject}",
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
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
        return _send(user, item["text"], "notification", {"item": item}, fail_silently=True)


def send_digest(user, notifications, *, fail_silently: bool = False) -> bool:
    with translation.override(language_of(user)):
        items = [_item(n) for n in notifications]
        subject = ngettext(
            "Your Multitude digest: %(count)d new item", "Your Multitude digest: %(count)d new items", len(items)
        ) % {"count": len(items)}
        return _send(user, subject, "digest", {"items": items}, fail_silently=fail_silently)
