"""Listeners of the domain events (ideas, moderation, gamification): each event becomes
live updates for the pages concerned and notifications for the people concerned.

They run after commit (core.events.send_on_commit) and read the committed state again
rather than trusting the objects in the payload.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.outbox import delivered_together
from core.permissions import can
from core.text import mentioned_user_ids
from ideas import events as idea_events
from ideas.models import Comment, Follow, Idea, Stage
from moderation import events as moderation_events

from . import live, services
from .models import Kind, Notification

User = get_user_model()

# Stage changes that followers hear of; publication, changes requested and rejection have
# their own notification for the author, submission is the author's own doing.
FOLLOWED_STAGES = frozenset(
    {Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED, Stage.NOT_RETAINED, Stage.PUBLISHED}
)


def _fresh(idea_id: int) -> Idea | None:
    return Idea.objects.select_related("author", "author_entity", "theme").filter(pk=idea_id).first()


def _stamp(idea: Idea) -> str:
    return f"{idea.stage_changed_at.timestamp():.6f}" if idea.stage_changed_at else "0"


def _who_may_see(user_ids, idea: Idea) -> list[int]:
    """Those among `user_ids` who may read `idea` now (hidden ideas: author and moderators)."""
    people = User.objects.filter(pk__in=set(user_ids), is_active=True)
    return [
        person.pk for person in people
        if can(person, "ideas.view_idea", idea)
        and (idea.hidden_at is None or can(person, "moderation.see_hidden_idea", idea))
    ]


def _followers(idea: Idea) -> set[int]:
    return set(Follow.objects.filter(idea_id=idea.pk).values_list("user_id", flat=True))


# --- Supports -----------------------------------------------------------------------------

def on_votes_cast(signal, sender, payloads):
    """A backlog of supports: each idea's live count sent once, and each support counted in
    its author's notification in the order they were given."""
    votes_by_idea: dict[int, list] = {}
    for payload in payloads:
        votes_by_idea.setdefault(payload["idea"].pk, []).append(payload["vote"])
    for idea_id, votes in votes_by_idea.items():
        fresh = _fresh(idea_id)
        if fresh is None:
            continue
        live.send_to_idea(idea_id, "support", read=fresh)
        if fresh.hidden_at is None:
            # The first support not yet counted starts or updates the author's batch, which
            # counts every later one from the supports themselves.
            latest = max(vote.pk for vote in votes)
            for vote in sorted(votes, key=lambda vote: vote.pk):
                if services.notify_supports(idea=fresh, vote=vote, up_to_vote_id=latest) is not None:
                    break


def on_votes_withdrawn(signal, sender, payloads):
    for idea_id in {payload["idea"].pk for payload in payloads}:
        live.send_to_idea(idea_id, "support")


@delivered_together(on_votes_cast)
def on_vote_cast(sender, idea, vote, by, support_count, **kwargs):
    on_votes_cast(None, sender, [{"idea": idea, "vote": vote}])


@delivered_together(on_votes_withdrawn)
def on_vote_withdrawn(sender, idea, by, support_count, **kwargs):
    live.send_to_idea(idea.pk, "support")


# --- Comments -----------------------------------------------------------------------------

def _mention_budget(comment: Comment, by, told: set[int]) -> int:
    """How many more people this comment's mentions may notify: NOTIFICATION_MENTIONS_PER_COMMENT
    for the comment (edits included), NOTIFICATION_MENTIONS_PER_HOUR for its writer."""
    in_the_hour = Notification.objects.filter(
        kind=Kind.MENTION, actor=by, created_at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    return max(0, min(settings.NOTIFICATION_MENTIONS_PER_COMMENT - len(told),
                      settings.NOTIFICATION_MENTIONS_PER_HOUR - in_the_hour))


def _notify_mentions(comment: Comment, idea: Idea, by) -> set[int]:
    """Notifies the people mentioned (in the order of the text, within the budget); returns
    those this comment's mentions are for, now or before (they hear of it as a mention)."""
    mentioned = [pk for pk in mentioned_user_ids(comment.body_html) if pk != by.pk]
    if not mentioned:
        return set()
    key = f"mention:{comment.pk}"
    told = set(Notification.objects.filter(kind=Kind.MENTION, key=key).values_list("recipient_id", flat=True))
    allowed = set(_who_may_see(mentioned, idea))
    new = [pk for pk in mentioned if pk in allowed and pk not in told][:_mention_budget(comment, by, told)]
    services.notify(kind=Kind.MENTION, recipients=new, key=key, actor=by, idea=idea, comment=comment)
    return told | set(new)


def on_comment_posted(sender, comment, idea, by, **kwargs):
    live.send_to_idea(idea.pk, "comment.posted", comment=comment.pk, parent=comment.parent_id)
    idea = _fresh(idea.pk)
    if idea is None:
        return
    mentioned = _notify_mentions(comment, idea, by)
    followers = set(_who_may_see(_followers(idea), idea)) - mentioned
    parent_author = None
    if comment.parent_id:
        parent_author = Comment.objects.filter(pk=comment.parent_id).values_list("author_id", flat=True).first()
    # One notification per person and comment: a reply to my comment says so.
    key = f"comment:{comment.pk}"
    if parent_author in followers:
        services.notify(kind=Kind.REPLY, recipients=[parent_author], key=key, actor=by, idea=idea, comment=comment)
    services.notify(kind=Kind.COMMENT, recipients=followers - {parent_author}, key=key, actor=by, idea=idea,
                    comment=comment)


def on_comment_edited(sender, comment, idea, by, **kwargs):
    live.send_to_idea(idea.pk, "comment.changed", comment=comment.pk)
    idea = _fresh(idea.pk)
    if idea is not None:
        # Someone mentioned in the new text hears of it; those already told do not again.
        _notify_mentions(comment, idea, by)


def on_comment_changed(sender, comment, idea, **kwargs):
    live.send_to_idea(idea.pk, "comment.changed", comment=comment.pk)


# --- Lifecycle ----------------------------------------------------------------------------

def _decision(kind: str, prefix: str):
    def receiver(sender, idea, by, reason="", **kwargs):
        fresh = _fresh(idea.pk)
        if fresh is None:
            return
        services.notify(kind=kind, recipients=[fresh.author_id], key=f"{prefix}:{fresh.pk}:{_stamp(idea)}", actor=by,
                        idea=fresh, data={"reason": reason} if reason else {})
    receiver.__name__ = f"on_{prefix}"
    return receiver


on_idea_published = _decision(Kind.IDEA_APPROVED, "published")
on_changes_requested = _decision(Kind.IDEA_CHANGES_REQUESTED, "changes")
on_idea_rejected = _decision(Kind.IDEA_REJECTED, "rejected")


def on_stage_changed(sender, idea, by, from_stage, to_stage, reason="", **kwargs):
    live.send_to_idea(idea.pk, "stage", stage=to_stage)
    if to_stage == Stage.SUBMITTED:
        live.send_to_queues(idea.theme_id, "submitted", idea=idea.pk)
    elif from_stage == Stage.SUBMITTED:
        live.send_to_queues(idea.theme_id, "decided", idea=idea.pk)
    # A publication is the author's "approved"; coming back from a merge is news to followers.
    if to_stage not in FOLLOWED_STAGES or (to_stage == Stage.PUBLISHED and from_stage != Stage.MERGED):
        return
    fresh = _fresh(idea.pk)
    if fresh is None:
        return
    recipients = _who_may_see(_followers(fresh) | {fresh.author_id}, fresh)
    data = {"stage": to_stage, **({"reason": reason} if reason else {})}
    services.notify(kind=Kind.STAGE_CHANGED, recipients=recipients, key=f"stage:{fresh.pk}:{to_stage}:{_stamp(idea)}",
                    actor=by, idea=fresh, data=data)


def on_ideas_merged(sender, source, target, by, note="", **kwargs):
    live.send_to_idea(source.pk, "merged", target=target.pk)
    live.send_to_idea(target.pk, "support")
    fresh = _fresh(source.pk)
    if fresh is None:
        return
    recipients = _who_may_see(_followers(fresh) | {fresh.author_id}, fresh)
    data = {"target": target.pk, "target_title": target.title, **({"reason": note} if note else {})}
    services.notify(kind=Kind.IDEA_MERGED, recipients=recipients, key=f"merged:{fresh.pk}:{_stamp(fresh)}", actor=by,
                    idea=fresh, data=data)


def on_merge_undone(sender, source, target, **kwargs):
    live.send_to_idea(target.pk, "support")


# --- Moderation of content ------------------------------------------------------------------

def on_content_hidden(sender, target, idea, **kwargs):
    if isinstance(target, Idea):
        live.send_to_idea(idea.pk, "idea.hidden")
    else:
        live.send_to_idea(idea.pk, "comment.changed", comment=target.pk)


def on_content_restored(sender, target, idea, **kwargs):
    if isinstance(target, Idea):
        live.send_to_idea(idea.pk, "idea.restored")
    else:
        live.send_to_idea(idea.pk, "comment.changed", comment=target.pk)


def on_content_flagged(sender, flag, target, idea, **kwargs):
    # Only community managers review reports.
    live.send(live.ALL_QUEUES, "flagged", idea=idea.pk, comment=None if isinstance(target, Idea) else target.pk)


# --- Gamification ---------------------------------------------------------------------------

def on_badge_earned(sender, user, badge, level, **kwargs):
    services.notify(
        kind=Kind.BADGE, recipients=[user.pk], key=f"badge:{badge.pk}:{level}",
        data={"badge_en": badge.name_en, "badge_fr": badge.name_fr, "level": level},
    )


def on_segment_messaged(sender, message, recipient_ids, **kwargs):
    services.notify(
        kind=Kind.MESSAGE, recipients=recipient_ids, key=f"message:{message.pk}", actor=message.sender,
        data={"subject": message.subject, "body": message.body},
    )


# --- Challenges -----------------------------------------------------------------------------

def on_challenge_winners_announced(sender, challenge, winners, by, **kwargs):
    """The authors of the answers, and their followers, hear of the results; the winners'
    authors hear that their idea won."""
    answers = Idea.objects.filter(challenge_id=challenge.pk, hidden_at__isnull=True).select_related("author", "theme")
    winner_ids = {idea.pk for idea in winners}
    data = {"challenge": challenge.pk, "challenge_title": challenge.title}
    key = f"challenge:{challenge.pk}:results"
    told = set()
    for idea in answers:
        if idea.pk in winner_ids:
            services.notify(kind=Kind.CHALLENGE_RESULTS, recipients=[idea.author_id], key=key, actor=by, idea=idea,
                            data={**data, "winner": True})
            told.add(idea.author_id)
    followers = set(Follow.objects.filter(idea__in=answers).values_list("user_id", flat=True))
    authors = {idea.author_id for idea in answers}
    services.notify(kind=Kind.CHALLENGE_RESULTS, recipients=(authors | followers) - told, key=key, actor=by, data=data)


# --- Expert evaluation ----------------------------------------------------------------------

def on_evaluation_requested(sender, evaluation, idea, evaluator, by, **kwargs):
    services.notify(kind=Kind.EVALUATION_REQUESTED, recipients=[evaluator.pk], key=f"evaluation:{evaluation.pk}",
                    actor=by, idea=idea, data={"evaluation": evaluation.pk})


def _connect(signal, receiver):
    signal.connect(receiver, weak=False, dispatch_uid=f"notifications.{receiver.__name__}")


def connect() -> None:
    _connect(idea_events.vote_cast, on_vote_cast)
    _connect(idea_events.vote_withdrawn, on_vote_withdrawn)
    _connect(idea_events.comment_posted, on_comment_posted)
    _connect(idea_events.comment_edited, on_comment_edited)
    idea_events.comment_deleted.connect(on_comment_changed, weak=False, dispatch_uid="notifications.comment_deleted")
    idea_events.comment_marked_helpful.connect(
        on_comment_changed, weak=False, dispatch_uid="notifications.comment_marked_helpful"
    )
    _connect(idea_events.idea_published, on_idea_published)
    _connect(idea_events.idea_changes_requested, on_changes_requested)
    _connect(idea_events.idea_rejected, on_idea_rejected)
    _connect(idea_events.idea_stage_changed, on_stage_changed)
    _connect(moderation_events.ideas_merged, on_ideas_merged)
    _connect(moderation_events.merge_undone, on_merge_undone)
    _connect(moderation_events.content_hidden, on_content_hidden)
    _connect(moderation_events.content_restored, on_content_restored)
    _connect(moderation_events.content_flagged, on_content_flagged)
    _connect(moderation_events.evaluation_requested, on_evaluation_requested)
    _connect(idea_events.challenge_winners_announced, on_challenge_winners_announced)


def connect_gamification(gamification_events) -> None:
    _connect(gamification_events.badge_earned, on_badge_earned)
    _connect(gamification_events.segment_messaged, on_segment_messaged)
