"""Badges: what each criterion counts, for one person or everyone at once (a handful of
aggregate queries, never one per person), and awarding the levels reached."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from core.events import send_on_commit
from ideas.models import PUBLIC_STAGES, Coauthor, Comment, Idea, Stage, Vote

from . import events
from .ledger import touch
from .models import Badge, BadgeAward, PointsRule

Criterion = Badge.Criterion


def _grouped(queryset, field: str, user_ids, *, distinct_field: str = "pk") -> dict[int, int]:
    if user_ids is not None:
        queryset = queryset.filter(**{f"{field}__in": list(user_ids)})
    rows = queryset.order_by().values(field).annotate(n=Count(distinct_field, distinct=True))
    return {row[field]: row["n"] for row in rows}


def _visible_published_ideas():
    return Idea.objects.filter(published_at__isnull=False, stage__in=PUBLIC_STAGES, hidden_at__isnull=True)


def _live_comments_on_others():
    return Comment.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True).exclude(author_id=F("idea__author_id"))


def criterion_counts(criterion: str, user_ids=None) -> dict[int, int]:
    """{user id: count} for one criterion; `user_ids` None means everyone."""
    if criterion == Criterion.IDEAS_PUBLISHED:
        return _grouped(_visible_published_ideas(), "author_id", user_ids)
    if criterion == Criterion.SUPPORTS_GIVEN:
        return _grouped(Vote.objects.filter(merged_from__isnull=True), "user_id", user_ids)
    if criterion == Criterion.COMMENTS_ON_OTHERS:
        return _grouped(_live_comments_on_others(), "author_id", user_ids)
    if criterion == Criterion.HELPFUL_COMMENTS:
        return _grouped(_live_comments_on_others().filter(marked_helpful_at__isnull=False), "author_id", user_ids)
    if criterion == Criterion.IDEAS_POTENTIAL:
        ideas = Idea.objects.filter(hidden_at__isnull=True, stage_changes__to_stage=Stage.POTENTIAL)
        return _grouped(ideas, "author_id", user_ids)
    if criterion == Criterion.IDEAS_DEPLOYED:
        deployed = Idea.objects.filter(hidden_at__isnull=True, stage_changes__to_stage=Stage.DEPLOYED)
        counts = defaultdict(int, _grouped(deployed, "author_id", user_ids))
        coauthored = Coauthor.objects.filter(idea__in=deployed.values("pk")).exclude(user_id=F("idea__author_id"))
        for user_id, n in _grouped(coauthored, "user_id", user_ids, distinct_field="idea_id").items():
            counts[user_id] += n
        return dict(counts)
    if criterion == Criterion.CHALLENGES_WON:
        won = Idea.objects.filter(challenge_winner_at__isnull=False, hidden_at__isnull=True).exclude(stage=Stage.MERGED)
        return _grouped(won, "author_id", user_ids)
    if criterion == Criterion.THEMES_EXPLORED:
        sources = [
            (_visible_published_ideas(), "author_id", "theme_id"),
            (Vote.objects.filter(merged_from__isnull=True), "user_id", "idea__theme_id"),
            (Comment.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True), "author_id", "idea__theme_id"),
        ]
        pairs = []
        for queryset, user_field, theme_field in sources:
            if user_ids is not None:
                queryset = queryset.filter(**{f"{user_field}__in": list(user_ids)})
            pairs.append(queryset.order_by().values_list(user_field, theme_field))
        # One query: UNION keeps each (person, theme) once whichever source names it.
        pairs = set(pairs[0].union(*pairs[1:]))
        counts = defaultdict(int)
        for user_id, _theme in pairs:
            counts[user_id] += 1
        return dict(counts)
    raise ValueError(f"Unknown badge criterion {criterion!r}")


def _eligible(user) -> bool:
    return user is not None and user.is_active and not user.is_suspended


def badges_check(*, user, criteria=None, notify: bool = True) -> list[BadgeAward]:
    """Award `user` every level now reached of the badges counting `criteria` (all when
    None). Each level once (unique key), dated; announces `badge_earned` after commit."""
    if not _eligible(user):
        return []
    badges = Badge.objects.filter(is_active=True)
    if criteria is not None:
        badges = badges.filter(criterion__in=list(criteria))
    badges = list(badges)
    if not badges:
        return []
    counts = {criterion: criterion_counts(criterion, [user.pk]).get(user.pk, 0) for criterion in {b.criterion for b in badges}}
    # Awards are read, and a transaction opened, only for the levels the counts reach.
    reached = [
        (badge, level) for badge in badges for level, threshold, _points in badge.levels()
        if counts[badge.criterion] >= threshold
    ]
    if not reached:
        return []
    reached_badges = list({badge.pk: badge for badge, _level in reached}.values())
    earned = set(BadgeAward.objects.filter(user=user, badge__in=reached_badges).values_list("badge_id", "level"))
    reached = [(badge, level) for badge, level in reached if (badge.pk, level) not in earned]
    if not reached:
        return []
    new = []
    with transaction.atomic():
        for badge, level in reached:
            try:
                with transaction.atomic():
                    award = BadgeAward.objects.create(user=user, badge=badge, level=level, awarded_at=timezone.now())
            except IntegrityError:
                continue
            new.append(award)
        if new:
            touch(PointsRule.Code.BADGE_EARNED, user.pk, None)
            if notify:
                for award in new:
                    send_on_commit(
                        events.badge_earned, BadgeAward, user=user, badge=award.badge, level=award.level, award=award
                    )
    return new


def badges_award_missing() -> int:
    """Everyone's badges brought up to date at once (rebuild, demo). Announces nothing:
    a rebuild is not news."""
    User = get_user_model()
    now = timezone.now()
    excluded = set(
        User.objects.filter(Q(is_active=False) | Q(suspended_until__gt=now)).values_list("pk", flat=True)
    )
    badges = list(Badge.objects.filter(is_active=True))
    counts = {criterion: criterion_counts(criterion) for criterion in {b.criterion for b in badges}}
    earned = set(BadgeAward.objects.values_list("user_id", "badge_id", "level"))
    new = []
    for badge in badges:
        for user_id, count in counts[badge.criterion].items():
            if user_id in excluded:
                continue
            for level, threshold, _points in badge.levels():
                if count >= threshold and (user_id, badge.pk, level) not in earned:
                    new.append(BadgeAward(user_id=user_id, badge=badge, level=level, awarded_at=now))
    BadgeAward.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new)
