"""Domain events: what listeners receive, and only once the change is committed."""

import pytest
from django.db import transaction

from ideas.models import Comment, Stage, Vote
from ideas.services import comment_post, idea_create, idea_submit, vote_cast, vote_withdraw
from moderation.services import idea_approve, idea_reject
from tests.factories import IdeaFactory


def names(sent):
    return [name for name, _payload in sent]


def test_submitting_an_idea_announces_the_stage_change_and_the_submission(
    author, theme, sent_events, django_capture_on_commit_callbacks
):
    # Given a draft
    with django_capture_on_commit_callbacks(execute=True):
        idea = idea_create(by=author, title="Share the printers", body="Fewer devices.", theme=theme)
    sent_events.clear()

    # When its author submits it
    with django_capture_on_commit_callbacks(execute=True):
        idea_submit(idea=idea, by=author)

    # Then listeners hear of the stage change, then of the submission
    assert names(sent_events) == ["idea_stage_changed", "idea_submitted"]
    changed, submitted = (payload for _name, payload in sent_events)
    assert changed["idea"].pk == idea.pk and changed["by"] == author
    assert (changed["from_stage"], changed["to_stage"], changed["reason"]) == (Stage.DRAFT, Stage.SUBMITTED, "")
    assert submitted["idea"].pk == idea.pk and submitted["by"] == author
    assert submitted["idea"].stage == Stage.SUBMITTED


def test_creating_and_submitting_at_once_announces_creation_first(author, theme, sent_events, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        idea_create(by=author, title="Share the printers", body="Fewer devices.", theme=theme, submit=True)

    assert names(sent_events) == ["idea_created", "idea_stage_changed", "idea_submitted"]


def test_approving_announces_the_publication_with_the_correspondent(
    author, correspondent, sent_events, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        idea_approve(idea=idea, by=correspondent)

    assert names(sent_events) == ["idea_stage_changed", "idea_published"]
    changed, published = (payload for _name, payload in sent_events)
    assert (changed["from_stage"], changed["to_stage"], changed["by"]) == (Stage.SUBMITTED, Stage.PUBLISHED, correspondent)
    assert published["idea"].pk == idea.pk and published["by"] == correspondent
    assert published["idea"].published_at is not None


def test_a_rejection_carries_its_reason(author, correspondent, sent_events, django_capture_on_commit_callbacks):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        idea_reject(idea=idea, by=correspondent, reason="Already done in 2024.")

    assert names(sent_events) == ["idea_stage_changed", "idea_rejected"]
    assert all(payload["reason"] == "Already done in 2024." for _name, payload in sent_events)


def test_a_support_announces_the_vote_and_the_new_count(author, colleague, sent_events, django_capture_on_commit_callbacks):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)

    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(idea=idea, by=colleague)

    assert names(sent_events) == ["vote_cast"]
    payload = sent_events[0][1]
    assert payload["idea"].pk == idea.pk and payload["by"] == colleague
    assert payload["vote"] == Vote.objects.get(idea=idea, user=colleague)
    assert payload["support_count"] == 1


def test_a_withdrawal_announces_the_new_count(author, colleague, sent_events, django_capture_on_commit_callbacks):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    vote_cast(idea=idea, by=colleague)

    with django_capture_on_commit_callbacks(execute=True):
        vote_withdraw(idea=idea, by=colleague)

    assert names(sent_events) == ["vote_withdrawn"]
    payload = sent_events[0][1]
    assert (payload["idea"].pk, payload["by"], payload["support_count"]) == (idea.pk, colleague, 0)


def test_a_support_given_twice_or_a_withdrawal_of_nothing_announces_nothing(
    author, colleague, sent_events, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(idea=idea, by=colleague)
    sent_events.clear()

    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(idea=idea, by=colleague)
        vote_withdraw(idea=idea, by=author)  # the author never supported it

    assert sent_events == []


def test_a_comment_announces_itself(author, colleague, sent_events, django_capture_on_commit_callbacks):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)

    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_post(idea=idea, by=colleague, body="Good idea, we did it in Lyon.")

    assert names(sent_events) == ["comment_posted"]
    payload = sent_events[0][1]
    assert (payload["comment"], payload["idea"].pk, payload["by"]) == (comment, idea.pk, colleague)


def test_events_wait_for_the_commit(author, colleague, sent_events, django_capture_on_commit_callbacks):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        vote_cast(idea=idea, by=colleague)
        # Then nothing is heard while the transaction is open
        assert sent_events == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert names(sent_events) == ["vote_cast"]


class Boom(Exception):
    pass


@pytest.mark.parametrize("action", ["vote", "comment", "approve"])
def test_nothing_is_announced_when_the_transaction_rolls_back(
    action, author, colleague, correspondent, sent_events, django_capture_on_commit_callbacks
):
    published = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    submitted = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    # When the action succeeds but the surrounding transaction fails afterwards
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            if action == "vote":
                vote_cast(idea=published, by=colleague)
            elif action == "comment":
                comment_post(idea=published, by=colleague, body="Lost comment")
            else:
                idea_approve(idea=submitted, by=correspondent)
            raise Boom

    # Then no listener heard of it, and nothing was kept
    assert sent_events == []
    published.refresh_from_db()
    submitted.refresh_from_db()
    assert (published.support_count, published.comment_count, submitted.stage) == (0, 0, Stage.SUBMITTED)
    assert not Vote.objects.exists() and not Comment.objects.exists()
