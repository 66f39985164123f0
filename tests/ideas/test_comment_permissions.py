"""The idea page asks each rule once per comment *shape* (ideas/comment_permissions.py):
every answer must equal asking the rule directly, for every kind of person and comment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.permissions import can
from ideas.comment_permissions import SHAPES, CommentPermissions
from ideas.models import Comment, Idea, Stage
from ideas.services import comment_delete, comment_mark_helpful, comment_post
from moderation.content import content_hide
from moderation.sanctions import user_suspend
from tests.factories import IdeaFactory, UserFactory


def _comments(idea, author, colleague, community_manager):
    """Comments of every kind on `idea`: each person's, a reply, a deleted one, a hidden one,
    one marked helpful, and one too old to edit."""
    made = []
    for person in (author, colleague, community_manager):
        made.append(comment_post(idea=idea, by=person, body=f"From {person.first_name}"))
    made.append(comment_post(idea=idea, by=colleague, body="A reply", parent=made[0]))
    deleted = comment_post(idea=idea, by=colleague, body="Soon gone")
    comment_delete(comment=deleted, by=colleague)
    hidden = comment_post(idea=idea, by=colleague, body="Rude")
    content_hide(target=hidden, by=community_manager, reason="Insulting")
    helpful = comment_post(idea=idea, by=community_manager, body="Try the pilot stores")
    comment_mark_helpful(comment=helpful, by=idea.author)
    old = comment_post(idea=idea, by=colleague, body="Long ago")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    return made + [deleted, hidden, helpful, old]


@pytest.fixture
def people(author, colleague, correspondent, community_manager, executive, department):
    suspended = UserFactory(entity=department)
    user_suspend(user=suspended, by=community_manager, days=3, reason="Spam")
    return {"author": author, "colleague": colleague, "correspondent": correspondent,
            "community manager": community_manager, "executive": executive, "suspended": suspended}


@pytest.mark.parametrize("stage", [Stage.PUBLISHED, Stage.DEPLOYED])
def test_every_answer_equals_the_rule_asked_directly(people, author, colleague, community_manager, correspondent, stage):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    comment_ids = [c.pk for c in _comments(idea, author, colleague, community_manager)]
    Idea.objects.filter(pk=idea.pk).update(stage=stage)

    checked = 0
    for name, person in people.items():
        # As on the page: one idea object, its comments pointing at it.
        page_idea = Idea.objects.get(pk=idea.pk)
        comments = list(Comment.objects.filter(pk__in=comment_ids).order_by("pk"))
        for comment in comments:
            comment.idea = page_idea
        decided = CommentPermissions(person, page_idea)
        for comment in comments:
            for permission in SHAPES:
                expected = can(person, permission, comment)
                assert decided.allows(permission, comment) == expected, (name, permission, comment.body)
                checked += 1
            actions = decided.for_comment(comment)
            assert actions.reply == can(person, "ideas.comment_idea", page_idea)
            assert actions.shows_body == (
                comment.deleted_at is None
                and (comment.hidden_at is None or can(person, "moderation.see_hidden_comment", comment))
            )
    assert checked == len(people) * len(comment_ids) * len(SHAPES)


def test_a_hidden_idea_takes_no_replies_and_its_comments_keep_their_rules(people, author, colleague, community_manager, correspondent):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    comment_ids = [c.pk for c in _comments(idea, author, colleague, community_manager)]
    content_hide(target=idea, by=community_manager, reason="Off topic")

    for name, person in people.items():
        page_idea = Idea.objects.get(pk=idea.pk)
        decided = CommentPermissions(person, page_idea)
        assert decided.reply is False, name
        for comment in Comment.objects.filter(pk__in=comment_ids):
            comment.idea = page_idea
            for permission in SHAPES:
                assert decided.allows(permission, comment) == can(person, permission, comment), (name, permission)


def test_the_page_shows_each_person_the_actions_the_rules_allow(client_for, author, colleague, community_manager, correspondent):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    mine = comment_post(idea=idea, by=colleague, body="Mine")
    theirs = comment_post(idea=idea, by=community_manager, body="Theirs")

    html = client_for(colleague).get(idea.get_absolute_url()).content.decode()
    assert f"/ideas/{idea.pk}/comments/{mine.pk}/edit/" in html
    assert f"/ideas/{idea.pk}/comments/{theirs.pk}/edit/" not in html
    assert f"/moderation/report/comment/{theirs.pk}/" in html
    assert f"/moderation/report/comment/{mine.pk}/" not in html

    as_author = client_for(author).get(idea.get_absolute_url()).content.decode()
    assert f"/ideas/{idea.pk}/comments/{theirs.pk}/helpful/" in as_author
    assert f"/moderation/hide/comment/{theirs.pk}/" not in as_author
    assert f"/moderation/hide/comment/{theirs.pk}/" in client_for(community_manager).get(idea.get_absolute_url()).content.decode()
