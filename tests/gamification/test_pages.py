"""Leaderboard, profile standing and the community manager's segment pages, through the
test client: permissions, ranks, filters, exports, messages and flat query counts."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.erasure import account_erase
from gamification import events
from gamification.models import Badge, BadgeAward, Score, Segment, SegmentMessage, SegmentSnapshot
from gamification.segments import snapshot_segments
from ideas.services import comment_post
from tests.factories import EntityFactory, IdeaFactory, Stage, UserFactory
from tests.support import assert_flat_query_count

LEADERBOARD = reverse("gamification:leaderboard")
SEGMENTS = reverse("gamification:segments")


def members_url(segment):
    return reverse("gamification:segment_members", args=[segment])


def message_url(segment):
    return reverse("gamification:segment_message", args=[segment])


@pytest.fixture
def commenters(published_idea, department, live):
    """commenters(n): n more people, each with one comment on a colleague's idea (+2)."""
    made = []

    def add(n):
        with live():
            while len(made) < n:
                person = UserFactory(entity=department)
                comment_post(idea=published_idea, by=person, body="Count me in.")
                made.append(person)
        return made

    return add


@pytest.mark.usefixtures("no_badge_points")
def test_the_leaderboard_ranks_by_points_then_who_got_there_first(client_for, author, commenters):
    first, second = commenters(2)
    response = client_for(second).get(LEADERBOARD)
    assert response.status_code == 200
    rows = [(row["rank"], row["user_id"], row["points"]) for row in response.context["rows"]]
    assert rows == [(1, author.pk, 10), (2, first.pk, 2), (3, second.pk, 2)]
    assert response.context["mine"] == {"rank": 3, "points": 2}
    assert "You are number 3 with 2 points." in response.content.decode()


@pytest.mark.usefixtures("no_badge_points")
def test_people_no_longer_active_leave_the_leaderboard_and_the_ranks_close_up(client_for, author, commenters):
    first, second = commenters(2)
    author.is_active = False
    author.save(update_fields=["is_active"])

    for period in ("all", "month"):
        response = client_for(second).get(LEADERBOARD, {"period": period})
        rows = [(row["rank"], row["user_id"]) for row in response.context["rows"]]
        assert rows == [(1, first.pk), (2, second.pk)]
        assert response.context["mine"] == {"rank": 2, "points": 2}
        assert response.context["page_obj"].paginator.count == 2


@pytest.mark.usefixtures("no_badge_points")
def test_ones_own_rank_shows_on_every_page_of_the_leaderboard(client_for, author, commenters, settings):
    settings.LEADERBOARD_PER_PAGE = 2
    people = commenters(4)
    response = client_for(author).get(LEADERBOARD, {"page": 3})
    assert response.context["page_obj"].number == 3
    assert response.context["mine"]["rank"] == 1
    assert [row["rank"] for row in response.context["rows"]] == [5]
    assert response.context["rows"][0]["user_id"] == people[-1].pk


@pytest.mark.usefixtures("no_badge_points")
def test_the_leaderboard_filters_by_unit_with_its_sub_units_theme_period_and_segment(
    client_for, author, colleague, commenters, division, sibling_division, other_theme, theme
):
    outsider = UserFactory(entity=sibling_division)
    Score.objects.create(user=outsider, total=99, reached_at=timezone.now())
    client = client_for(author)
    by_unit = client.get(LEADERBOARD, {"entity": division.pk}).context["rows"]
    assert outsider.pk not in [row["user_id"] for row in by_unit] and author.pk in [row["user_id"] for row in by_unit]
    assert client.get(LEADERBOARD, {"theme": other_theme.pk}).context["rows"] == []
    assert [row["user_id"] for row in client.get(LEADERBOARD, {"theme": theme.pk, "period": "month"}).context["rows"]] == [
        author.pk]
    snapshot_segments()
    rows = client.get(LEADERBOARD, {"segment": Segment.PASSIVE}).context["rows"]
    assert {row["user_id"] for row in rows} == {author.pk, outsider.pk}


def test_bad_leaderboard_parameters_drop_their_filter_not_the_page(client_for, author):
    response = client_for(author).get(LEADERBOARD, {"period": "decade", "entity": "x", "theme": "999", "page": "zz"})
    assert response.status_code == 200


def test_the_leaderboard_needs_a_login(client_for):
    assert client_for().get(LEADERBOARD).status_code == 302


def test_the_leaderboard_asks_the_same_number_of_queries_for_5_and_50_people(client_for, author, commenters):
    client = client_for(author)
    assert_flat_query_count(commenters, lambda: client.get(LEADERBOARD), expected=11)
    assert_flat_query_count(commenters, lambda: client.get(LEADERBOARD, {"period": "month"}), sizes=(55, 60),
                            expected=11)


def test_the_profile_shows_points_rank_badges_and_progress_in_flat_queries(client_for, author, published_idea):
    def build(n):
        for index in range(Badge.objects.count(), n):
            badge = Badge.objects.create(code=f"extra-{index}", name_en=f"Extra {index}", name_fr=f"Extra {index}",
                                         criterion="ideas_published", bronze=1, silver=2, gold=3)
            BadgeAward.objects.create(user=author, badge=badge, level="bronze", awarded_at=timezone.now())

    client = client_for(author)
    response = client.get(reverse("accounts:profile", args=[author.pk]))
    page = response.content.decode()
    assert "Points and badges" in page and "rank 1" in page and "Idea maker" in page
    assert "Next levels" in page
    # One count per badge criterion for the progress bars (challenge winners added one;
    # the themes explored are one query over their three sources).
    assert_flat_query_count(build, lambda: client.get(reverse("accounts:profile", args=[author.pk])), sizes=(10, 30),
                            expected=19)


# --- Community manager ------------------------------------------------------------------


def test_only_community_managers_and_administrators_see_segments(client_for, colleague, community_manager, superuser, executive):
    for person in (colleague, executive):
        client = client_for(person)
        assert client.get(SEGMENTS).status_code == 403
        assert client.get(members_url("passive")).status_code == 403
        assert client.post(message_url("passive"), {"subject": "Hi", "body": "Hello"}).status_code == 403
        assert client.post(reverse("gamification:snapshot")).status_code == 403
    assert client_for(community_manager).get(SEGMENTS).status_code == 200
    assert client_for(superuser).get(SEGMENTS).status_code == 200
    assert not SegmentMessage.objects.exists()


def test_the_community_manager_sees_sizes_trend_activity_and_members_with_their_reasons(
    client_for, community_manager, author, published_idea, settings
):
    settings.SEGMENT_REGULAR_MIN_ACTIONS = 1
    client = client_for(community_manager)
    assert client.post(reverse("gamification:snapshot")).status_code == 302
    response = client.get(SEGMENTS)
    trend = dict(response.context["trend"]["rows"])
    assert trend[Segment.REGULAR] == [1]
    activity = {row["segment"]: row for row in response.context["activity"]}
    assert activity[Segment.REGULAR]["points"] > 0
    members = client.get(members_url(Segment.REGULAR))
    assert [row["snapshot"].user_id for row in members.context["rows"]] == [author.pk]
    assert "posted 1 idea" in members.content.decode()
    assert client.get(members_url("nonsense")).status_code == 404


def test_members_filter_by_unit_and_export_as_csv(client_for, community_manager, author, colleague, division, sibling_division):
    stranger = UserFactory(first_name="=cmd", entity=sibling_division)
    snapshot_segments()
    client = client_for(community_manager)
    rows = client.get(members_url(Segment.PASSIVE), {"entity": division.pk}).context["rows"]
    assert {row["snapshot"].user_id for row in rows} == {author.pk, colleague.pk}
    response = client.get(members_url(Segment.PASSIVE), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0][:3] == ["week", "segment", "name"]
    assert any(line[3] == stranger.email and line[2].startswith("'=") for line in lines[1:])


def test_members_pages_ask_the_same_number_of_queries(client_for, community_manager, department):
    client = client_for(community_manager)

    def build(n):
        while SegmentSnapshot.objects.count() < n:
            UserFactory(entity=department)
            snapshot_segments()

    assert_flat_query_count(build, lambda: client.get(members_url(Segment.PASSIVE)), sizes=(5, 40), expected=8)


def test_a_message_to_a_segment_is_recorded_and_announced_after_commit_with_its_recipients(
    client_for, community_manager, author, colleague, division, sibling_division, django_capture_on_commit_callbacks
):
    UserFactory(entity=sibling_division)
    snapshot_segments()
    received = []

    def listener(sender, message, recipient_ids, **payload):
        received.append((message.subject, sorted(recipient_ids)))

    events.segment_messaged.connect(listener, weak=False)
    try:
        # The callbacks are held back (the request's transaction has not committed yet),
        # then run as the commit would.
        with django_capture_on_commit_callbacks() as callbacks:
            response = client_for(community_manager).post(message_url(Segment.PASSIVE), {
                "entity": division.pk, "subject": "Your ideas count", "body": "Come and post your first idea.",
            })
        assert received == []
        for callback in callbacks:
            callback()
    finally:
        events.segment_messaged.disconnect(listener)
    assert response.status_code == 302
    message = SegmentMessage.objects.get()
    assert (message.sender, message.segment, message.entity, message.recipients_count) == (
        community_manager, Segment.PASSIVE, division, 2)
    assert received == [("Your ideas count", sorted([author.pk, colleague.pk]))]


def test_a_message_without_a_subject_is_refused_and_nothing_is_saved(client_for, community_manager):
    response = client_for(community_manager).post(message_url(Segment.PASSIVE), {"subject": " ", "body": "Hello"})
    assert response.status_code == 400
    assert not SegmentMessage.objects.exists()


def test_the_nav_links_the_leaderboard_for_everyone_and_segments_for_community_managers(
    client_for, colleague, community_manager
):
    page = client_for(colleague).get(LEADERBOARD).content.decode()
    assert LEADERBOARD in page and SEGMENTS not in page
    assert SEGMENTS in client_for(community_manager).get(LEADERBOARD).content.decode()


def test_an_entity_filter_outside_the_tree_is_a_form_error_not_a_crash(client_for, community_manager):
    EntityFactory()
    response = client_for(community_manager).post(message_url(Segment.PASSIVE), {
        "entity": "999999", "subject": "Hi", "body": "Hello"})
    assert response.status_code == 400
    assert not SegmentMessage.objects.exists()


def test_a_first_idea_is_enough_to_appear(client_for, author, theme, moderator, live):
    with live():
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)
    assert client_for(author).get(LEADERBOARD).context["mine"]["rank"] == 1


def test_a_colleagues_profile_shows_their_badges_without_counting_their_progress(client_for, author, colleague, published_idea):
    def build(n):
        for index in range(Badge.objects.count(), n):
            badge = Badge.objects.create(code=f"extra-{index}", name_en=f"Extra {index}", name_fr=f"Extra {index}",
                                         criterion="ideas_published", bronze=1, silver=2, gold=3)
            BadgeAward.objects.create(user=author, badge=badge, level="silver", awarded_at=timezone.now())

    client = client_for(colleague)
    page = client.get(reverse("accounts:profile", args=[author.pk])).content.decode()
    assert "Idea maker" in page and "Next levels" not in page
    assert_flat_query_count(build, lambda: client.get(reverse("accounts:profile", args=[author.pk])), sizes=(10, 30),
                            expected=9)


@pytest.mark.usefixtures("no_badge_points")
def test_cached_leaderboard_rows_follow_points_and_names_and_mark_only_the_readers_row(
        client_for, author, commenters, published_idea, live, superuser):
    """Rows are cached (gamification.fragments): new points, a renamed or erased person show
    at once, and "is-me" marks each reader's own row, never the one of who read before."""
    first, second = commenters(2)
    for reader, other in ((first, second), (second, first)):
        html = client_for(reader).get(LEADERBOARD).content.decode()
        assert html.count('class="is-me"') == 1
        mine = re.search(r'<tr class="is-me"[^>]*>.*?</tr>', html, re.DOTALL).group(0)
        assert f"/people/{reader.pk}/" in mine and f"/people/{other.pk}/" not in mine

    with live():
        comment_post(idea=published_idea, by=second, body="And again.")
    html = client_for(first).get(LEADERBOARD).content.decode()
    assert re.search(rf'/people/{second.pk}/">[^<]*</a></td>\s*<td>[^<]*</td>\s*<td class="numeric">4</td>', html)
    account_erase(user=author, by=superuser)
    html = client_for(first).get(LEADERBOARD).content.decode()
    assert "Alice Author" not in html
