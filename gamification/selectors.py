"""Reads shared by the pages, the API and the reports: leaderboards, a person's standing,
badge progress and the community manager's segment figures. Every function asks a fixed
number of queries, whatever the number of people."""

from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from .badges import criterion_counts
from .models import Badge, BadgeAward, LedgerEntry, Score, Segment, SegmentSnapshot
from .segments import latest_week

PERIODS = ("all", "month", "quarter")
LEVEL_ORDER = {Badge.Level.BRONZE: 1, Badge.Level.SILVER: 2, Badge.Level.GOLD: 3}


def period_start(period: str, *, now=None) -> datetime | None:
    """Start of this month or this quarter, local time; None for all time."""
    if period not in ("month", "quarter"):
        return None
    today = timezone.localtime(now or timezone.now()).date()
    month = today.month if period == "month" else 3 * ((today.month - 1) // 3) + 1
    return timezone.make_aware(datetime.combine(today.replace(month=month, day=1), time.min))


def leaderboard(*, period: str = "all", entity=None, theme=None, segment: str | None = None, now=None):
    """Ranked rows {user_id, points, reached}: points first, then whoever got there first,
    then the lower id, so equal scores always come in the same order.

    All time and every theme reads the Score table; a period or a theme sums the ledger."""
    if period == "all" and theme is None:
        board = Score.objects.filter(total__gt=0).values("user_id", points=F("total"), reached=F("reached_at"))
    else:
        entries = LedgerEntry.objects.all()
        start = period_start(period, now=now)
        if start is not None:
            entries = entries.filter(occurred_at__gte=start)
        if theme is not None:
            entries = entries.filter(idea__theme=theme)
        board = (
            entries.order_by().values("user_id").annotate(points=Sum("points"), reached=Max("occurred_at"))
            .filter(points__gt=0)
        )
    # Leaving out the few inactive people, rather than joining every person to check who is
    # active, keeps the count and the rank reads of the score index alone (at 45,730
    # people the join cost about 30 ms per count).
    board = board.exclude(user_id__in=get_user_model().objects.filter(is_active=False).values("pk"))
    if entity is not None:
        board = board.filter(user__entity__path__startswith=entity.path)
    if segment:
        week = latest_week()
        board = board.filter(
            user_id__in=SegmentSnapshot.objects.filter(week=week, segment=segment).values("user_id")
        )
    return board.order_by("-points", "reached", "user_id")


def rank_in(board, user_id: int) -> dict | None:
    """{rank, points} of one person on a leaderboard (two queries), None without points."""
    mine = board.filter(user_id=user_id).first()
    if mine is None:
        return None
    points, reached = mine["points"], mine["reached"]
    ahead = Q(points__gt=points) | Q(points=points, reached__lt=reached) | Q(points=points, reached=reached,
                                                                             user_id__lt=user_id)
    return {"rank": board.filter(ahead).count() + 1, "points": points}


def with_people(rows, *, first_rank: int = 1) -> list[dict]:
    """Page rows with their person (one query) and rank."""
    rows = list(rows)
    people = get_user_model().objects.select_related("entity").in_bulk([row["user_id"] for row in rows])
    return [
        {**row, "rank": first_rank + index, "person": people.get(row["user_id"])}
        for index, row in enumerate(rows)
    ]


def earned_badges(user_id: int) -> list[dict]:
    """The badges a person holds, at their highest level, with the date of that level."""
    best: dict[int, dict] = {}
    for award in BadgeAward.objects.filter(user_id=user_id).select_related("badge").order_by("awarded_at", "id"):
        current = best.get(award.badge_id)
        if current is None or LEVEL_ORDER[award.level] > LEVEL_ORDER[current["level"]]:
            best[award.badge_id] = {"badge": award.badge, "level": award.level, "awarded_at": award.awarded_at}
    return sorted(best.values(), key=lambda item: (item["badge"].position, item["badge"].code))


def standing_of(user) -> dict:
    """{points, rank, badges: [{code, name, level, awarded_at}]} for the all-time board
    (rank None without points). Three queries."""
    standing = rank_in(leaderboard(), user.pk)
    return {
        "points": standing["points"] if standing else 0,
        "rank": standing["rank"] if standing else None,
        "badges": [
            {"code": item["badge"].code, "name": item["badge"].name, "level": item["level"],
             "awarded_at": item["awarded_at"]}
            for item in earned_badges(user.pk)
        ],
    }


def badge_progress(user_id: int) -> list[dict]:
    """Each active badge: the person's count, level held, next level and its threshold."""
    badges = list(Badge.objects.filter(is_active=True))
    counts = {c: criterion_counts(c, [user_id]).get(user_id, 0) for c in {b.criterion for b in badges}}
    held, awarded_at = {}, {}
    for badge_id, level, moment in BadgeAward.objects.filter(user_id=user_id).values_list("badge_id", "level", "awarded_at"):
        if LEVEL_ORDER[level] > LEVEL_ORDER.get(held.get(badge_id), 0):
            held[badge_id], awarded_at[badge_id] = level, moment
    progress = []
    for badge in badges:
        count = counts[badge.criterion]
        level = held.get(badge.pk)
        upcoming = [(lvl, threshold) for lvl, threshold, _p in badge.levels() if LEVEL_ORDER[lvl] > LEVEL_ORDER.get(level, 0)]
        next_level, next_threshold = upcoming[0] if upcoming else (None, None)
        progress.append({
            "badge": badge, "count": count, "level": level, "next_level": next_level,
            "next_threshold": next_threshold,
            "percent": min(100, int(100 * count / next_threshold)) if next_threshold else 100,
            "awarded_at": awarded_at.get(badge.pk),
        })
    return progress


def profile_gamification(user_id: int, *, with_progress: bool = True) -> dict:
    """What a profile shows: points, rank, badges held and, to the person themselves,
    progress to the next levels (which counts their contributions: a dozen queries)."""
    standing = rank_in(leaderboard(), user_id)
    if not with_progress:
        return {
            "points": standing["points"] if standing else 0,
            "rank": standing["rank"] if standing else None,
            "earned": earned_badges(user_id),
            "progress": [],
        }
    progress = badge_progress(user_id)
    earned = [item for item in progress if item["level"]]
    return {
        "points": standing["points"] if standing else 0,
        "rank": standing["rank"] if standing else None,
        "earned": earned,
        "progress": [item for item in progress if item["next_level"]],
    }


# --- Community manager ------------------------------------------------------------------


def segment_trend(*, weeks: int = 12) -> dict:
    """Segment sizes per snapshot week, oldest first: {"weeks": [...], "rows": [(segment, [n...])]}."""
    recent = list(SegmentSnapshot.objects.order_by("-week").values_list("week", flat=True).distinct()[:weeks])
    recent.reverse()
    sizes = {
        (row["week"], row["segment"]): row["n"]
        for row in SegmentSnapshot.objects.filter(week__in=recent).order_by().values("week", "segment")
        .annotate(n=Count("pk"))
    }
    rows = [(segment, [sizes.get((week, segment.value), 0) for week in recent]) for segment in Segment]
    return {"weeks": recent, "rows": rows}


def segment_activity(*, period: str = "month", now=None) -> list[dict]:
    """Points and badges earned in the period by the members of each segment (as placed by
    the latest snapshot)."""
    week = latest_week()
    start = period_start(period, now=now)
    entries = LedgerEntry.objects.filter(user__segment_snapshots__week=week)
    awards = BadgeAward.objects.filter(user__segment_snapshots__week=week)
    if start is not None:
        entries = entries.filter(occurred_at__gte=start)
        awards = awards.filter(awarded_at__gte=start)
    points = dict(
        entries.order_by().values_list("user__segment_snapshots__segment").annotate(total=Sum("points"))
    )
    badges = dict(awards.order_by().values_list("user__segment_snapshots__segment").annotate(n=Count("pk")))
    return [{"segment": s, "points": points.get(s.value, 0) or 0, "badges": badges.get(s.value, 0)} for s in Segment]


def segment_members(*, segment: str, entity=None, week=None):
    week = week or latest_week()
    members = SegmentSnapshot.objects.filter(week=week, segment=segment, user__is_active=True).select_related(
        "user", "user__entity"
    )
    if entity is not None:
        members = members.filter(user__entity__path__startswith=entity.path)
    return members.order_by("user__last_name", "user__first_name", "user_id")
