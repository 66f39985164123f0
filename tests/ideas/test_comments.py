"""Comments: one level of replies, a short edit window, soft deletion."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ideas.models import Comment, Idea, Stage
from ideas.services import comment_delete, comment_edit, comment_post
from tests.factories import IdeaFactory
from tests.support import HTMX


@pytest.fixture
def published(author):
    return IdeaFactory(author=author, stage=Stage.PUBLISHED)


def comment_count(idea):
    return Idea.objects.get(pk=idea.pk).comment_count


def age(comment, minutes):
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    comment.refresh_from_db()


# --- Posting ----------------------------------------------------------------------------


def test_a_colleague_comments_from_the_idea_page(published, colleague, client_for):
    response = client_for(colleague).post(reverse("ideas:comment", args=[published.pk]), {"body": "We did it in **Lyon**."})

    assert response.status_code == 302
    assert response.url == f"{published.get_absolute_url()}#comments"
    comment = Comment.objects.get(idea=published)
    assert (comment.author, comment.parent, comment.body) == (colleague, None, "We did it in **Lyon**.")
    assert comment.body_html == "<p>We did it in <strong>Lyon</strong>.</p>"
    assert comment_count(published) == 1
    page = client_for(colleague).get(published.get_absolute_url()).content.decode()
    assert "We did it in <strong>Lyon</strong>." in page


def test_commenting_with_htmx_returns_the_refreshed_thread(published, colleague, client_for):
    response = client_for(colleague).post(reverse("ideas:comment", args=[published.pk]), {"body": "Count me in."}, headers=HTMX)

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "ideas/_comments.html"
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="comment-thread"' in html and "Count me in." in html
    assert "1 comment" in html
    assert '<textarea id="new-comment" name="body"' in html and "Count me in.</textarea>" not in html  # form emptied


@pytest.mark.parametrize("body", ["", "   \n\t "])
def test_an_empty_comment_shows_an_error_in_the_thread_and_saves_nothing(body, published, colleague, client_for):
    response = client_for(colleague).post(reverse("ideas:comment", args=[published.pk]), {"body": body}, headers=HTMX)

    assert response.status_code == 200
    assert 'id="new-comment-errors"' in response.content.decode()
    assert not Comment.objects.exists()
    assert comment_count(published) == 0


def test_an_empty_comment_without_javascript_comes_back_as_an_error_message(published, colleague, client_for):
    client = client_for(colleague)
    response = client.post(reverse("ideas:comment", args=[published.pk]), {"body": ""}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["This field is required."]
    assert not Comment.objects.exists()


def test_a_reply_attaches_to_the_comment_it_answers(published, colleague, author):
    top = comment_post(idea=published, by=colleague, body="How much would it save?")

    reply = comment_post(idea=published, by=author, body="About 4000 € a year.", parent=top)

    assert reply.parent == top
    assert comment_count(published) == 2


def test_a_reply_to_a_reply_joins_the_same_thread_one_level_deep(published, colleague, author, client_for):
    top = comment_post(idea=published, by=colleague, body="How much would it save?")
    reply = comment_post(idea=published, by=author, body="About 4000 € a year.", parent=top)

    # When someone answers the reply from the page
    client_for(colleague).post(reverse("ideas:comment", args=[published.pk]), {"body": "Thanks!", "parent": reply.pk})

    # Then the answer hangs from the top comment, next to the reply
    answer = Comment.objects.get(body="Thanks!")
    assert answer.parent == top
    assert list(top.replies.order_by("id")) == [reply, answer]
    html = client_for(colleague).get(published.get_absolute_url()).content.decode()
    assert html.count('<ol class="replies">') == 1


def test_a_reply_to_a_comment_on_another_idea_is_refused(published, colleague, author):
    elsewhere = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    foreign = comment_post(idea=elsewhere, by=colleague, body="Elsewhere")

    with pytest.raises(ValidationError):
        comment_post(idea=published, by=colleague, body="Misplaced", parent=foreign)

    assert comment_count(published) == 0


@pytest.mark.parametrize("stage", [Stage.SUBMITTED, Stage.CHANGES_REQUESTED, Stage.REJECTED])
def test_comments_are_refused_on_an_idea_under_review(stage, author, correspondent, client_for):
    idea = IdeaFactory(author=author, stage=stage, moderator=correspondent)

    for user in (author, correspondent):  # both may read it
        response = client_for(user).post(reverse("ideas:comment", args=[idea.pk]), {"body": "Early comment"})
        assert response.status_code == 403
    assert not Comment.objects.exists()
    assert comment_count(idea) == 0


def test_the_comment_form_is_not_offered_on_an_idea_under_review(author, client_for):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    html = client_for(author).get(idea.get_absolute_url()).content.decode()

    assert 'name="body"' not in html


# --- Editing ----------------------------------------------------------------------------


def test_the_author_of_a_comment_edits_it_within_fifteen_minutes(published, colleague, client_for):
    comment = comment_post(idea=published, by=colleague, body="Typo in thsi")
    age(comment, 14)
    url = reverse("ideas:comment_edit", args=[published.pk, comment.pk])
    client = client_for(colleague)

    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "Typo in this, fixed"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Typo in this, fixed" and comment.edited_at is not None
    assert "(edited)" in client.get(published.get_absolute_url()).content.decode()


def test_a_comment_can_no_longer_be_edited_after_fifteen_minutes(published, colleague, client_for):
    comment = comment_post(idea=published, by=colleague, body="Original words")
    age(comment, 16)
    url = reverse("ideas:comment_edit", args=[published.pk, comment.pk])
    client = client_for(colleague)

    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "Rewritten history"}).status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.edited_at) == ("Original words", None)
    assert url not in client.get(published.get_absolute_url()).content.decode()


def test_nobody_edits_someone_elses_comment(published, colleague, author, community_manager, client_for):
    comment = comment_post(idea=published, by=colleague, body="Mine")
    url = reverse("ideas:comment_edit", args=[published.pk, comment.pk])

    for other in (author, community_manager):
        assert client_for(other).post(url, {"body": "Yours now"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_an_edit_to_an_empty_comment_is_refused(published, colleague):
    comment = comment_post(idea=published, by=colleague, body="Something")

    with pytest.raises(ValidationError):
        comment_edit(comment=comment, by=colleague, body="  ")

    comment.refresh_from_db()
    assert comment.body == "Something"


# --- Deleting ---------------------------------------------------------------------------


def test_a_deleted_comment_leaves_a_mark_in_the_thread_and_the_count_drops(published, colleague, author, client_for):
    top = comment_post(idea=published, by=colleague, body="Secret plan")
    comment_post(idea=published, by=author, body="An answer that stays", parent=top)
    assert comment_count(published) == 2

    response = client_for(colleague).post(reverse("ideas:comment_delete", args=[published.pk, top.pk]))

    assert response.status_code == 302
    top.refresh_from_db()
    assert top.deleted_at is not None  # kept, so the thread keeps its shape
    assert comment_count(published) == 1
    html = client_for(author).get(published.get_absolute_url()).content.decode()
    assert "Comment deleted." in html
    assert "Secret plan" not in html
    assert "An answer that stays" in html


def test_a_community_manager_may_delete_any_comment_but_a_colleague_may_not(published, colleague, author, community_manager, client_for):
    comment = comment_post(idea=published, by=colleague, body="Off topic")
    url = reverse("ideas:comment_delete", args=[published.pk, comment.pk])

    assert client_for(author).post(url).status_code == 403
    assert comment_count(published) == 1

    assert client_for(community_manager).post(url).status_code == 302
    assert comment_count(published) == 1 - 1


def test_deleting_twice_counts_once(published, colleague):
    comment = comment_post(idea=published, by=colleague, body="Twice")
    stale_copy = Comment.objects.get(pk=comment.pk)

    comment_delete(comment=comment, by=colleague)
    comment_delete(comment=stale_copy, by=colleague)  # a second request that loaded it before

    assert comment_count(published) == 0
    with pytest.raises(PermissionDenied):
        comment_delete(comment=Comment.objects.get(pk=comment.pk), by=colleague)
    assert comment_count(published) == 0
