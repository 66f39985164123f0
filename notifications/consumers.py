"""The one websocket a signed-in page opens (`/ws/live/`).

On connect the person joins their own group (`user.<id>`) and hears their unread count.
The page then subscribes to what it shows:

    {"action": "subscribe", "idea": 42}     an idea page (refused unless ideas.view_idea)
    {"action": "unsubscribe", "idea": 42}
    {"action": "subscribe", "queue": true}  the moderation console (moderation.view_queue):
                                            the groups of the themes in the person's scope,
                                            or `moderation.all` for community managers

Each subscription is answered with {"type": "subscribed", ...} or {"type": "refused", ...}.
A message about an idea that is no longer public is checked again for this person before it
goes out; someone who may not see it any more gets only {"type": "idea.hidden"}.

The session controls of the pages hold here too (accounts.identity.session_problem): the
handshake and each subscription read the session afresh from its store (signed out, a
changed password, a deactivated account, an idle or absolute timeout, a second factor not
set up or not used: the socket closes with 4401). Between subscriptions, the first event
after the moment the session would expire checks it again.
"""

from importlib import import_module

from channels.auth import get_user
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _, ngettext

from accounts import identity
from accounts.rules import is_community_manager
from core.permissions import can
from ideas.models import Idea, Stage
from moderation.scopes import correspondent_scopes

from . import live
from .services import unread_count

MAX_IDEAS_PER_SOCKET = 20
# Close codes (4000-4999 are the application's): not signed in (or no longer), bad message.
CLOSE_UNAUTHENTICATED = 4401


def _user_may_see(user, idea_id: int) -> bool:
    idea = Idea.objects.select_related("author", "author_entity", "theme").filter(pk=idea_id).first()
    if idea is None or not can(user, "ideas.view_idea", idea):
        return False
    return idea.hidden_at is None or can(user, "moderation.see_hidden_idea", idea)


def _may_review(user, idea_id: int) -> bool:
    idea = Idea.objects.select_related("author", "author_entity", "theme").filter(pk=idea_id).first()
    return idea is not None and can(user, "moderation.review_idea", idea)


def _queue_groups(user) -> list[str]:
    if not can(user, "moderation.view_queue"):
        return []
    if is_community_manager(user):
        return [live.ALL_QUEUES]
    return sorted({live.queue_group(scope.theme_id) for scope in correspondent_scopes(user)})


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = await self._signed_in_now()
        if user is None:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user = user
        self.ideas: set[int] = set()
        self.queues: list[str] = []
        self.language = user.language or settings.LANGUAGE_CODE
        self.own_group = live.user_group(user.pk)
        await self.channel_layer.group_add(self.own_group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "unread", "count": await database_sync_to_async(unread_count)(user_id=user.pk)})

    async def _signed_in_now(self):
        """The person of this socket as the pages would see them now, or None: the session
        read again from its store (Django's own checks: signed in, same password, active
        account), then the site's session rule. Roles and scopes are read afresh too."""
        session = self.scope.get("session")
        if session is None or not session.session_key:
            return None
        fresh = import_module(settings.SESSION_ENGINE).SessionStore(session.session_key)
        user = await get_user({"session": fresh})
        if not user.is_authenticated or (hasattr(self, "user") and user.pk != self.user.pk):
            return None
        if await database_sync_to_async(identity.session_problem)(fresh, user) is not None:
            return None
        self.valid_until = identity.session_valid_until(fresh)
        return user

    async def _still_signed_in(self) -> bool:
        """Checked at each subscription; closes the socket when the session no longer holds."""
        user = await self._signed_in_now()
        if user is None:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return False
        self.user = user
        return True

    async def disconnect(self, code):
        if not hasattr(self, "user"):
            return
        for group in [self.own_group, *self.queues, *(live.idea_group(i) for i in self.ideas)]:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            return
        language = content.get("lang")
        if language in {code for code, _name in settings.LANGUAGES}:
            self.language = language
        action = content.get("action")
        if action == "subscribe" and not await self._still_signed_in():
            return
        if action == "subscribe" and "idea" in content:
            await self._subscribe_idea(content["idea"])
        elif action == "unsubscribe" and "idea" in content:
            await self._unsubscribe_idea(content["idea"])
        elif action == "subscribe" and content.get("queue"):
            await self._subscribe_queue()
        elif action is not None:
            await self.send_json({"type": "error", "detail": "unknown action"})

    async def _subscribe_idea(self, value):
        try:
            idea_id = int(value)
        except (TypeError, ValueError):
            await self.send_json({"type": "refused", "idea": None})
            return
        if idea_id in self.ideas:
            await self.send_json({"type": "subscribed", "idea": idea_id})
            return
        allowed = len(self.ideas) < MAX_IDEAS_PER_SOCKET and await database_sync_to_async(_user_may_see)(self.user, idea_id)
        if not allowed:
            await self.send_json({"type": "refused", "idea": idea_id})
            return
        self.ideas.add(idea_id)
        await self.channel_layer.group_add(live.idea_group(idea_id), self.channel_name)
        await self.send_json({"type": "subscribed", "idea": idea_id})

    async def _unsubscribe_idea(self, value):
        try:
            idea_id = int(value)
        except (TypeError, ValueError):
            return
        if idea_id in self.ideas:
            self.ideas.discard(idea_id)
            await self.channel_layer.group_discard(live.idea_group(idea_id), self.channel_name)

    async def _subscribe_queue(self):
        groups = await database_sync_to_async(_queue_groups)(self.user)
        if not groups:
            await self.send_json({"type": "refused", "queue": True})
            return
        for group in groups:
            if group not in self.queues:
                self.queues.append(group)
                await self.channel_layer.group_add(group, self.channel_name)
        await self.send_json({"type": "subscribed", "queue": True})

    # --- Messages from the channel layer ---------------------------------------------------

    async def live_event(self, message):
        if self.valid_until is not None and identity.now() > self.valid_until and not await self._still_signed_in():
            return
        event = message.get("event")
        if event == "unread":
            await self.send_json({"type": "unread", "count": message["count"]})
        elif event in {"submitted", "decided", "flagged"}:
            await self._queue_event(message)
        elif "idea" in message:
            await self._idea_event(message)

    async def _queue_event(self, message):
        if not self.queues:
            return
        idea_id = message["idea"]
        if message["event"] == "flagged":
            allowed = live.ALL_QUEUES in self.queues
        else:
            allowed = await database_sync_to_async(_may_review)(self.user, idea_id)
        if allowed:
            with translation.override(self.language):
                notice = {
                    "submitted": _("A new idea waits for validation. Reload to see it."),
                    "decided": _("An idea of the queue was handled by someone else. Reload to see the queue as it is now."),
                    "flagged": _("New content was reported. Reload to see it."),
                }[message["event"]]
            await self.send_json({"type": f"queue.{message['event']}", "idea": idea_id, "notice": notice})

    async def _idea_event(self, message):
        idea_id = message["idea"]
        if idea_id not in self.ideas:
            return
        event = message["event"]
        if not message.get("public") and not await database_sync_to_async(_user_may_see)(self.user, idea_id):
            # The idea left this person's sight: say so once, and nothing of its content.
            if event == "idea.hidden":
                await self.send_json({"type": "idea.hidden", "idea": idea_id})
            return
        payload = {"type": event, "idea": idea_id}
        with translation.override(self.language):
            if event == "support":
                count = message["support_count"]
                payload.update(count=count, label=ngettext("support", "supports", count))
            elif event in {"comment.posted", "comment.changed"}:
                payload.update(comment=message["comment"], parent=message.get("parent"))
                count = message["comment_count"]
                payload.update(
                    comment_count=count,
                    comment_count_label=ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": count},
                )
            elif event == "stage":
                payload.update(stage=message["stage"], label=str(Stage(message["stage"]).label),
                               notice=_("This idea has moved on. Reload the page to see what changed."))
            elif event == "merged":
                payload.update(target=message["target"])
            if event in {"idea.hidden", "idea.restored", "merged"}:
                payload["notice"] = _("This idea has changed. Reload the page to see it as it is now.")
        await self.send_json(payload)
