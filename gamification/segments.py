"""Contributor segments: every active person placed in one segment by what they did over
the last SEGMENT_WINDOW_DAYS days, with the figures that placed them there.

Set-based: one aggregate query per figure for everyone at once, then a pass in Python
over the people. Precedence (the first segment whose test a person passes):

    top_manager  holds the executive role
    expert       ideas that reached potential ≥ SEGMENT_EXPERT_MIN_ADVANCED
    facilitator  comments marked helpful ≥ SEGMENT_FACILITATOR_MIN_HELPFUL
    influencer   supports received ≥ SEGMENT_INFLUENCER_MIN_SUPPORTS_RECEIVED
    big_contributor  ideas posted ≥ SEGMENT_BIG_CONTRIBUTOR_MIN_IDEAS
                 or contributions (ideas + comments + supports) ≥ SEGMENT_BIG_CONTRIBUTOR_MIN_ACTIONS
    regular      contributions ≥ SEGMENT_REGULAR_MIN_ACTIONS
    passive      everyone else
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import RoleAssignment
from ideas.models import PUBLIC_STAGES, Comment, Idea, Stage, StageChange, Vote

from .models import Segment, SegmentSnapshot

FIGURES = ("ideas_posted", "ideas_advanced", "comments_posted", "supports_given", "supports_received",
           "helpful_comments")


@dataclass
class Placement:
    user_id: int
    segment: str
    figures: dict


def _counts(queryset, field: str, distinct: str = "pk") -> dict[int, int]:
    rows = queryset.order_by().values(field).annotate(n=Count(distinct, distinct=True))
    return {row[field]: row["n"] for row in rows}


def figures_since(since) -> dict[str, dict[int, int]]:
    """{figure: {user id: count}} for everyone, since `since`."""
    return {
        "ideas_posted": _counts(
            Idea.objects.filter(published_at__gte=since, stage__in=PUBLIC_STAGES, hidden_at__isnull=True), "author_id"
        ),
        "ideas_advanced": _counts(
            StageChange.objects.filter(to_stage=Stage.POTENTIAL, created_at__gte=since, idea__hidden_at__isnull=True),
            "idea__author_id",
            distinct="idea_id",
        ),
        "comments_posted": _counts(
            Comment.objects.filter(created_at__gte=since, deleted_at__isnull=True, hidden_at__isnull=True), "author_id"
        ),
        "supports_given": _counts(Vote.objects.filter(created_at__gte=since, merged_from__isnull=True), "user_id"),
        "supports_received": _counts(
            Vote.objects.filter(created_at__gte=since).exclude(user_id=F("idea__author_id")), "idea__author_id"
        ),
        "helpful_comments": _counts(
            Comment.objects.filter(marked_helpful_at__gte=since, deleted_at__isnull=True, hidden_at__isnull=True)
            .exclude(author_id=F("idea__author_id")),
            "author_id",
        ),
    }


def place(figures: dict, *, executive: bool) -> str:
    contributions = figures["ideas_posted"] + figures["comments_posted"] + figures["supports_given"]
    if executive:
        return Segment.TOP_MANAGER
    if figures["ideas_advanced"] >= settings.SEGMENT_EXPERT_MIN_ADVANCED:
        return Segment.EXPERT
    if figures["helpful_comments"] >= settings.SEGMENT_FACILITATOR_MIN_HELPFUL:
        return Segment.FACILITATOR
    if figures["supports_received"] >= settings.SEGMENT_INFLUENCER_MIN_SUPPORTS_RECEIVED:
        return Segment.INFLUENCER
    if (figures["ideas_posted"] >= settings.SEGMENT_BIG_CONTRIBUTOR_MIN_IDEAS
            or contributions >= settings.SEGMENT_BIG_CONTRIBUTOR_MIN_ACTIONS):
        return Segment.BIG_CONTRIBUTOR
    if contributions >= settings.SEGMENT_REGULAR_MIN_ACTIONS:
        return Segment.REGULAR
    return Segment.PASSIVE


def compute_segments(*, now=None) -> list[Placement]:
    """Every active person's segment and figures, in a fixed number of queries."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.SEGMENT_WINDOW_DAYS)
    counts = figures_since(since)
    executives = set(
        RoleAssignment.objects.filter(role=RoleAssignment.Role.EXECUTIVE).values_list("user_id", flat=True)
    )
    people = get_user_model().objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    placements = []
    for user_id in people:
        figures = {name: counts[name].get(user_id, 0) for name in FIGURES}
        placements.append(Placement(user_id, place(figures, executive=user_id in executives), figures))
    return placements


def week_of(moment) -> date:
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def snapshot_segments(*, now=None) -> tuple[date, int]:
    """Store this week's segments. Idempotent per week: running it again in the same week
    replaces that week's rows with the current figures."""
    now = now or timezone.now()
    week = week_of(now)
    placements = compute_segments(now=now)
    with transaction.atomic():
        SegmentSnapshot.objects.filter(week=week).delete()
        SegmentSnapshot.objects.bulk_create(
            [SegmentSnapshot(week=week, user_id=p.user_id, segment=p.segment, figures=p.figures) for p in placements],
            batch_size=1000,
        )
    return week, len(placements)


def latest_week() -> date | None:
    return SegmentSnapshot.objects.order_by("-week").values_list("week", flat=True).first()


def segment_reason(segment: str, figures: dict) -> str:
    """Why a person is in their segment, in words: "posted 7 ideas, 3 reached potential"."""
    f = {name: figures.get(name, 0) for name in FIGURES}
    posted = ngettext("posted %(n)d idea", "posted %(n)d ideas", f["ideas_posted"]) % {"n": f["ideas_posted"]}
    if segment == Segment.TOP_MANAGER:
        return _("executive role")
    if segment == Segment.EXPERT:
        advanced = ngettext("%(n)d reached potential", "%(n)d reached potential", f["ideas_advanced"]) % {
            "n": f["ideas_advanced"]}
        return f"{posted}, {advanced}"
    if segment == Segment.FACILITATOR:
        return ngettext("%(n)d comment marked helpful", "%(n)d comments marked helpful", f["helpful_comments"]) % {
            "n": f["helpful_comments"]}
    if segment == Segment.INFLUENCER:
        return ngettext("%(n)d support received", "%(n)d supports received", f["supports_received"]) % {
            "n": f["supports_received"]}
    comments = ngettext("%(n)d comment", "%(n)d comments", f["comments_posted"]) % {"n": f["comments_posted"]}
    supports = ngettext("%(n)d support given", "%(n)d supports given", f["supports_given"]) % {"n": f["supports_given"]}
    return f"{posted}, {comments}, {supports}"


def segment_movements(*, before: date, after: date) -> dict[tuple[str, str], int]:
    """How many people moved from one segment to another between two snapshots."""
    earlier = dict(SegmentSnapshot.objects.filter(week=before).values_list("user_id", "segment"))
    moves: dict[tuple[str, str], int] = {}
    for user_id, segment in SegmentSnapshot.objects.filter(week=after).values_list("user_id", "segment"):
        previous = earlier.get(user_id)
        if previous is not None and previous != segment:
            moves[(previous, segment)] = moves.get((previous, segment), 0) + 1
    return moves
