"""Unpublished and hidden ideas never leak through lists, search, counts or detail."""

import pytest

from ideas.models import Stage
from moderation.content import content_hide
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db

TITLE = "Solar panels on the warehouse roof"


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def ideas_at_every_stage(author, theme):
    stages = [Stage.DRAFT, Stage.SUBMITTED, Stage.CHANGES_REQUESTED, Stage.REJECTED, Stage.PUBLISHED, Stage.POTENTIAL]
    return {stage: IdeaFactory(author=author, theme=theme, stage=stage, title=f"{TITLE} ({stage})") for stage in stages}


def test_colleagues_list_and_find_only_published_ideas(api_for, colleague, ideas_at_every_stage):
    client = api_for(colleague)
    public = {ideas_at_every_stage[Stage.PUBLISHED].pk, ideas_at_every_stage[Stage.POTENTIAL].pk}
    assert ids(client.get("/api/v1/ideas/")) == public
    assert ids(client.get("/api/v1/ideas/", {"q": "solar warehouse"})) == public
    for stage in (Stage.DRAFT, Stage.SUBMITTED, Stage.REJECTED):
        assert ids(client.get("/api/v1/ideas/", {"stage": stage})) == set()
    assert ids(client.get("/api/v1/ideas/", {"mine": "true"})) == set()


def test_unpublished_ideas_of_others_do_not_exist_for_a_colleague(api_for, colleague, ideas_at_every_stage):
    client = api_for(colleague)
    for stage in (Stage.DRAFT, Stage.SUBMITTED, Stage.CHANGES_REQUESTED, Stage.REJECTED):
        idea = ideas_at_every_stage[stage]
        for response in (
            client.get(f"/api/v1/ideas/{idea.pk}/"),
            client.get(f"/api/v1/ideas/{idea.pk}/comments/"),
            client.put(f"/api/v1/ideas/{idea.pk}/follow/"),
            client.put(f"/api/v1/ideas/{idea.pk}/vote/"),
        ):
            assert response.status_code == 404, (stage, response.request["PATH_INFO"])
            assert response.json() == {"code": "not_found", "message": "Not found.", "fields": {}}


def test_the_author_finds_every_own_idea_with_mine(api_for, author, ideas_at_every_stage):
    client = api_for(author)
    assert ids(client.get("/api/v1/ideas/", {"mine": "true"})) == {idea.pk for idea in ideas_at_every_stage.values()}
    assert ids(client.get("/api/v1/ideas/", {"mine": "true", "stage": "draft"})) == {ideas_at_every_stage[Stage.DRAFT].pk}
    detail = client.get(f"/api/v1/ideas/{ideas_at_every_stage[Stage.REJECTED].pk}/").json()
    assert detail["history"][-1]["to_stage"] == "rejected"
    assert detail["history"][-1]["reason"]


def test_a_hidden_idea_leaves_lists_search_and_counts_and_shows_colleagues_a_notice(
    api_for, author, colleague, community_manager, theme
):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, title=TITLE)
    api_for(colleague).post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "Secret detail about the roof"})
    content_hide(target=idea, by=community_manager, reason="Names a supplier under contract.")
    client = api_for(colleague)

    assert ids(client.get("/api/v1/ideas/")) == set()
    assert ids(client.get("/api/v1/ideas/", {"q": "solar"})) == set()
    assert ids(client.get("/api/v1/ideas/", {"author": author.pk})) == set()
    assert ids(client.get("/api/v1/ideas/", {"theme": theme.slug, "sort": "supported"})) == set()

    tombstone = client.get(f"/api/v1/ideas/{idea.pk}/").json()
    assert tombstone == {
        "id": idea.pk, "title": "Idea hidden by moderation", "hidden": True,
        "hidden_reason": "Names a supplier under contract.", "stage": "published",
        "theme": {"id": theme.pk, "slug": theme.slug, "name": theme.name_en},
    }
    assert TITLE not in str(tombstone)
    assert client.get(f"/api/v1/ideas/{idea.pk}/comments/").status_code == 404
    assert client.put(f"/api/v1/ideas/{idea.pk}/vote/").status_code == 403


@pytest.mark.parametrize("who", ["author", "community_manager"])
def test_the_author_and_moderators_still_read_a_hidden_idea(api_for, request, author, community_manager, theme, who):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, title=TITLE)
    content_hide(target=idea, by=community_manager, reason="Under review.")
    detail = api_for(request.getfixturevalue(who)).get(f"/api/v1/ideas/{idea.pk}/").json()
    assert detail["title"] == TITLE
    assert detail["hidden"] is True and detail["hidden_reason"] == "Under review."
    assert "body" in detail


def test_a_hidden_comment_shows_colleagues_only_its_notice(api_for, author, colleague, community_manager, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    comment = api_for(colleague).post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "Rude words here"}).json()
    content_hide(target=idea.comments.get(pk=comment["id"]), by=community_manager, reason="Not respectful.")

    seen_by_author = api_for(author).get(f"/api/v1/ideas/{idea.pk}/comments/").json()["results"][0]
    assert seen_by_author["body"] is None and seen_by_author["author"] is None
    assert seen_by_author["hidden"] is True and seen_by_author["hidden_reason"] == "Not respectful."
    seen_by_writer = api_for(colleague).get(f"/api/v1/ideas/{idea.pk}/comments/").json()["results"][0]
    assert seen_by_writer["body"] == "Rude words here"
    # The count colleagues read leaves it out.
    assert api_for(author).get(f"/api/v1/ideas/{idea.pk}/").json()["comment_count"] == 0


def test_a_merged_idea_is_not_listed(api_for, author, colleague, community_manager, theme):
    from moderation.merges import ideas_merge

    source = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, title=f"{TITLE} again")
    target = IdeaFactory(author=colleague, theme=theme, stage=Stage.PUBLISHED, title=TITLE)
    ideas_merge(source=source, target=target, by=community_manager, note="Same idea.")
    client = api_for(colleague)
    assert ids(client.get("/api/v1/ideas/")) == {target.pk}
    assert client.get(f"/api/v1/ideas/{source.pk}/").json()["merged_into"] == target.pk
