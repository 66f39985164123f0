"""Listeners of the ideas and moderation events: each event reconciles the part of the
ledger it may have changed, then checks the badges of the people concerned. Handling an
event twice changes nothing the second time. Each listener is one transaction (a support,
two: see `on_vote`): the points, the score and the badges are written together or not at all."""

from django.contrib.auth import get_user_model
from django.db import transaction

from core.outbox import delivered_together
from ideas import events as idea_events
from ideas.models import Coauthor, Comment, Idea
from moderation import events as moderation_events

from .badges import badges_check
from .ledger import rules_by_code, touch, touch_idea, touch_ideas
from .models import Badge, PointsRule

Code = PointsRule.Code
Criterion = Badge.Criterion

STAGE_RULES = (Code.IDEA_PUBLISHED, Code.IDEA_POTENTIAL, Code.IDEA_DEPLOYED, Code.CHALLENGE_WON)
STAGE_CRITERIA = (Criterion.IDEAS_PUBLISHED, Criterion.IDEAS_POTENTIAL, Criterion.IDEAS_DEPLOYED, Criterion.THEMES_EXPLORED)
SUPPORT_RULES = (Code.SUPPORT_GIVEN, Code.SUPPORT_RECEIVED)
COMMENT_CRITERIA = (Criterion.COMMENTS_ON_OTHERS, Criterion.HELPFUL_COMMENTS, Criterion.THEMES_EXPLORED)


def _users(*ids):
    return list(get_user_model().objects.filter(pk__in=[i for i in ids if i is not None]))


def _idea_changed(idea_id: int) -> None:
    """Stage points, supports received and the badges of its author and co-authors."""
    author_id = Idea.objects.filter(pk=idea_id).values_list("author_id", flat=True).first()
    if author_id is None:
        return
    for code in STAGE_RULES:
        touch_idea(code, idea_id)
    touch(Code.SUPPORT_RECEIVED, author_id, idea_id)
    coauthor_ids = Coauthor.objects.filter(idea_id=idea_id).values_list("user_id", flat=True)
    for user in _users(author_id, *coauthor_ids):
        badges_check(user=user, criteria=STAGE_CRITERIA)


def _comment_changed(comment: Comment) -> None:
    touch(Code.COMMENT_POSTED, comment.author_id, comment.idea_id)
    touch(Code.COMMENT_HELPFUL, comment.author_id, comment.idea_id)
    for user in _users(comment.author_id):
        badges_check(user=user, criteria=COMMENT_CRITERIA)


@transaction.atomic
def on_stage_changed(sender, idea, **payload):
    _idea_changed(idea.pk)


def _supports_reconciled(payloads, *, check_badges: bool) -> None:
    # Two kinds of transactions: each supporter's points (and badges), then each author's
    # points. A popular author's score row is then locked only for its own reconciling (a
    # few queries), not for the supporters' badge checks too: supports on one author's
    # ideas go through one at a time while it is held (bench/storm.py: 200 people at once).
    # A backlog reconciles each supporter and each author once, each day concerned in full.
    rules = rules_by_code(*SUPPORT_RULES)
    given: dict[int, set[int]] = {}
    supporters = {}
    received: dict[int, set[int]] = {}
    for payload in payloads:
        by, idea = payload["by"], payload["idea"]
        given.setdefault(by.pk, set()).add(idea.pk)
        supporters[by.pk] = by
        received.setdefault(idea.author_id, set()).add(idea.pk)
    for user_id, idea_ids in given.items():
        with transaction.atomic():
            touch_ideas(Code.SUPPORT_GIVEN, user_id, idea_ids, rules=rules)
            if check_badges:
                badges_check(user=supporters[user_id], criteria=(Criterion.SUPPORTS_GIVEN, Criterion.THEMES_EXPLORED))
    for author_id, idea_ids in received.items():
        with transaction.atomic():
            touch_ideas(Code.SUPPORT_RECEIVED, author_id, idea_ids, rules=rules)


def on_votes(signal, sender, payloads):
    _supports_reconciled(payloads, check_badges=True)


def on_votes_withdrawn(signal, sender, payloads):
    # A withdrawal only lowers the counts badges are earned on: no badge to check.
    _supports_reconciled(payloads, check_badges=False)


@delivered_together(on_votes)
def on_vote(sender, idea, by, **payload):
    on_votes(None, sender, [{"idea": idea, "by": by, **payload}])


@delivered_together(on_votes_withdrawn)
def on_vote_withdrawn(sender, idea, by, **payload):
    on_votes_withdrawn(None, sender, [{"idea": idea, "by": by, **payload}])


@transaction.atomic
def on_comment(sender, comment, **payload):
    _comment_changed(comment)


@transaction.atomic
def on_content_moderated(sender, target, idea, **payload):
    if isinstance(target, Comment):
        _comment_changed(target)
    else:
        _idea_changed(idea.pk)


@transaction.atomic
def on_merge(sender, source, target, **payload):
    _idea_changed(source.pk)
    _idea_changed(target.pk)


@transaction.atomic
def on_challenge_winners(sender, challenge, winners, **payload):
    """Points and the winner badge for the authors of the winning ideas (and a correction
    for any idea the sponsor's announcement no longer names)."""
    for idea in winners:
        touch_idea(Code.CHALLENGE_WON, idea.pk)
    for user in _users(*{idea.author_id for idea in winners}):
        badges_check(user=user, criteria=(Criterion.CHALLENGES_WON,))


@transaction.atomic
def on_evaluation_submitted(sender, evaluation, idea, by, **payload):
    touch(Code.EVALUATION_SUBMITTED, evaluation.evaluator_id, idea.pk)


def connect() -> None:
    uid = "gamification"
    idea_events.idea_stage_changed.connect(on_stage_changed, dispatch_uid=f"{uid}.stage")
    idea_events.vote_cast.connect(on_vote, dispatch_uid=f"{uid}.vote_cast")
    idea_events.vote_withdrawn.connect(on_vote_withdrawn, dispatch_uid=f"{uid}.vote_withdrawn")
    idea_events.comment_posted.connect(on_comment, dispatch_uid=f"{uid}.comment_posted")
    idea_events.comment_deleted.connect(on_comment, dispatch_uid=f"{uid}.comment_deleted")
    idea_events.comment_marked_helpful.connect(on_comment, dispatch_uid=f"{uid}.comment_helpful")
    moderation_events.content_hidden.connect(on_content_moderated, dispatch_uid=f"{uid}.hidden")
    moderation_events.content_restored.connect(on_content_moderated, dispatch_uid=f"{uid}.restored")
    moderation_events.ideas_merged.connect(on_merge, dispatch_uid=f"{uid}.merged")
    moderation_events.merge_undone.connect(on_merge, dispatch_uid=f"{uid}.merge_undone")
    moderation_events.evaluation_submitted.connect(on_evaluation_submitted, dispatch_uid=f"{uid}.evaluation_submitted")
    idea_events.challenge_winners_announced.connect(on_challenge_winners, dispatch_uid=f"{uid}.challenge_winners")
