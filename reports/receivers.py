"""Sign-ins are recorded per day, for the participation report's "connected" figure; the
domain events keep the report's summary tables (reports/rollups.py) up to date.

The rollup receivers take only ids from the events and have the rows concerned recomputed
from the raw tables (at once without a worker tier; with one, marked and recomputed a few
seconds later for all the actions since), so they may run late, twice, or on a worker."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from core.outbox import delivered_together
from ideas import events as idea_events
from ideas.models import Idea
from moderation import events as moderation_events

from .models import IdeaRollup, LoginDay
from .rollups import idea_participants, rollups_mark


@receiver(user_logged_in, dispatch_uid="reports.record_login_day")
def record_login_day(sender, request, user, **kwargs):
    # ignore_conflicts: a second sign-in the same day changes nothing and raises nothing.
    LoginDay.objects.bulk_create([LoginDay(user_id=user.pk, day=timezone.localdate())], ignore_conflicts=True)


def _pk(value):
    return getattr(value, "pk", value)


def idea_changed(sender, idea, **payload):
    """A stage, a submission, a benefit, a merge: the idea's own rows."""
    rollups_mark(idea_ids=[_pk(idea)])


def idea_edited(sender, idea, **payload):
    """An edit may move the idea to another theme: then everyone's activity on it moves
    too (before the idea's row, so that a retry after a failure still sees the change)."""
    idea_id = _pk(idea)
    before = IdeaRollup.objects.filter(idea_id=idea_id).values_list("theme_id", "challenge_id").first()
    now = Idea.objects.filter(pk=idea_id).values_list("theme_id", "challenge_id").first()
    rollups_mark(idea_ids=[idea_id], user_ids=idea_participants(idea_id) if before != now else ())


def author_acted(sender, idea, **payload):
    """Submitted (again): the author's activity and the idea's rows."""
    rollups_mark(idea_ids=[_pk(idea)], user_ids=[getattr(idea, "author_id", None)])


def _supporter(payload) -> int:
    vote = payload.get("vote")
    return vote.user_id if vote is not None else _pk(payload["by"])


def supports_changed(signal, sender, payloads):
    """A backlog of supports: each person and idea recounted once."""
    rollups_mark(idea_ids={_pk(payload["idea"]) for payload in payloads},
                 user_ids={_supporter(payload) for payload in payloads})


@delivered_together(supports_changed)
def support_changed(sender, idea, by, **payload):
    supports_changed(None, sender, [{"idea": idea, "by": by, **payload}])


def comment_changed(sender, comment, idea, **payload):
    rollups_mark(idea_ids=[_pk(idea)], user_ids=[comment.author_id])


def merge_changed(sender, source, target, **payload):
    rollups_mark(idea_ids=[_pk(source), _pk(target)])


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
