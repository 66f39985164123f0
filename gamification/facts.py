"""What the ledger should hold, derived from the state of ideas, comments, supports and
badges. Each rule has a fact source: the contributions that earn its points now. The
ledger is kept equal to these facts (gamification.ledger), by the event listeners for the
part an event touched and by `rebuild_ledger` for everything, so both always agree.

Erased people (accounts.erasure) earn nothing: their contributions are no fact source.
A fact is dropped when its beneficiary was suspended at the time it happened; the caps
then keep, per person, the earliest facts of a day (daily cap) or of an idea (per-idea cap).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Min, Q
from django.utils import timezone

from ideas.models import PUBLIC_STAGES, Coauthor, Comment, Idea, Stage, StageChange, Vote
from moderation.models import Evaluation, Sanction

from .models import BadgeAward, PointsRule

Code = PointsRule.Code


@dataclass(frozen=True)
class Fact:
    user_id: int
    content_type_id: int
    object_id: int
    idea_id: int | None
    occurred_at: datetime
    points: int

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.user_id, self.content_type_id, self.object_id)


@dataclass(frozen=True)
class Scope:
    """Which facts to look at: one person (or everyone), one idea, a time window."""

    user_id: int | None = None
    idea_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None

    def contains(self, moment: datetime) -> bool:
        return (self.start is None or moment >= self.start) and (self.end is None or moment < self.end)


def _ct(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def _window(queryset, field: str, scope: Scope):
    if scope.start is not None:
        queryset = queryset.filter(**{f"{field}__gte": scope.start})
    if scope.end is not None:
        queryset = queryset.filter(**{f"{field}__lt": scope.end})
    return queryset


def _stage_facts(rule: PointsRule, stage: str, scope: Scope) -> list[Fact]:
    """The first time each idea reached `stage`, not moved there by its own author, and
    the idea not hidden by moderation."""
    changes = StageChange.objects.filter(
        to_stage=stage, idea__hidden_at__isnull=True, idea__author__erased_at__isnull=True
    ).exclude(actor_id=F("idea__author_id"))
    if stage == Stage.PUBLISHED:
        changes = changes.filter(idea__stage__in=PUBLIC_STAGES)
    if scope.idea_id is not None:
        changes = changes.filter(idea_id=scope.idea_id)
    if scope.user_id is not None:
        if rule.code == Code.IDEA_DEPLOYED:
            changes = changes.filter(Q(idea__author_id=scope.user_id) | Q(idea__coauthors__user_id=scope.user_id))
        else:
            changes = changes.filter(idea__author_id=scope.user_id)
    reached = {
        row["idea_id"]: (row["idea__author_id"], row["first"])
        for row in changes.order_by().values("idea_id", "idea__author_id").annotate(first=Min("created_at"))
        if scope.contains(row["first"])
    }
    idea_ct = _ct(Idea)
    if rule.code != Code.IDEA_DEPLOYED:
        return [
            Fact(author_id, idea_ct, idea_id, idea_id, first, rule.points)
            for idea_id, (author_id, first) in reached.items()
        ]
    # Deployed: the points are shared between the author and the co-authors.
    coauthors = defaultdict(set)
    coauthorships = Coauthor.objects.filter(idea_id__in=list(reached), user__erased_at__isnull=True)
    for idea_id, user_id in coauthorships.values_list("idea_id", "user_id"):
        coauthors[idea_id].add(user_id)
    facts = []
    for idea_id, (author_id, first) in reached.items():
        others = sorted(coauthors[idea_id] - {author_id})
        share = rule.points // (len(others) + 1)
        facts.append(Fact(author_id, idea_ct, idea_id, idea_id, first, rule.points - share * len(others)))
        facts.extend(Fact(uid, idea_ct, idea_id, idea_id, first, share) for uid in others)
    if scope.user_id is not None:
        facts = [fact for fact in facts if fact.user_id == scope.user_id]
    return facts


def _comment_facts(rule: PointsRule, scope: Scope) -> list[Fact]:
    """Live comments (not deleted, not hidden) on someone else's idea."""
    helpful = rule.code == Code.COMMENT_HELPFUL
    time_field = "marked_helpful_at" if helpful else "created_at"
    comments = Comment.objects.filter(
        deleted_at__isnull=True, hidden_at__isnull=True, author__erased_at__isnull=True
    ).exclude(author_id=F("idea__author_id"))
    if helpful:
        comments = comments.filter(marked_helpful_at__isnull=False)
    if scope.user_id is not None:
        comments = comments.filter(author_id=scope.user_id)
    if scope.idea_id is not None:
        comments = comments.filter(idea_id=scope.idea_id)
    comments = _window(comments, time_field, scope)
    ct = _ct(Comment)
    return [
        Fact(author_id, ct, pk, idea_id, moment, rule.points)
        for pk, author_id, idea_id, moment in comments.values_list("pk", "author_id", "idea_id", time_field)
    ]


def _support_given_facts(rule: PointsRule, scope: Scope) -> list[Fact]:
    """A person's own supports (not the copies a merge made) of someone else's idea."""
    votes = Vote.objects.filter(merged_from__isnull=True, user__erased_at__isnull=True).exclude(
        user_id=F("idea__author_id")
    )
    if scope.user_id is not None:
        votes = votes.filter(user_id=scope.user_id)
    if scope.idea_id is not None:
        votes = votes.filter(idea_id=scope.idea_id)
    votes = _window(votes, "created_at", scope)
    ct = _ct(Vote)
    return [
        Fact(user_id, ct, pk, idea_id, moment, rule.points)
        for pk, user_id, idea_id, moment in votes.values_list("pk", "user_id", "idea_id", "created_at")
    ]


def _support_received_facts(rule: PointsRule, scope: Scope) -> list[Fact]:
    """Supports on an author's visible, not merged idea, from other active people (one
    support per person and idea is the database's rule)."""
    votes = (
        Vote.objects.filter(user__is_active=True, idea__hidden_at__isnull=True, idea__author__erased_at__isnull=True)
        .exclude(idea__stage=Stage.MERGED)
        .exclude(user_id=F("idea__author_id"))
    )
    if scope.user_id is not None:
        votes = votes.filter(idea__author_id=scope.user_id)
    if scope.idea_id is not None:
        votes = votes.filter(idea_id=scope.idea_id)
    votes = _window(votes, "created_at", scope)
    ct = _ct(Vote)
    return [
        Fact(author_id, ct, pk, idea_id, moment, rule.points)
        for pk, author_id, idea_id, moment in votes.values_list("pk", "idea__author_id", "idea_id", "created_at")
    ]


def _challenge_won_facts(rule: PointsRule, scope: Scope) -> list[Fact]:
    """Visible ideas the sponsor of their challenge announced among the winners; the
    author earns the points privately even when the idea is posted without their name."""
    ideas = Idea.objects.filter(challenge_winner_at__isnull=False, hidden_at__isnull=True).exclude(stage=Stage.MERGED)
    if scope.user_id is not None:
        ideas = ideas.filter(author_id=scope.user_id)
    if scope.idea_id is not None:
        ideas = ideas.filter(pk=scope.idea_id)
    ideas = _window(ideas, "challenge_winner_at", scope)
    ct = _ct(Idea)
    return [
        Fact(author_id, ct, pk, pk, moment, rule.points)
        for pk, author_id, moment in ideas.values_list("pk", "author_id", "challenge_winner_at")
    ]


def _evaluation_facts(rule: PointsRule, scope: Scope) -> list[Fact]:
    """Expert evaluations submitted (the scores and comment), one fact each."""
    evaluations = Evaluation.objects.filter(submitted_at__isnull=False)
    if scope.user_id is not None:
        evaluations = evaluations.filter(evaluator_id=scope.user_id)
    if scope.idea_id is not None:
        evaluations = evaluations.filter(idea_id=scope.idea_id)
    evaluations = _window(evaluations, "submitted_at", scope)
    ct = _ct(Evaluation)
    return [
        Fact(evaluator_id, ct, pk, idea_id, moment, rule.points)
        for pk, evaluator_id, idea_id, moment in evaluations.values_list("pk", "evaluator_id", "idea_id", "submitted_at")
    ]


def _badge_facts(rule: PointsRule, scope: Scope) -> list[Fact]:
    awards = BadgeAward.objects.select_related("badge")
    if scope.user_id is not None:
        awards = awards.filter(user_id=scope.user_id)
    awards = _window(awards, "awarded_at", scope)
    ct = _ct(BadgeAward)
    return [
        Fact(award.user_id, ct, award.pk, None, award.awarded_at, award.badge.points_for(award.level))
        for award in awards
    ]


def raw_facts(rule: PointsRule, scope: Scope) -> list[Fact]:
    """Facts before suspensions and caps."""
    if not rule.is_active:
        return []
    code = rule.code
    if code == Code.IDEA_PUBLISHED:
        facts = _stage_facts(rule, Stage.PUBLISHED, scope)
    elif code == Code.IDEA_POTENTIAL:
        facts = _stage_facts(rule, Stage.POTENTIAL, scope)
    elif code == Code.IDEA_DEPLOYED:
        facts = _stage_facts(rule, Stage.DEPLOYED, scope)
    elif code in (Code.COMMENT_POSTED, Code.COMMENT_HELPFUL):
        facts = _comment_facts(rule, scope)
    elif code == Code.SUPPORT_GIVEN:
        facts = _support_given_facts(rule, scope)
    elif code == Code.SUPPORT_RECEIVED:
        facts = _support_received_facts(rule, scope)
    elif code == Code.BADGE_EARNED:
        facts = _badge_facts(rule, scope)
    elif code == Code.CHALLENGE_WON:
        facts = _challenge_won_facts(rule, scope)
    elif code == Code.EVALUATION_SUBMITTED:
        facts = _evaluation_facts(rule, scope)
    else:  # pragma: no cover - a code without a source earns nothing
        facts = []
    return [fact for fact in facts if fact.points]


def suspension_periods(user_ids) -> dict[int, list[tuple[datetime, datetime]]]:
    """Each person's suspensions as [start, end) periods (end: lifted early or expired)."""
    periods = defaultdict(list)
    sanctions = Sanction.objects.filter(kind=Sanction.Kind.SUSPENSION)
    if user_ids is not None:
        sanctions = sanctions.filter(user_id__in=list(user_ids))
    for user_id, start, until, lifted in sanctions.values_list("user_id", "created_at", "until", "lifted_at"):
        end = min(until, lifted) if lifted is not None else until
        periods[user_id].append((start, end))
    return periods


def _was_suspended(periods, fact: Fact) -> bool:
    return any(start <= fact.occurred_at < end for start, end in periods.get(fact.user_id, ()))


def local_day(moment: datetime):
    return timezone.localtime(moment).date()


def apply_caps(rule: PointsRule, facts: list[Fact]) -> list[Fact]:
    cap = rule.daily_cap if rule.daily_cap is not None else rule.per_idea_cap
    if cap is None:
        return facts
    groups = defaultdict(list)
    for fact in facts:
        group = local_day(fact.occurred_at) if rule.daily_cap is not None else fact.idea_id
        groups[(fact.user_id, group)].append(fact)
    kept = []
    for group in groups.values():
        group.sort(key=lambda fact: (fact.occurred_at, fact.object_id))
        kept.extend(group[:cap])
    return kept


def desired_facts(rule: PointsRule, scope: Scope, *, periods=None) -> dict[tuple, Fact]:
    """The facts the ledger must hold for `rule` in `scope`, by (user, content type, object).

    The caller chooses a scope in which the caps can be applied exactly: a whole day of a
    person for a daily cap, a whole idea for a per-idea cap (see ledger.reconcile).
    `periods`: the suspensions of the people in scope, when the caller has read them."""
    facts = raw_facts(rule, scope)
    if periods is None:
        periods = suspension_periods({scope.user_id} if scope.user_id is not None else None)
    facts = [fact for fact in facts if not _was_suspended(periods, fact)]
    return {fact.key: fact for fact in apply_caps(rule, facts)}
