"""Reads about challenges shared by the pages, the API and the reports: the list (open
first), one challenge with its answers, its leaders and its winners. Query counts do not
grow with the number of challenges or ideas shown."""

from collections import Counter
from datetime import datetime, timezone as dt_timezone

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, DateTimeField, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from .models import LISTED_STAGES, Challenge, ChallengeStatus, Comment, Idea, Theme
from .selectors import _with_viewer, public_ideas

LEADERS = 5
FAR_FUTURE = datetime(2999, 1, 1, tzinfo=dt_timezone.utc)

STATUS_ORDER = {ChallengeStatus.OPEN: 0, ChallengeStatus.UPCOMING: 1, ChallengeStatus.CLOSED: 2, ChallengeStatus.EVALUATED: 3}


def _base(now=None) -> QuerySet:
    return (
        Challenge.objects.with_status(now)
        .select_related("sponsor")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position", "slug")), "target_entities")
    )


def challenge_list(*, status: str | None = None, now=None) -> QuerySet:
    """Open challenges first (closing soonest first), then upcoming (opening soonest),
    then closed and evaluated (latest first); each with the number of its public answers."""
    now = now or timezone.now()
    queryset = _base(now).annotate(
        answer_count=_answer_count(),
        status_rank=Case(*[When(status_code=code.value, then=Value(rank)) for code, rank in STATUS_ORDER.items()],
                         output_field=IntegerField()),
        # The next date that matters (closing, or opening); the same for all past ones, which
        # then come latest first. Named annotations: the API's keyset pages order by them.
        next_date=Case(
            When(status_code=ChallengeStatus.OPEN.value, then=F("closes_at")),
            When(status_code=ChallengeStatus.UPCOMING.value, then=F("opens_at")),
            default=Value(FAR_FUTURE), output_field=DateTimeField(),
        ),
    )
    if status:
        queryset = queryset.filter(status_code=status)
    return queryset.order_by("status_rank", "next_date", "-closes_at", "-id")


def _answer_count() -> Count:
    """The public answers of each challenge, in the challenge's own query."""
    return Count("ideas", filter=Q(ideas__stage__in=LISTED_STAGES, ideas__hidden_at__isnull=True))


def challenge_detail_queryset(now=None) -> QuerySet:
    """One challenge as its page and the API show it, with the number of its public answers."""
    return _base(now).annotate(answer_count=_answer_count())


def challenge_answers(challenge) -> QuerySet:
    """The answers every employee may see."""
    return public_ideas().filter(challenge=challenge)


def challenge_ideas(challenge, *, viewer, sort: str = "supported") -> QuerySet:
    queryset = challenge_answers(challenge).select_related("theme", "author", "author_entity", "challenge")
    if sort == "newest":
        queryset = queryset.order_by("-published_at", "-id")
    else:
        queryset = queryset.order_by("-support_count", "-published_at", "-id")
    return _with_viewer(queryset, viewer)


def challenge_top_ideas(challenge, *, limit: int = LEADERS) -> list[Idea]:
    return list(
        challenge_answers(challenge).filter(support_count__gt=0).select_related("author", "author_entity")
        .order_by("-support_count", "-published_at", "-id")[:limit]
    )


def challenge_winners(challenge) -> list[Idea]:
    return list(
        challenge_answers(challenge).filter(challenge_winner_at__isnull=False).select_related("theme", "author", "author_entity", "challenge")
        .order_by("-support_count", "-id")
    )


def challenge_shortlist(challenge) -> list[Idea]:
    return list(
        challenge_answers(challenge).filter(challenge_shortlisted_at__isnull=False).select_related("theme", "author", "author_entity", "challenge")
        .order_by("-support_count", "-id")
    )


def challenge_contributors(challenge, *, limit: int = LEADERS) -> list[tuple]:
    """The most active people of a challenge: ideas posted under their name plus comments
    on its answers. An idea posted without its author's name counts for nobody here, nor
    do the author's comments on it: the ranking must not point to them."""
    answers = challenge_answers(challenge)
    counts = Counter()
    for row in answers.filter(author_name_hidden=False).order_by().values("author_id").annotate(n=Count("pk")):
        counts[row["author_id"]] += row["n"]
    comments = (
        Comment.objects.filter(idea__in=answers.values("pk"), deleted_at__isnull=True, hidden_at__isnull=True)
        .exclude(Q(idea__author_name_hidden=True) & Q(author_id=F("idea__author_id")))
        .order_by().values("author_id").annotate(n=Count("pk"))
    )
    for row in comments:
        counts[row["author_id"]] += row["n"]
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    people = get_user_model().objects.select_related("entity").in_bulk([user_id for user_id, _n in top])
    return [(people[user_id], n) for user_id, n in top if user_id in people]
