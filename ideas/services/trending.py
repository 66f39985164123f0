"""The trending sort's figure: each idea's supports of the last TRENDING_WINDOW_DAYS.

A support raises it and a withdrawal of a support still inside the window lowers it, in
the same statement as the support count (ideas.services.votes). Time alone also changes
it: a support leaves the window a week after it was given. `recent_supports_recount`
recounts from the rows; `manage.py refresh_trending` runs it over every idea (hourly from
cron), and merges run it on the ideas they touch. Between two runs a support that aged
out still counts, for an hour at most."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Idea, Vote

_CHUNK = 500


def trending_window_start(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.TRENDING_WINDOW_DAYS)


def _changed_ideas(since: datetime) -> list[int]:
    """The ideas whose stored figure differs from their rows: those with supports in the
    window and those whose figure is not zero."""
    counted = dict(
        Vote.objects.filter(created_at__gte=since).order_by().values("idea").annotate(n=Count("pk"))
        .values_list("idea", "n")
    )
    stored = dict(Idea.objects.filter(recent_support_count__gt=0).values_list("pk", "recent_support_count"))
    return sorted(pk for pk in counted.keys() | stored.keys() if counted.get(pk, 0) != stored.get(pk, 0))


def recent_supports_recount(*, idea_ids=None) -> int:
    """Set `recent_support_count` from the support rows, for the given ideas or, without
    them, for every idea whose figure changed. Returns how many ideas were written."""
    since = trending_window_start()
    ideas = sorted(idea_ids) if idea_ids is not None else _changed_ideas(since)
    # Each row is written from a count taken in its own UPDATE, so that a support given
    # while the recount runs is not overwritten by a figure read before it.
    count_now = (
        Vote.objects.filter(idea=OuterRef("pk"), created_at__gte=since)
        .order_by().values("idea").annotate(n=Count("pk")).values("n")
    )
    for start in range(0, len(ideas), _CHUNK):
        with transaction.atomic():
            Idea.objects.filter(pk__in=ideas[start:start + _CHUNK]).update(
                recent_support_count=Coalesce(Subquery(count_now, output_field=IntegerField()), 0)
            )
    return len(ideas)
