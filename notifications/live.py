"""Live updates: the channel-layer groups pages listen to, and how events reach them.

Groups: `idea.<id>` (an idea page), `user.<id>` (a person's bell), `moderation.<theme_id>`
(the correspondents of a theme) and `moderation.all` (community managers). Messages carry
ids and counts, never text written by people: a page fetches what it shows over HTTP, so
permissions and sanitising stay on the server.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from ideas.models import PUBLIC_STAGES, Idea

logger = logging.getLogger(__name__)

ALL_QUEUES = "moderation.all"
# The consumer's handler for every message sent to these groups.
MESSAGE_TYPE = "live.event"


def idea_group(idea_id: int) -> str:
    return f"idea.{idea_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def queue_group(theme_id: int) -> str:
    return f"moderation.{theme_id}"


def send(group: str, event: str, **data) -> None:
    """Send to a group from synchronous code (domain event listeners, after commit)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": MESSAGE_TYPE, "event": event, **data})
    except Exception:  # noqa: BLE001 — a live update lost must not fail the action that caused it
        logger.exception("Live update %s to %s not sent", event, group)


def idea_state(idea_id: int) -> dict | None:
    """The idea as committed now: whether everyone may see it, and its counters."""
    row = (
        Idea.objects.filter(pk=idea_id)
        .values("stage", "hidden_at", "support_count", "comment_count", "theme_id")
        .first()
    )
    if row is None:
        return None
    row["public"] = row["stage"] in PUBLIC_STAGES and row["hidden_at"] is None
    return row


def _state_of(idea: Idea) -> dict:
    """`idea_state` of an idea the caller has just read from the database."""
    fields = ("stage", "hidden_at", "support_count", "comment_count", "theme_id")
    row = {field: getattr(idea, field) for field in fields}
    row["public"] = row["stage"] in PUBLIC_STAGES and row["hidden_at"] is None
    return row


def send_to_idea(idea_id: int, event: str, *, read: Idea | None = None, **data) -> None:
    """Send to an idea's page. `public` tells the consumer whether it may forward the
    message as is or must first check that the viewer still may see the idea. `read`: the
    idea as the caller has just read it (None: read it here)."""
    state = idea_state(idea_id) if read is None else _state_of(read)
    if state is None:
        return
    data.setdefault("comment_count", state["comment_count"])
    data.setdefault("support_count", state["support_count"])
    send(idea_group(idea_id), event, idea=idea_id, public=state["public"], **data)


def send_to_queues(theme_id: int, event: str, **data) -> None:
    for group in (queue_group(theme_id), ALL_QUEUES):
        send(group, event, **data)
