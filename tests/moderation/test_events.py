"""Moderation sends its domain events once, after the transaction commits, so that
notifications and points react to what really happened."""

import pytest

from ideas.models import Stage
from ideas.services import comment_post
from moderation import events
from moderation.content import content_flag, content_hide, content_restore
from moderation.merges import ideas_merge, merge_undo
from moderation.sanctions import suspension_lift, user_suspend, user_warn
from moderation.services import idea_approve, idea_reject, idea_request_changes
from tests.factories import IdeaFactory, UserFactory

NAMES = ["idea_approved", "changes_requested", "idea_rejected", "idea_stage_changed", "content_flagged",
         "content_hidden", "content_restored", "user_warned", "user_suspended", "suspension_lifted", "ideas_merged",
         "merge_undone"]


@pytest.fixture
def received():
    got = []
    handlers = []
    for name in NAMES:
        def handler(sender, signal, _name=name, **payload):
            got.append((_name, payload))
        getattr(events, name).connect(handler, weak=False)
        handlers.append((getattr(events, name), handler))
    yield got
    for signal, handler in handlers:
        signal.disconnect(handler)


def names(received):
    return [name for name, _payload in received]


def test_decisions_on_submitted_ideas_send_their_events(author, correspondent, received, django_capture_on_commit_callbacks):
    ideas = [IdeaFactory(author=author, stage=Stage.SUBMITTED) for _ in range(3)]
    received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        idea_approve(idea=ideas[0], by=correspondent)
        idea_request_changes(idea=ideas[1], by=correspondent, reason="More figures")
        idea_reject(idea=ideas[2], by=correspondent, reason="Exists")

    assert sorted(names(received)) == sorted(
        ["idea_stage_changed", "idea_approved", "idea_stage_changed", "changes_requested", "idea_stage_changed",
         "idea_rejected"]
    )


def test_hiding_by_reports_sends_flags_then_one_hidden_event_without_an_actor(author, correspondent, department, received, settings, django_capture_on_commit_callbacks):
    settings.FLAG_HIDE_THRESHOLD = 2
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            content_flag(target=idea, by=UserFactory(entity=department), reason="Rude")

    assert names(received) == ["content_flagged", "content_flagged", "content_hidden", "content_flagged"]
    hidden = received[2][1]
    assert hidden["by"] is None and hidden["target"].pk == idea.pk and hidden["idea"].pk == idea.pk


def test_hide_restore_sanctions_and_merges_send_their_events(author, colleague, correspondent, community_manager, received, django_capture_on_commit_callbacks):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    other = IdeaFactory(author=colleague, stage=Stage.PUBLISHED, moderator=correspondent)
    comment = comment_post(idea=idea, by=colleague, body="Meh")
    received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        content_hide(target=comment, by=community_manager, reason="Rude")
        content_restore(target=comment, by=community_manager)
        user_warn(user=colleague, by=community_manager, reason="Careful")
        user_suspend(user=colleague, by=community_manager, days=2, reason="Again")
        suspension_lift(user=colleague, by=community_manager)
        ideas_merge(source=idea, target=other, by=correspondent, note="Same")
        merge_undo(source=idea, by=community_manager, reason="Not the same")

    assert names(received) == [
        "content_hidden", "content_restored", "user_warned", "user_suspended", "suspension_lifted",
        "idea_stage_changed", "ideas_merged", "idea_stage_changed", "merge_undone",
    ]
    merged = dict(received)["ideas_merged"]
    assert (merged["source"].pk, merged["target"].pk, merged["note"]) == (idea.pk, other.pk, "Same")


def test_a_refused_action_sends_nothing(author, colleague, correspondent, received, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    received.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        content_hide(target=idea, by=colleague, reason="I dislike it")

    assert received == []
