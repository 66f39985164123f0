"""Read queries shared by the portal pages, the API and the reports. Every list is built
so that its query count does not grow with the number of rows shown."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.utils.translation import gettext_lazy as _

from accounts.models import Entity


from .authorship import listed_by_author_q
from .models import LISTED_STAGES, Coauthor, Comment, Idea, IdeaImage, Stage, StageChange, Vote
from .search import search_ideas


class Sort:
    NEWEST = "newest"
    SUPPORTED = "supported"
    DISCUSSED = "discussed"
    TRENDING = "trending"
    RELEVANCE = "relevance"

    CHOICES = [
        (NEWEST, _("Newest")),
        (SUPPORTED, _("Most supported")),
        (DISCUSSED, _("Most discussed")),
        (TRENDING, _("Trending")),
        (RELEVANCE, _("Best match")),
    ]


def _with_viewer(queryset: QuerySet, viewer) -> QuerySet:
    if viewer is not None and viewer.is_authenticated:
        return queryset.annotate(viewer_supports=Exists(Vote.objects.filter(idea=OuterRef("pk"), user=viewer)))
    return queryset.annotate(viewer_supports=Value(False))


def public_ideas() -> QuerySet:
    """Ideas every employee may find in lists, searches and counts: published (or
    further), neither merged away nor hidden by moderation. Every such idea has a
    publication date; saying so lets the newest-first index skip the unpublished ones."""
    return Idea.objects.filter(stage__in=LISTED_STAGES, hidden_at__isnull=True, published_at__isnull=False)


def filter_ideas(queryset: QuerySet, *, theme=None, stage=None, entity: Entity | None = None, author=None,
                 challenge=None) -> QuerySet:
    if theme is not None:
        queryset = queryset.filter(theme=theme)
    if stage:
        queryset = queryset.filter(stage=stage)
    if entity is not None:
        queryset = queryset.filter(author_entity__path__startswith=entity.path)
    if author is not None:
        queryset = queryset.filter(author=author)
    if challenge is not None:
        queryset = queryset.filter(challenge=challenge)
    return queryset


def sort_ideas(queryset: QuerySet, sort: str, *, searching: bool = False) -> QuerySet:
    if sort == Sort.RELEVANCE and searching:
        return queryset.order_by("-search_rank", "-published_at", "-id")
    if sort == Sort.SUPPORTED:
        return queryset.order_by("-support_count", "-published_at", "-id")
    if sort == Sort.DISCUSSED:
        return queryset.order_by("-comment_count", "-published_at", "-id")
    if sort == Sort.TRENDING:
        # A stored figure (ideas.services.trending), so the page reads the index in order.
        return queryset.order_by("-recent_support_count", "-support_count", "-id")
    return queryset.order_by("-published_at", "-id")


def idea_list(*, viewer, theme=None, stage=None, entity=None, author=None, challenge=None, search: str = "",
              sort: str = Sort.NEWEST) -> QuerySet:
    """The ideas every employee may browse, filtered, searched and sorted. Under an
    author's name or a business unit, the ideas posted without the author's name are
    left out for colleagues (they would point to the person)."""
    queryset = filter_ideas(public_ideas(), theme=theme, stage=stage, entity=entity, author=author, challenge=challenge)
    if author is not None or entity is not None:
        queryset = queryset.filter(listed_by_author_q(viewer))
    queryset = search_ideas(queryset, search)
    queryset = sort_ideas(queryset, sort, searching=bool(search.strip()))
    return _with_viewer(queryset.select_related("theme", "author", "author_entity", "challenge"), viewer)


def idea_detail_queryset(*, viewer, with_discussion: bool = True) -> QuerySet:
    """An idea with what its page shows. The portal's page takes its text, pictures and
    comments from the cache (ideas.fragments) and asks `with_discussion=False`."""
    queryset = Idea.objects.select_related("theme", "author", "author__entity", "author_entity", "owner", "challenge")
    if with_discussion:
        comments = Comment.objects.filter(parent__isnull=True).select_related("author", "author__entity").prefetch_related(
            Prefetch("replies", queryset=Comment.objects.select_related("idea", "author", "author__entity").order_by("created_at", "id"))
        )
        queryset = queryset.prefetch_related(
            Prefetch("comments", queryset=comments, to_attr="threads"),
            Prefetch("images", queryset=IdeaImage.objects.order_by("id")),
        )
    return _with_viewer(
        queryset.prefetch_related(
            # The timeline: who took each step and whom they named owner, in the same query.
            Prefetch("stage_changes", queryset=StageChange.objects.select_related("actor", "owner").order_by("created_at", "id")),
            # Who else is credited, and which duplicates were merged into it.
            Prefetch("coauthors", queryset=Coauthor.objects.select_related("user", "merged_from").order_by("created_at", "id")),
            Prefetch("merged_ideas", queryset=Idea.objects.only("id", "title", "merged_into_id").order_by("id")),
        ),
        viewer,
    )


def latest_decision_reason() -> Subquery:
    """The reason given with the transition that brought an idea to its current stage."""
    return Subquery(
        StageChange.objects.filter(idea=OuterRef("pk"), to_stage=OuterRef("stage")).order_by("-created_at", "-id").values("reason")[:1]
    )


def ideas_of_author(*, author) -> QuerySet:
    return (
        Idea.objects.filter(author=author)
        .select_related("theme")
        .annotate(decision_reason=latest_decision_reason())
        .order_by("-updated_at", "-id")
    )


def waiting_on(idea: Idea) -> str:
    """What the idea waits for, and from whom, in words for its author."""
    stage = idea.stage
    if stage == Stage.DRAFT:
        return _("You: submit it when it is ready.")
    if stage == Stage.SUBMITTED:
        return _("The functional correspondents for “%(theme)s”: validation.") % {"theme": idea.theme.name}
    if stage == Stage.CHANGES_REQUESTED:
        return _("You: edit it as asked, then submit it again.")
    if stage == Stage.PUBLISHED:
        return _("Colleagues: supports and comments; correspondents may mark it as having potential.")
    if stage in (Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT):
        return _("Top managers: the next decision in the pipeline.")
    return _("Nobody: this idea has reached the end of its path.")
