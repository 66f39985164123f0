"""Sign-ins are recorded per day, for the participation report's "connected" figure; the
domain events keep the report's summary tables (reports/rollups.py) up to date.

The rollup receivers take only ids from the events and recompute the rows concerned from
the raw tables, so they may run late, twice, or on a worker."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from core.outbox import delivered_together
from ideas import events as idea_events
from ideas.models import Idea
from moderation import events as moderation_events

from .models import IdeaRollup, LoginDay
from .rollups import idea_participants, ideas_refresh, people_refresh


@receiver(user_logged_in, dispatch_uid="reports.record_login_day")
def record_login_day(sender, request, user, **kwargs):
    # ignore_conflicts: a second sign-in the same day changes nothing and raises nothing.
    LoginDay.objects.bulk_create([LoginDay(user_id=user.pk, day=timezone.localdate())], ignore_conflicts=True)


def _pk(value):
    return getattr(value, "pk", value)


def idea_changed(sender, idea, **payload):
    """A stage, a submission, a benefit, a merge: the idea's own rows."""
    ideas_refresh([_pk(idea)])


def idea_edited(sender, idea, **payload):
    """An edit may move the idea to another theme: then everyone's activity on it moves
    too (before the idea's row, so that a retry after a failure still sees the change)."""
    idea_id = _pk(idea)
    before = IdeaRollup.objects.filter(idea_id=idea_id).values_list("theme_id", "challenge_id").first()
    now = Idea.objects.filter(pk=idea_id).values_list("theme_id", "challenge_id").first()
    if before != now:
        people_refresh(idea_participants(idea_id))
    ideas_refresh([idea_id])


def author_acted(sender, idea, **payload):
    """Submitted (again): the author's activity and the idea's rows."""
    idea_id = _pk(idea)
    people_refresh([getattr(idea, "author_id", None)])
    ideas_refresh([idea_id])


def _supporter(payload) -> int:
    vote = payload.get("vote")
    return vote.user_id if vote is not None else _pk(payload["by"])


def supports_changed(signal, sender, payloads):
    """A backlog of supports: each person and idea recounted once."""
    people_refresh({_supporter(payload) for payload in payloads})
    ideas_refresh({_pk(payload["idea"]) for payload in payloads})


@delivered_together(supports_changed)
def support_changed(sender, idea, by, **payload):
    supports_changed(None, sender, [{"idea": idea, "by": by, **payload}])


def comment_changed(sender, comment, idea, **payload):
    people_refresh([comment.author_id])
    ideas_refresh([_pk(idea)])


def merge_changed(sender, source, target, **payload):
    ideas_refresh([_pk(source), _pk(target)])


for signal, listener, name in (
    (idea_events.idea_created, idea_changed, "idea_created"),
    (idea_events.idea_submitted, author_acted, "idea_submitted"),
    (idea_events.idea_published, idea_changed, "idea_published"),
    (idea_events.idea_changes_requested, author_acted, "idea_changes_requested"),
    (idea_events.idea_rejected, idea_changed, "idea_rejected"),
    (idea_events.idea_stage_changed, idea_changed, "idea_stage_changed"),
    (idea_events.idea_edited, idea_edited, "idea_edited"),
    (idea_events.vote_cast, support_changed, "vote_cast"),
    (idea_events.vote_withdrawn, support_changed, "vote_withdrawn"),
    (idea_events.comment_posted, comment_changed, "comment_posted"),
    (idea_events.comment_deleted, comment_changed, "comment_deleted"),
    (moderation_events.ideas_merged, merge_changed, "ideas_merged"),
    (moderation_events.merge_undone, merge_changed, "merge_undone"),
):
    signal.connect(listener, dispatch_uid=f"reports.rollups.{name}")
