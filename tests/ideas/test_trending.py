"""The trending figure (supports of the last seven days) is stored on the idea: supports
and withdrawals move it at once, and the hourly recount lets aged supports go."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Stage, Vote
from ideas.services import vote_cast, vote_withdraw
from ideas.services.trending import recent_supports_recount
from moderation.merges import ideas_merge, merge_undo
from tests.factories import IdeaFactory, UserFactory
from tests.support import HTMX


def recent(idea) -> int:
    return Idea.objects.values_list("recent_support_count", flat=True).get(pk=idea.pk)


def rows_in_window(idea) -> int:
    return Vote.objects.filter(idea=idea, created_at__gte=timezone.now() - timedelta(days=7)).count()


def age(idea, user, days):
    Vote.objects.filter(idea=idea, user=user).update(created_at=timezone.now() - timedelta(days=days))


@pytest.fixture
def published(author, correspondent):
    return IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)


@pytest.fixture
def crowd(department):
    return [UserFactory(entity=department) for _ in range(4)]


def refresh() -> str:
    out = StringIO()
    call_command("refresh_trending", stdout=out)
    return out.getvalue()


def test_supporting_and_withdrawing_on_the_page_move_the_figure_at_once(client_for, published, colleague):
    client = client_for(colleague)
    url = reverse("ideas:support", args=[published.pk])

    client.post(url, {"action": "support"}, headers=HTMX)
    assert recent(published) == 1
    newer = IdeaFactory(author=published.author, stage=Stage.PUBLISHED)
    # The supported idea leads the trending list before any recount.
    listed = client.get(reverse("ideas:list"), {"sort": "trending"}).context["ideas"]
    assert [idea.pk for idea in listed] == [published.pk, newer.pk]

    client.post(url, {"action": "withdraw"}, headers=HTMX)
    assert recent(published) == 0


def test_withdrawing_a_support_older_than_the_window_leaves_the_figure(published, crowd):
    old, fresh = crowd[:2]
    vote_cast(idea=published, by=old)
    vote_cast(idea=published, by=fresh)
    age(published, old, days=9)
    refresh()
    assert recent(published) == 1

    vote_withdraw(idea=published, by=old)
    assert recent(published) == 1
    vote_withdraw(idea=published, by=fresh)
    assert recent(published) == 0


def test_the_figure_never_goes_below_zero(published, colleague):
    # A support written without the service (an import, say) was never counted.
    Vote.objects.create(idea=published, user=colleague)
    Idea.objects.filter(pk=published.pk).update(support_count=1)

    vote_withdraw(idea=published, by=colleague)

    assert recent(published) == 0


def test_the_recount_lets_aged_supports_go_and_writes_only_what_changed(published, crowd, author, correspondent):
    quiet = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    for user in crowd:
        vote_cast(idea=published, by=user)
    vote_cast(idea=quiet, by=crowd[0])
    age(published, crowd[0], days=8)
    age(published, crowd[1], days=6)
    assert recent(published) == 4

    assert refresh().startswith("1 idea(s) changed")
    assert (recent(published), recent(quiet)) == (3, 1) == (rows_in_window(published), rows_in_window(quiet))
    assert refresh().startswith("0 idea(s) changed")


def test_a_merge_and_its_undo_leave_the_figure_equal_to_the_rows(author, colleague, correspondent, community_manager, crowd):
    source = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    target = IdeaFactory(author=colleague, stage=Stage.PUBLISHED, moderator=correspondent)
    for user in crowd[:3]:
        vote_cast(idea=source, by=user)
    vote_cast(idea=target, by=crowd[0])

    ideas_merge(source=source, target=target, by=correspondent, note="Same")
    assert recent(target) == rows_in_window(target) == 3

    merge_undo(source=source, by=community_manager, reason="Not the same")
    assert recent(target) == rows_in_window(target) == 1


def test_recounting_some_ideas_leaves_the_others(published, crowd, author):
    other = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    vote_cast(idea=published, by=crowd[0])
    vote_cast(idea=other, by=crowd[0])
    age(published, crowd[0], days=10)
    age(other, crowd[0], days=10)

    assert recent_supports_recount(idea_ids=[published.pk]) == 1

    assert (recent(published), recent(other)) == (0, 1)
