"""The executive report's summary tables (reports.models: IdeaRollup, StageStay,
ActivityDay, FirstContribution), kept from the ideas, comments, supports and stage history.

Every function here recomputes the rows of the ideas or people it is given from those
tables and replaces them: never an increment. Running one twice, late, or after a crash
leaves the same rows, so the domain events' receivers (reports/receivers.py) may run on a
worker, be retried or come in any order. `rollups_rebuild` recomputes everything (after a
bulk import, or to check); `reports.services.rollups_refresh` is the daily entry point.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Count, Exists, Min, OuterRef
from django.db.models.functions import TruncDate
from django.utils import timezone

from ideas.models import Coauthor, Comment, Idea, StageChange, Vote

from .models import ActivityDay, FirstContribution, IdeaRollup, RollupDue, StageStay

CHUNK = 1000
# How long a flush holds the marks it took before another may take them again.
CLAIM = timedelta(minutes=10)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted({pk for pk in ids if pk is not None})
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _local_day(field: str) -> TruncDate:
    # The site's time zone, whoever runs this (a request, a worker, a command).
    return TruncDate(field, tzinfo=timezone.get_default_timezone())


# --- Ideas ------------------------------------------------------------------------------


def ideas_refresh(idea_ids: Iterable[int]) -> None:
    """Recompute the IdeaRollup and StageStay rows of these ideas (gone ideas: removed)."""
    for chunk in _chunks(idea_ids):
        with transaction.atomic():
            _ideas_refresh(chunk)


def _ideas_refresh(ids: list[int]) -> None:
    # Locked so that two refreshes of the same idea write one after the other.
    # (FOR NO KEY UPDATE: a support or comment pointing at the idea does not wait on it)
    list(Idea.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    # The same conditions as the report had on the raw tables (the unit of the others today).
    outside_supports = Vote.objects.filter(idea=OuterRef("pk"), merged_from__isnull=True).exclude(
        user__entity_id=OuterRef("author_entity_id"))
    outside_comments = Comment.objects.filter(idea=OuterRef("pk"), deleted_at__isnull=True).exclude(
        author__entity_id=OuterRef("author_entity_id"))
    outside_coauthors = Coauthor.objects.filter(idea=OuterRef("pk")).exclude(
        user__entity_id=OuterRef("author_entity_id"))
    rows = (
        Idea.objects.filter(pk__in=ids).order_by()
        .annotate(day=_local_day("submitted_at"), supported=Exists(outside_supports),
                  commented=Exists(outside_comments), coauthored=Exists(outside_coauthors))
        .values_list("pk", "submitted_at", "day", "author_entity_id", "theme_id", "challenge_id", "stage",
                     "benefit_savings_eur", "benefit_quality", "supported", "commented", "coauthored")
    )
    IdeaRollup.objects.filter(idea_id__in=ids).delete()
    IdeaRollup.objects.bulk_create([
        IdeaRollup(idea_id=pk, submitted_day=day if submitted_at is not None else None, author_entity_id=entity,
                   theme_id=theme, challenge_id=challenge, stage=stage, savings_eur=savings,
                   has_quality=quality != "", supported_outside=supported,
                   developed_outside=commented or coauthored)
        for pk, submitted_at, day, entity, theme, challenge, stage, savings, quality, supported, commented, coauthored
        in rows
    ])

    # Each stay lasts until the idea's next change (by time, then by id, as the history reads).
    stays = []
    changes = StageChange.objects.filter(idea_id__in=ids).order_by("idea_id", "created_at", "id").values_list(
        "idea_id", "to_stage", "created_at")
    previous = None
    for idea_id, stage, entered in changes:
        if previous is not None and previous.idea_id == idea_id:
            previous.left_at = entered
            previous.days = (entered - previous.entered_at).total_seconds() / 86400
        previous = StageStay(idea_id=idea_id, stage=stage, entered_at=entered)
        stays.append(previous)
    StageStay.objects.filter(idea_id__in=ids).delete()
    StageStay.objects.bulk_create(stays)


# --- People -----------------------------------------------------------------------------


def people_refresh(user_ids: Iterable[int]) -> None:
    """Recompute the ActivityDay and FirstContribution rows of these people."""
    for chunk in _chunks(user_ids):
        with transaction.atomic():
            _people_refresh(chunk)


def _people_refresh(ids: list[int]) -> None:
    list(get_user_model().objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
         .values_list("pk", flat=True))
    days: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    sources = (
        (Idea.objects.filter(author_id__in=ids, submitted_at__isnull=False), "author_id", "submitted_at", "", 0),
        (Comment.objects.filter(author_id__in=ids, deleted_at__isnull=True), "author_id", "created_at", "idea__", 1),
        (Vote.objects.filter(user_id__in=ids, merged_from__isnull=True), "user_id", "created_at", "idea__", 2),
    )
    for queryset, person, moment, idea, column in sources:
        grouped = queryset.order_by().annotate(local_day=_local_day(moment)).values_list(
            person, "local_day", f"{idea}theme_id", f"{idea}challenge_id", f"{idea}author_entity_id",
        ).annotate(n=Count("pk"))
        for user_id, day, theme, challenge, entity, n in grouped:
            days[(user_id, day, theme, challenge, entity)][column] += n
    ActivityDay.objects.filter(user_id__in=ids).delete()
    ActivityDay.objects.bulk_create([
        ActivityDay(user_id=user_id, day=day, theme_id=theme, challenge_id=challenge, author_entity_id=entity,
                    ideas=ideas, comments=comments, supports=supports)
        for (user_id, day, theme, challenge, entity), (ideas, comments, supports) in days.items()
    ])

    first: dict[int, object] = {}
    for queryset, person, moment in (
        (Idea.objects.filter(author_id__in=ids, submitted_at__isnull=False), "author_id", "submitted_at"),
        (Comment.objects.filter(author_id__in=ids), "author_id", "created_at"),
        (Vote.objects.filter(user_id__in=ids, merged_from__isnull=True), "user_id", "created_at"),
    ):
        for user_id, at in queryset.order_by().values_list(person).annotate(first=Min(moment)):
            if user_id not in first or at < first[user_id]:
                first[user_id] = at
    FirstContribution.objects.filter(user_id__in=ids).delete()
    FirstContribution.objects.bulk_create([FirstContribution(user_id=pk, first_at=at) for pk, at in first.items()])


def idea_participants(idea_id: int) -> set[int]:
    """Everyone whose activity rows name this idea's theme, challenge or unit."""
    people = set(Idea.objects.filter(pk=idea_id).values_list("author_id", flat=True))
    people |= set(Comment.objects.filter(idea_id=idea_id).values_list("author_id", flat=True))
    people |= set(Vote.objects.filter(idea_id=idea_id).values_list("user_id", flat=True))
    return people


# --- Deferred: marks, then one recount for many actions --------------------------------------


def rollups_mark(*, idea_ids: Iterable[int] = (), user_ids: Iterable[int] = ()) -> None:
    """These ideas' and people's rows are to be recomputed. With a worker tier, marked for
    `rollups_due_flush`; without one (the embedded default), recomputed at once."""
    from core.outbox import broker_in_use

    idea_ids = {pk for pk in idea_ids if pk is not None}
    user_ids = {pk for pk in user_ids if pk is not None}
    if not broker_in_use():
        people_refresh(user_ids)
        ideas_refresh(idea_ids)
        return
    marks = [(RollupDue.Kind.IDEA, pk) for pk in sorted(idea_ids)] + [(RollupDue.Kind.PERSON, pk) for pk in sorted(user_ids)]
    if marks:
        # A mark already there gets a new token: a flush under way keeps it for the next one.
        RollupDue.objects.bulk_create(
            [RollupDue(kind=kind, object_id=pk, token=uuid.uuid4()) for kind, pk in marks],
            update_conflicts=True, unique_fields=["kind", "object_id"], update_fields=["token"],
        )


def rollups_due_flush(*, limit: int = 5000) -> int:
    """Recompute the marked people and ideas, each once. The marks are claimed first (a
    short transaction: PostgreSQL skips those another flush holds), the rows recomputed in
    the usual short transactions, then only the marks no action renewed meanwhile are
    removed; a flush that dies leaves its marks to the next one once its claim ends."""
    now = timezone.now()
    with transaction.atomic():
        claimed = list(
            RollupDue.objects.filter(models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now))
            .select_for_update(skip_locked=True).order_by("pk").values_list("pk", "kind", "object_id", "token")[:limit]
        )
        if not claimed:
            return 0
        RollupDue.objects.filter(pk__in=[row[0] for row in claimed]).update(claimed_until=now + CLAIM)
    people_refresh(object_id for _pk, kind, object_id, _token in claimed if kind == RollupDue.Kind.PERSON)
    ideas_refresh(object_id for _pk, kind, object_id, _token in claimed if kind == RollupDue.Kind.IDEA)
    taken = {pk: token for pk, _kind, _object_id, token in claimed}
    with transaction.atomic():
        now_tokens = RollupDue.objects.select_for_update().filter(pk__in=list(taken)).values_list("pk", "token")
        renewed = {pk for pk, token in now_tokens if token != taken[pk]}
        RollupDue.objects.filter(pk__in=[pk for pk in taken if pk not in renewed]).delete()
        RollupDue.objects.filter(pk__in=renewed).update(claimed_until=None)
    return len(claimed)


# --- Everything -------------------------------------------------------------------------


def rollups_rebuild(*, progress=None) -> dict[str, int]:
    """Recompute every rollup row from the raw tables (rows of deleted ideas or people went
    with them). Returns the number of rows of each table."""
    idea_ids = list(Idea.objects.order_by("pk").values_list("pk", flat=True))
    for done, chunk in enumerate(_chunks(idea_ids), start=1):
        ideas_refresh(chunk)
        if progress:
            progress(f"ideas {min(done * CHUNK, len(idea_ids))}/{len(idea_ids)}")
    user_ids = list(get_user_model().objects.order_by("pk").values_list("pk", flat=True))
    for done, chunk in enumerate(_chunks(user_ids), start=1):
        people_refresh(chunk)
        if progress:
            progress(f"people {min(done * CHUNK, len(user_ids))}/{len(user_ids)}")
    return {model.__name__: model.objects.count()
            for model in (IdeaRollup, StageStay, ActivityDay, FirstContribution)}
