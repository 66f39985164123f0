"""Supports, follows and comments through the API: idempotent, counted, refused by the rules."""

import pytest

from ideas.models import Follow, Stage, Vote
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(author, theme):
    return IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)


def test_supporting_twice_counts_once_and_withdrawing_twice_is_harmless(api_for, colleague, idea):
    client = api_for(colleague)
    url = f"/api/v1/ideas/{idea.pk}/vote/"
    first, second = client.put(url), client.put(url)
    assert (first.status_code, first.json()) == (200, {"support_count": 1, "viewer_supports": True})
    assert (second.status_code, second.json()) == (200, {"support_count": 1, "viewer_supports": True})
    assert Vote.objects.filter(idea=idea).count() == 1

    first, second = client.delete(url), client.delete(url)
    assert (first.status_code, first.json()) == (200, {"support_count": 0, "viewer_supports": False})
    assert (second.status_code, second.json()) == (200, {"support_count": 0, "viewer_supports": False})
    assert not Vote.objects.filter(idea=idea).exists()


def test_the_count_reflects_other_supporters(api_for, colleague, correspondent, idea):
    api_for(correspondent).put(f"/api/v1/ideas/{idea.pk}/vote/")
    assert api_for(colleague).put(f"/api/v1/ideas/{idea.pk}/vote/").json()["support_count"] == 2
    detail = api_for(colleague).get(f"/api/v1/ideas/{idea.pk}/").json()
    assert (detail["support_count"], detail["viewer_supports"], detail["viewer_follows"]) == (2, True, True)


def test_an_idea_out_of_the_open_stages_takes_no_support(api_for, colleague, author, theme):
    closed = IdeaFactory(author=author, theme=theme, stage=Stage.NOT_RETAINED)
    response = api_for(colleague).put(f"/api/v1/ideas/{closed.pk}/vote/")
    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_follow_and_unfollow_are_idempotent(api_for, colleague, idea):
    client = api_for(colleague)
    url = f"/api/v1/ideas/{idea.pk}/follow/"
    assert [client.put(url).json() for _ in range(2)] == [{"following": True}] * 2
    assert Follow.objects.filter(idea=idea, user=colleague).count() == 1
    assert client.get(f"/api/v1/ideas/{idea.pk}/").json()["viewer_follows"] is True
    assert [client.delete(url).json() for _ in range(2)] == [{"following": False}] * 2
    assert not Follow.objects.filter(idea=idea, user=colleague).exists()


def test_comments_and_replies_come_back_as_threads(api_for, author, colleague, idea):
    client = api_for(colleague)
    first = client.post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "Which **floors**?"})
    assert first.status_code == 201
    assert first.json()["body_html"] == "<p>Which <strong>floors</strong>?</p>"
    reply = api_for(author).post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "All of them.", "parent": first.json()["id"]})
    # A reply to a reply joins the thread.
    nested = client.post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "Great.", "parent": reply.json()["id"]})
    assert nested.json()["parent"] == first.json()["id"]

    threads = client.get(f"/api/v1/ideas/{idea.pk}/comments/").json()["results"]
    assert [t["id"] for t in threads] == [first.json()["id"]]
    assert [r["body"] for r in threads[0]["replies"]] == ["All of them.", "Great."]
    assert client.get(f"/api/v1/ideas/{idea.pk}/").json()["comment_count"] == 3


def test_a_reply_to_a_comment_of_another_idea_is_refused(api_for, author, colleague, theme, idea):
    other = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    elsewhere = api_for(colleague).post(f"/api/v1/ideas/{other.pk}/comments/", {"body": "Elsewhere"}).json()
    response = api_for(colleague).post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "Hi", "parent": elsewhere["id"]})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"parent"}


def test_an_empty_comment_is_refused_per_field(api_for, colleague, idea):
    response = api_for(colleague).post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "   "})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"body"}


def test_the_author_edits_then_deletes_a_comment(api_for, colleague, idea):
    client = api_for(colleague)
    comment = client.post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "Typo hre"}).json()
    url = f"/api/v1/ideas/{idea.pk}/comments/{comment['id']}/"
    edited = client.patch(url, {"body": "Typo here"})
    assert edited.status_code == 200
    assert edited.json()["body"] == "Typo here" and edited.json()["edited_at"]
    assert client.delete(url).status_code == 204
    gone = client.get(url).json()
    assert gone["deleted"] is True and gone["body"] is None
    assert client.get(f"/api/v1/ideas/{idea.pk}/").json()["comment_count"] == 0


def test_a_comment_of_another_idea_is_not_found_under_this_one(api_for, colleague, author, theme, idea):
    other = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    comment = api_for(colleague).post(f"/api/v1/ideas/{other.pk}/comments/", {"body": "Elsewhere"}).json()
    assert api_for(colleague).get(f"/api/v1/ideas/{idea.pk}/comments/{comment['id']}/").status_code == 404
