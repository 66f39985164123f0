"""Supports: one per person, never on one's own idea, only while the idea is open."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.errors import Conflict
from ideas.models import Idea, Stage, Vote
from ideas.services import idea_transition, vote_cast, vote_withdraw
from tests.factories import IdeaFactory, UserFactory
from tests.support import HTMX


def count_and_rows(idea):
    return Idea.objects.get(pk=idea.pk).support_count, Vote.objects.filter(idea=idea).count()


@pytest.fixture
def published(author):
    return IdeaFactory(author=author, stage=Stage.PUBLISHED)


def test_a_colleague_supports_an_idea_once_only(published, colleague):
    assert vote_cast(idea=published, by=colleague) is True

    # When they support it again
    assert vote_cast(idea=published, by=colleague) is False

    # Then it still counts once
    assert count_and_rows(published) == (1, 1)
    assert published.support_count == 1


def test_withdrawing_a_support_is_idempotent(published, colleague):
    vote_cast(idea=published, by=colleague)

    assert vote_withdraw(idea=published, by=colleague) is True
    assert vote_withdraw(idea=published, by=colleague) is False

    assert count_and_rows(published) == (0, 0)


def test_withdrawing_a_support_never_given_changes_nothing(published, colleague, department):
    vote_cast(idea=published, by=UserFactory(entity=department))

    assert vote_withdraw(idea=published, by=colleague) is False

    assert count_and_rows(published) == (1, 1)


def test_the_author_cannot_support_their_own_idea(published, author):
    with pytest.raises(PermissionDenied):
        vote_cast(idea=published, by=author)

    assert count_and_rows(published) == (0, 0)


@pytest.mark.parametrize("stage", [Stage.SUBMITTED, Stage.REJECTED, Stage.CHANGES_REQUESTED])
def test_an_idea_under_review_takes_no_support_even_from_its_moderator(stage, author, correspondent):
    idea = IdeaFactory(author=author, stage=stage, moderator=correspondent)

    with pytest.raises(PermissionDenied):
        vote_cast(idea=idea, by=correspondent)

    assert count_and_rows(idea) == (0, 0)


@pytest.mark.parametrize("stage", [Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED])
def test_an_idea_further_down_the_pipeline_still_takes_supports(stage, author, colleague):
    idea = IdeaFactory(author=author, stage=stage)

    assert vote_cast(idea=idea, by=colleague) is True
    assert count_and_rows(idea) == (1, 1)


def test_an_idea_that_was_not_retained_takes_no_more_supports(author, colleague, executive):
    idea = IdeaFactory(author=author, stage=Stage.NOT_RETAINED, executive=executive)

    with pytest.raises(PermissionDenied):
        vote_cast(idea=idea, by=colleague)


def test_a_support_on_an_idea_closed_meanwhile_is_refused_and_not_counted(author, colleague, executive):
    # Given a colleague reading an idea in analysis
    idea = IdeaFactory(author=author, stage=Stage.ANALYSIS, executive=executive)
    seen_by_colleague = Idea.objects.get(pk=idea.pk)

    # When a top manager closes it before the colleague clicks
    idea_transition(idea=idea, to_stage=Stage.NOT_RETAINED, by=executive, reason="Not this year.")

    # Then the stale support is refused and nothing is counted
    with pytest.raises(Conflict):
        vote_cast(idea=seen_by_colleague, by=colleague)
    assert count_and_rows(idea) == (0, 0)


def test_the_count_always_equals_the_support_rows(published, department):
    supporters = [UserFactory(entity=department) for _ in range(6)]
    for user in supporters:
        vote_cast(idea=published, by=user)
    for user in supporters[:2]:
        vote_withdraw(idea=published, by=user)
    vote_cast(idea=published, by=supporters[0])
    vote_cast(idea=published, by=supporters[3])  # already there

    assert count_and_rows(published) == (5, 5)


# --- Through the page ----------------------------------------------------------------------


def test_supporting_with_htmx_returns_the_support_block_with_the_new_count(published, colleague, client_for):
    response = client_for(colleague).post(reverse("ideas:support", args=[published.pk]), {"action": "support"}, headers=HTMX)

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "ideas/_support.html"
    html = response.content.decode()
    assert "<html" not in html
    assert "data-support-count>1</strong>" in html
    assert 'name="action" value="withdraw"' in html  # the button now offers to withdraw
    assert count_and_rows(published) == (1, 1)


def test_withdrawing_with_htmx_returns_the_block_with_the_lower_count(published, colleague, client_for):
    vote_cast(idea=published, by=colleague)

    response = client_for(colleague).post(reverse("ideas:support", args=[published.pk]), {"action": "withdraw"}, headers=HTMX)

    html = response.content.decode()
    assert "data-support-count>0</strong>" in html
    assert 'name="action" value="support"' in html
    assert count_and_rows(published) == (0, 0)


def test_supporting_without_javascript_redirects_back_to_the_idea(published, colleague, client_for):
    response = client_for(colleague).post(reverse("ideas:support", args=[published.pk]), {"action": "support"})

    assert response.status_code == 302
    assert response.url == published.get_absolute_url()
    assert count_and_rows(published) == (1, 1)


def test_the_detail_page_tells_a_supporter_they_support_it(published, colleague, client_for):
    vote_cast(idea=published, by=colleague)

    html = client_for(colleague).get(published.get_absolute_url()).content.decode()

    assert "data-support-count>1</strong>" in html
    assert "Withdraw my support" in html


def test_the_author_supporting_through_the_page_is_forbidden(published, author, client_for):
    response = client_for(author).post(reverse("ideas:support", args=[published.pk]), {"action": "support"}, headers=HTMX)

    assert response.status_code == 403
    assert count_and_rows(published) == (0, 0)


def test_the_author_is_told_they_cannot_support_their_own_idea(published, author, client_for):
    html = client_for(author).get(published.get_absolute_url()).content.decode()

    assert "You cannot support your own idea." in html
    assert 'action="/ideas/%d/support/"' % published.pk not in html


def test_a_colleague_cannot_support_an_idea_they_cannot_see(author, colleague, client_for):
    submitted = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    response = client_for(colleague).post(reverse("ideas:support", args=[submitted.pk]), {"action": "support"}, headers=HTMX)

    assert response.status_code == 404
    assert count_and_rows(submitted) == (0, 0)


def test_the_support_page_only_takes_posts(published, colleague, client_for):
    assert client_for(colleague).get(reverse("ideas:support", args=[published.pk])).status_code == 405
