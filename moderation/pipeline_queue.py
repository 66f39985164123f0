"""Reads for the pipeline queue: ideas awaiting a pipeline decision from the viewer, and
how long they have waited in their current stage."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from accounts.rules import is_administrator, is_executive
from ideas.models import Coauthor, Idea, Stage

from .pipeline import AWAITING_STAGES
from .rules import PIPELINE_STAGES
from .scopes import ideas_in_scope_q


class PipelineSort:
    SUPPORTED = "supported"
    OLDEST = "oldest"
    NEWEST = "newest"


ORDERS = {
    # Most supported first, then the longest waiting.
    PipelineSort.SUPPORTED: ("-support_count", "stage_since", "id"),
    PipelineSort.OLDEST: ("stage_since", "id"),
    PipelineSort.NEWEST: ("-stage_since", "-id"),
}


def pipeline_queue(*, viewer, theme=None, stage: str = "", entity=None, sort: str = PipelineSort.SUPPORTED) -> QuerySet:
    """Ideas awaiting a pipeline decision `viewer` may take: published ideas in their
    moderation scope (to mark as having potential), and for top managers the ideas in
    potential, analysis, project or pilot — never their own, their co-authored ones or
    those of their direct reports. Hidden ideas wait until restored.

    Each idea comes with `stage_since` (when it entered its stage), its theme, author,
    business unit, owner and co-authors."""
    wanted = Q(pk__in=[])
    scope = ideas_in_scope_q(viewer)
    if scope is not None:
        wanted |= Q(stage=Stage.PUBLISHED) & scope
    if is_executive(viewer) or is_administrator(viewer):
        coauthored = Coauthor.objects.filter(idea=OuterRef("pk"), user_id=viewer.pk)
        wanted |= (
            Q(stage__in=PIPELINE_STAGES) & ~Q(author_id=viewer.pk) & ~Q(author__manager_id=viewer.pk)
            & ~Exists(coauthored)
        )
    queryset = Idea.objects.filter(wanted, hidden_at__isnull=True)
    if theme is not None:
        queryset = queryset.filter(theme=theme)
    if stage in AWAITING_STAGES:
        queryset = queryset.filter(stage=stage)
    if entity is not None:
        queryset = queryset.filter(author_entity__path__startswith=entity.path)
    return (
        queryset.annotate(stage_since=Coalesce("stage_changed_at", "published_at", "created_at"))
        .select_related("theme", "author", "author_entity", "owner")
        .prefetch_related(Prefetch("coauthors", queryset=Coauthor.objects.only("id", "idea_id", "user_id")))
        .order_by(*ORDERS.get(sort, ORDERS[PipelineSort.SUPPORTED]))
    )


@dataclass(frozen=True)
class WaitLevel:
    """How long the ideas of a queue have waited in their stage: a service level."""

    count: int
    oldest_since: datetime | None
    median_since: datetime | None


def wait_level(queryset: QuerySet) -> WaitLevel:
    """Two queries whatever the size of the queue: the count and the oldest entry in one
    aggregate, then the one or two middle timestamps read by offset."""
    queryset = queryset.order_by()
    summary = queryset.aggregate(count=Count("pk"), oldest=Min("stage_since"))
    count = summary["count"]
    if not count:
        return WaitLevel(0, None, None)
    low, high = (count - 1) // 2, count // 2
    middle = list(queryset.order_by("stage_since", "id").values_list("stage_since", flat=True)[low:high + 1])
    median_since = middle[0] + (middle[-1] - middle[0]) / 2
    return WaitLevel(count, summary["oldest"], median_since)


def owner_candidates(*, search: str, limit: int = 10) -> QuerySet:
    """Active colleagues whose name or e-mail address contains `search`, for the owner picker."""
    words = search.split()
    queryset = get_user_model().objects.filter(is_active=True)
    for word in words[:4]:
        queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word))
    return queryset.select_related("entity").order_by("last_name", "first_name", "id")[:limit]
