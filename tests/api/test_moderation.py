"""Moderation through the API: the queue, decisions, and pipeline steps."""

import pytest

from ideas.models import Stage
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_a_correspondent_approves_a_submitted_idea(api_for, author, colleague, correspondent, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    client = api_for(correspondent)
    assert [row["id"] for row in client.get("/api/v1/moderation/queue/").json()["results"]] == [idea.pk]

    response = client.post(f"/api/v1/moderation/ideas/{idea.pk}/decision/", {"decision": "approve", "reason": "Clear."})
    assert response.status_code == 200
    assert response.json()["stage"] == "published"
    assert response.json()["history"][-1]["actor"]["id"] == correspondent.pk

    assert client.get("/api/v1/moderation/queue/").json()["results"] == []
    assert idea.pk in [row["id"] for row in api_for(colleague).get("/api/v1/ideas/").json()["results"]]


def test_a_rejection_needs_a_reason(api_for, author, correspondent, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    response = api_for(correspondent).post(f"/api/v1/moderation/ideas/{idea.pk}/decision/", {"decision": "reject"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"reason"}
    idea.refresh_from_db()
    assert idea.stage == Stage.SUBMITTED


def test_an_unknown_decision_is_a_400(api_for, author, correspondent, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    response = api_for(correspondent).post(f"/api/v1/moderation/ideas/{idea.pk}/decision/", {"decision": "publish"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"decision"}


def test_deciding_on_an_idea_someone_already_decided_is_a_409(api_for, author, correspondent, community_manager, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    api_for(community_manager).post(f"/api/v1/moderation/ideas/{idea.pk}/decision/", {"decision": "approve"})
    response = api_for(correspondent).post(
        f"/api/v1/moderation/ideas/{idea.pk}/decision/", {"decision": "request_changes", "reason": "Add figures."}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_stage"


def test_a_transition_from_the_wrong_stage_is_a_409(api_for, author, executive, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.POTENTIAL)
    response = api_for(executive).post(
        f"/api/v1/ideas/{idea.pk}/transition/", {"to_stage": "pilot", "reason": "Skip ahead", "owner": executive.pk}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_stage"
    idea.refresh_from_db()
    assert idea.stage == Stage.POTENTIAL


def test_top_managers_take_an_idea_through_the_pipeline(api_for, author, executive, correspondent, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    marked = api_for(correspondent).post(f"/api/v1/ideas/{idea.pk}/transition/",
                                         {"to_stage": "potential", "reason": "Saves money on every site."})
    assert marked.status_code == 200 and marked.json()["stage"] == "potential"

    client = api_for(executive)
    assert client.post(f"/api/v1/ideas/{idea.pk}/transition/", {"to_stage": "analysis", "reason": "Study it."}).status_code == 200
    without_owner = client.post(f"/api/v1/ideas/{idea.pk}/transition/", {"to_stage": "project", "reason": "Go."})
    assert without_owner.status_code == 400 and "owner" in without_owner.json()["fields"]
    project = client.post(f"/api/v1/ideas/{idea.pk}/transition/",
                          {"to_stage": "project", "reason": "Go.", "owner": correspondent.pk})
    assert project.status_code == 200
    assert project.json()["owner"]["id"] == correspondent.pk
    assert project.json()["history"][-1] | {"created_at": None} == {
        "from_stage": "analysis", "to_stage": "project", "reason": "Go.", "created_at": None,
        "actor": project.json()["history"][-1]["actor"], "owner": project.json()["owner"],
    }


def test_a_transition_to_a_stage_outside_the_pipeline_is_a_400(api_for, author, community_manager, theme):
    """Publishing is a moderation decision (audited as such), not a pipeline step."""
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    response = api_for(community_manager).post(f"/api/v1/ideas/{idea.pk}/transition/", {"to_stage": "published", "reason": "x"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"to_stage"}
    idea.refresh_from_db()
    assert idea.stage == Stage.SUBMITTED
