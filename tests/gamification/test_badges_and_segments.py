"""Badges earned once per level with their points and event; segments placed by behaviour."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gamification import events
from gamification.badges import badges_check
from gamification.models import Badge, BadgeAward, Segment, SegmentSnapshot
from gamification.segments import compute_segments, segment_movements, segment_reason, snapshot_segments
from gamification.selectors import standing_of
from ideas.services import comment_mark_helpful, comment_post, vote_cast
from tests.factories import IdeaFactory, Role, Stage, UserFactory

from .conftest import points_of


@pytest.fixture
def earned():
    received = []

    def listener(sender, **payload):
        received.append(payload)

    events.badge_earned.connect(listener, weak=False)
    yield received
    events.badge_earned.disconnect(listener)


def test_the_first_published_idea_earns_the_bronze_idea_maker_badge_with_its_points(author, theme, moderator, earned, live):
    with live():
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)
    award = BadgeAward.objects.get(user=author)
    assert (award.badge.code, award.level) == ("idea-maker", "bronze")
    assert points_of(author) == 10 + award.badge.points_bronze
    assert earned == [{"signal": events.badge_earned, "user": author, "badge": award.badge, "level": "bronze",
                       "award": award}]


def test_a_level_is_earned_once(author, theme, moderator, earned, live):
    with live():
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)
        badges_check(user=author)
        badges_check(user=author)
    assert BadgeAward.objects.filter(user=author).count() == 1
    assert len(earned) == 1


def test_silver_comes_at_its_threshold(author, theme, moderator, live):
    Badge.objects.filter(code="idea-maker").update(bronze=1, silver=2, gold=3)
    with live():
        for _ in range(2):
            IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)
    assert set(BadgeAward.objects.filter(user=author, badge__code="idea-maker").values_list("level", flat=True)) == {
        "bronze", "silver"}


def test_a_suspended_person_earns_no_badge(author, community_manager, theme, moderator, live):
    from moderation.sanctions import user_suspend

    with live():
        idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
        user_suspend(user=author, by=community_manager, days=3, reason="Spam.")
        from moderation.services import idea_approve

        idea_approve(idea=idea, by=moderator)
    assert not BadgeAward.objects.filter(user=author).exists()
    assert points_of(author) == 0


def test_standing_of_gives_points_rank_and_badges(author, colleague, theme, moderator, live):
    with live():
        idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)
        vote_cast(idea=idea, by=colleague)
    standing = standing_of(author)
    assert standing["rank"] == 1 and standing["points"] == points_of(author)
    assert [b["code"] for b in standing["badges"]] == ["idea-maker"]
    assert standing_of(colleague)["rank"] == 2
    assert standing_of(UserFactory()) == {"points": 0, "rank": None, "badges": []}


# --- Segments ---------------------------------------------------------------------------


def test_each_person_is_placed_by_precedence_with_the_figures_that_placed_them(
    author, colleague, theme, moderator, executive, settings, live, english
):
    settings.SEGMENT_EXPERT_MIN_ADVANCED = 1
    settings.SEGMENT_REGULAR_MIN_ACTIONS = 1
    settings.SEGMENT_FACILITATOR_MIN_HELPFUL = 1
    idle = UserFactory()
    with live():
        idea = IdeaFactory(author=author, theme=theme, stage=Stage.POTENTIAL, moderator=moderator, executive=executive)
        comment = comment_post(idea=idea, by=colleague, body="Could work in stores too.")
        comment_mark_helpful(comment=comment, by=author)
    placed = {p.user_id: p for p in compute_segments()}
    assert placed[author.pk].segment == Segment.EXPERT
    assert placed[author.pk].figures["ideas_advanced"] == 1
    assert placed[colleague.pk].segment == Segment.FACILITATOR
    assert placed[executive.pk].segment == Segment.TOP_MANAGER
    assert placed[idle.pk].segment == Segment.PASSIVE
    assert segment_reason(Segment.EXPERT, {"ideas_posted": 7, "ideas_advanced": 3}) == "posted 7 ideas, 3 reached potential"


def test_behaviour_outside_the_window_does_not_count(author, theme, moderator, settings, live):
    settings.SEGMENT_REGULAR_MIN_ACTIONS = 1
    with live():
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)
    later = timezone.now() + timedelta(days=settings.SEGMENT_WINDOW_DAYS + 1)
    placed = {p.user_id: p for p in compute_segments(now=later)}
    assert placed[author.pk].segment == Segment.PASSIVE


def test_segments_are_computed_in_the_same_number_of_queries_for_any_number_of_people(department):
    def count():
        with CaptureQueriesContext(connection) as context:
            compute_segments()
        return len(context.captured_queries)

    UserFactory(entity=department)
    few = count()
    for _ in range(20):
        UserFactory(entity=department)
    assert count() == few <= 8


def test_the_weekly_snapshot_is_idempotent_and_movements_are_counted(author, theme, moderator, settings, live):
    settings.SEGMENT_REGULAR_MIN_ACTIONS = 1
    now = timezone.now()
    last_week = now - timedelta(days=7)
    snapshot_segments(now=last_week)
    with live():
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)
    week, count = snapshot_segments(now=now)
    again, count_again = snapshot_segments(now=now)
    assert (week, count) == (again, count_again)
    assert SegmentSnapshot.objects.filter(week=week).count() == count
    before = SegmentSnapshot.objects.exclude(week=week).values_list("week", flat=True).first()
    moves = segment_movements(before=before, after=week)
    assert moves[(Segment.PASSIVE, Segment.REGULAR)] == 1


def test_the_snapshot_command_stores_this_week(department):
    from django.core.management import call_command

    UserFactory(entity=department, roles=[Role.EXECUTIVE])
    call_command("snapshot_segments", stdout=open("/dev/null", "w"))
    call_command("snapshot_segments", stdout=open("/dev/null", "w"))
    assert SegmentSnapshot.objects.filter(segment=Segment.TOP_MANAGER).count() == 1
