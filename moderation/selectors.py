"""What waits on a moderator, and how long it has waited."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone, translation

from accounts.rules import is_community_manager
from core.permissions import can
from ideas.models import Comment, Idea, Stage

from .evaluations import evaluation_counts, evaluations_to_do
from .models import CannedReason, Flag, Sanction
from .pipeline_queue import pipeline_queue, wait_level
from .scopes import ideas_in_scope_q


class QueueSort:
    OLDEST = "oldest"
    NEWEST = "newest"


def submission_queue(*, viewer, theme=None, entity=None, sort: str = QueueSort.OLDEST) -> QuerySet:
    """Submitted ideas `viewer` may validate, oldest first by default. Never their own
    ideas nor those of anyone they manage, directly or through other managers."""
    scope = ideas_in_scope_q(viewer)
    if scope is None:
        return Idea.objects.none()
    queryset = Idea.objects.filter(stage=Stage.SUBMITTED).filter(scope)
    if theme is not None:
        queryset = queryset.filter(theme=theme)
    if entity is not None:
        queryset = queryset.filter(author_entity__path__startswith=entity.path)
    order = ("-submitted_at", "-id") if sort == QueueSort.NEWEST else ("submitted_at", "id")
    return queryset.select_related("theme", "author", "author__entity", "author_entity").order_by(*order)


@dataclass(frozen=True)
class ServiceLevel:
    """How long the items of a queue have waited, as a moderator's service level."""

    count: int
    oldest: timedelta | None
    median: timedelta | None


def service_level(queryset: QuerySet, since_field: str) -> ServiceLevel:
    """Two queries whatever the length of the queue: the count and the oldest in one
    aggregate, then the one or two middle timestamps read by offset."""
    queryset = queryset.order_by().filter(**{f"{since_field}__isnull": False})
    summary = queryset.aggregate(count=Count("pk"), oldest=Min(since_field))
    count = summary["count"]
    if not count:
        return ServiceLevel(0, None, None)
    low, high = (count - 1) // 2, count // 2
    middle = list(queryset.order_by(since_field, "pk").values_list(since_field, flat=True)[low:high + 1])
    now = timezone.now()
    return ServiceLevel(count, now - summary["oldest"], now - (middle[0] + (middle[-1] - middle[0]) / 2))


def open_flags() -> QuerySet:
    return Flag.objects.filter(resolved_at__isnull=True)


@dataclass
class FlaggedItem:
    target: Idea | Comment
    idea: Idea
    reports: int
    first_reported_at: object
    reasons: list

    @property
    def kind(self) -> str:
        return "idea" if isinstance(self.target, Idea) else "comment"


def flagged_items(rows) -> list[FlaggedItem]:
    """Turn a page of grouped open-flag rows into items with their targets and reasons,
    in three queries whatever the page size."""
    rows = list(rows)
    idea_ids = [r["idea_id"] for r in rows if r["idea_id"]]
    comment_ids = [r["comment_id"] for r in rows if r["comment_id"]]
    ideas = Idea.objects.select_related("theme", "author", "author_entity").in_bulk(idea_ids)
    comments = Comment.objects.select_related("author", "idea", "idea__theme").in_bulk(comment_ids)
    reasons: dict[tuple, list] = {}
    flags = open_flags().filter(Q(idea_id__in=idea_ids) | Q(comment_id__in=comment_ids)).select_related("user")
    for flag in flags.order_by("created_at", "id"):
        reasons.setdefault((flag.idea_id, flag.comment_id), []).append(flag)
    items = []
    for row in rows:
        target = ideas.get(row["idea_id"]) if row["idea_id"] else comments.get(row["comment_id"])
        if target is None:
            continue
        items.append(FlaggedItem(
            target=target, idea=target if isinstance(target, Idea) else target.idea, reports=row["reports"],
            first_reported_at=row["first_reported_at"], reasons=reasons.get((row["idea_id"], row["comment_id"]), []),
        ))
    return items


def flag_queue(*, kind: str = "") -> QuerySet:
    """Reported items awaiting review, one row per item, oldest report first."""
    queryset = open_flags()
    if kind == "idea":
        queryset = queryset.filter(idea__isnull=False)
    elif kind == "comment":
        queryset = queryset.filter(comment__isnull=False)
    return (
        queryset.values("idea_id", "comment_id")
        .annotate(reports=Count("id"), first_reported_at=Min("created_at"))
        .order_by("first_reported_at", "idea_id", "comment_id")
    )


def canned_reasons(use: str) -> list[CannedReason]:
    return list(CannedReason.objects.filter(use=use, is_active=True))


CANNED_TEXTS_KEY = "moderation:canned-reason-texts"


def canned_reason_text(code: int) -> str | None:
    """A ready-made reason's text in the active language (None once it is deleted). All
    of them are cached together, dropped whenever one changes (moderation/apps.py)."""
    texts = cache.get(CANNED_TEXTS_KEY)
    if texts is None:
        texts = {pk: {"en": en, "fr": fr} for pk, en, fr in CannedReason.objects.values_list("pk", "text_en", "text_fr")}
        cache.set(CANNED_TEXTS_KEY, texts, None)
    text = texts.get(code)
    if text is None:
        return None
    return text["fr"] if (translation.get_language() or "").startswith("fr") else text["en"]


def canned_reason_texts_changed(**kwargs) -> None:
    cache.delete(CANNED_TEXTS_KEY)


def active_suspensions() -> QuerySet:
    return (
        Sanction.objects.filter(kind=Sanction.Kind.SUSPENSION, lifted_at__isnull=True, until__gt=timezone.now())
        .select_related("user", "user__entity", "by")
        .order_by("until", "id")
    )


def moderator_summary(viewer) -> dict:
    """What waits on `viewer`, shown when they open the console."""
    summary = {}
    if can(viewer, "moderation.view_queue"):
        summary["submitted"] = service_level(submission_queue(viewer=viewer), "submitted_at")
    if can(viewer, "moderation.view_pipeline"):
        summary["pipeline"] = wait_level(pipeline_queue(viewer=viewer))
    if is_community_manager(viewer):
        summary["flags"] = service_level(open_flags(), "created_at")
        summary["flagged_items"] = flag_queue().count()
        summary["suspensions"] = active_suspensions().count()
        summary["evaluations"] = evaluation_counts()
    summary["my_evaluations"] = evaluations_to_do(evaluator=viewer).count()
    return summary
