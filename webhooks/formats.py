"""A delivery as each receiver expects it: the generic JSON signed with HMAC-SHA256, or the
incoming-webhook messages of Slack, Mattermost and Microsoft Teams (a workflow's Adaptive
Card), worded in the endpoint's language.

Generic signature: header `X-Multitude-Signature: t=<unix time>,v1=<hex>` where the hex is
HMAC-SHA256(secret, "<unix time>.<body>"); a receiver refuses a time too far from its clock
(replays) and compares the digest in constant time."""

import hashlib
import hmac
import json
import time

from django.utils import translation
from django.utils.translation import gettext as _

from ideas.models import Stage

from .models import TEST_KIND, EventKind, Format

SIGNATURE_HEADER = "X-Multitude-Signature"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _stage_label(code: str) -> str:
    try:
        return str(Stage(code).label)
    except ValueError:
        return code


def _theme(idea: dict) -> str:
    return idea["theme"]["fr" if (translation.get_language() or "").startswith("fr") else "en"]


def summary(kind: str, data: dict) -> tuple[str, str, str]:
    """(headline, detail, link) in the active language."""
    idea, challenge = data.get("idea"), data.get("challenge")
    if kind == EventKind.IDEA_PUBLISHED:
        author = idea["author"] or _("a colleague")
        return (_("New idea: %(title)s") % {"title": idea["title"]},
                _("Posted by %(author)s in the theme “%(theme)s”.") % {"author": author, "theme": _theme(idea)},
                idea["url"])
    if kind in (EventKind.STAGE_CHANGED, EventKind.IDEA_DEPLOYED):
        headline = (_("Deployed: %(title)s") if kind == EventKind.IDEA_DEPLOYED else _("%(title)s moves on"))
        return (headline % {"title": idea["title"]},
                _("From “%(from)s” to “%(to)s”.") % {"from": _stage_label(data.get("from_stage", "")),
                                                     "to": _stage_label(data.get("to_stage", ""))},
                idea["url"])
    if kind == EventKind.CHALLENGE_OPENED:
        return (_("A challenge opens: %(title)s") % {"title": challenge["title"]}, challenge["question"],
                challenge["url"])
    if kind == EventKind.CHALLENGE_EVALUATED:
        winners = ", ".join(winner["title"] for winner in data.get("winners", [])) or "—"
        return (_("The challenge “%(title)s” announces its winners") % {"title": challenge["title"]},
                _("Winners: %(winners)s") % {"winners": winners}, challenge["url"])
    return (_("Test message from Multitude"), _("This endpoint is ready to receive Multitude's events."),
            data.get("url", ""))


def _chat_text(headline: str, detail: str, link: str, *, markdown_link) -> str:
    return f"{markdown_link(headline, link) if link else headline}\n{detail}"


def render(endpoint, delivery, *, now: float | None = None) -> tuple[bytes, dict]:
    """The body and headers of one attempt of `delivery` to `endpoint`."""
    headers = {"Content-Type": "application/json", "User-Agent": "Multitude-Webhooks/1"}
    if endpoint.format == Format.GENERIC:
        body = json.dumps({
            "event": delivery.kind, "delivery": delivery.pk, "created_at": delivery.created_at.isoformat(),
            "test": delivery.kind == TEST_KIND, "data": delivery.data,
        }, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = int(now if now is not None else time.time())
        headers.update({
            "X-Multitude-Event": delivery.kind, "X-Multitude-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
        })
        return body, headers
    with translation.override(endpoint.language):
        headline, detail, link = summary(delivery.kind, delivery.data)
    if endpoint.format == Format.SLACK:
        message = {"text": _chat_text(headline, detail, link, markdown_link=lambda text, url: f"<{url}|{text}>")}
    elif endpoint.format == Format.MATTERMOST:
        message = {"text": _chat_text(headline, detail, link, markdown_link=lambda text, url: f"[{text}]({url})"),
                   "username": "Multitude"}
    else:
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
            "body": [{"type": "TextBlock", "text": headline, "weight": "Bolder", "wrap": True},
                     {"type": "TextBlock", "text": detail, "wrap": True}],
            "actions": [{"type": "Action.OpenUrl", "title": "Multitude", "url": link}] if link else [],
        }
        message = {"type": "message", "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}]}
    return json.dumps(message, ensure_ascii=False).encode(), headers
