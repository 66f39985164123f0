"""The API of expert evaluation and of similar-idea suggestions: the same rules as the pages."""

import pytest

from ideas.models import Stage
from moderation.evaluations import evaluators_assign
from moderation.models import Evaluation
from tests.factories import EntityFactory, IdeaFactory, UserFactory

MARKS = {"impact": 4, "feasibility": 3, "cost": 2, "strategic-fit": 5}


@pytest.fixture
def idea(author, theme, community_manager, executive):
    return IdeaFactory(author=author, theme=theme, stage=Stage.POTENTIAL, title="Share the printers between floors",
                       moderator=community_manager, executive=executive)


@pytest.fixture
def experts(group):
    return [UserFactory(entity=EntityFactory(parent=group)) for _ in range(2)]


@pytest.fixture
def asked(idea, experts, community_manager):
    evaluators_assign(idea=idea, evaluators=experts, by=community_manager)
    return {e.evaluator_id: e for e in Evaluation.objects.filter(idea=idea)}


def test_an_expert_lists_and_submits_their_evaluations(api_for, experts, asked, idea):
    client = api_for(experts[0])
    listed = client.get("/api/v1/evaluations/?status=pending").json()["results"]
    assert [row["idea"]["id"] for row in listed] == [idea.pk] and listed[0]["scores"] == []
    evaluation = asked[experts[0].pk]
    response = client.post(f"/api/v1/evaluations/{evaluation.pk}/submit/",
                           {"scores": MARKS, "comment": "Worth a pilot."}, format="json")
    assert response.status_code == 200, response.json()
    assert {s["criterion"]: s["value"] for s in response.json()["scores"]} == MARKS
    assert client.get("/api/v1/evaluations/?status=pending").json()["results"] == []
    again = client.post(f"/api/v1/evaluations/{evaluation.pk}/submit/", {"scores": MARKS, "comment": "Again."},
                        format="json")
    assert again.status_code == 409


def test_a_score_outside_the_scale_is_refused_with_the_field_named(api_for, experts, asked):
    response = api_for(experts[0]).post(f"/api/v1/evaluations/{asked[experts[0].pk].pk}/submit/",
                                        {"scores": {**MARKS, "cost": 9}, "comment": "x"}, format="json")
    assert response.status_code == 400, response.json()
    assert "scores.cost" in response.json()["fields"], response.json()


def test_another_experts_evaluation_does_not_exist_for_you(api_for, experts, asked):
    response = api_for(experts[1]).post(f"/api/v1/evaluations/{asked[experts[0].pk].pk}/submit/",
                                        {"scores": MARKS, "comment": "x"}, format="json")
    assert response.status_code == 404


def test_scores_stay_hidden_from_an_expert_until_they_submit(api_for, experts, asked, idea):
    first, second = api_for(experts[0]), api_for(experts[1])
    first.post(f"/api/v1/evaluations/{asked[experts[0].pk].pk}/submit/", {"scores": MARKS, "comment": "A"},
               format="json")
    assert second.get(f"/api/v1/ideas/{idea.pk}/evaluations/").status_code == 403
    second.post(f"/api/v1/evaluations/{asked[experts[1].pk].pk}/submit/", {"scores": MARKS, "comment": "B"},
                format="json")
    summary = second.get(f"/api/v1/ideas/{idea.pk}/evaluations/").json()
    assert summary["submitted"] == 2 and {row["criterion"] for row in summary["criteria"]} == set(MARKS)


def test_top_managers_read_the_aggregate_and_employees_do_not(api_for, executive, colleague, experts, asked, idea):
    api_for(experts[0]).post(f"/api/v1/evaluations/{asked[experts[0].pk].pk}/submit/",
                             {"scores": MARKS, "comment": "A"}, format="json")
    summary = api_for(executive).get(f"/api/v1/ideas/{idea.pk}/evaluations/").json()
    impact = next(row for row in summary["criteria"] if row["criterion"] == "impact")
    assert (impact["mean"], impact["low"], impact["high"], impact["count"]) == (4.0, 4, 4, 1)
    assert summary["pending"] == 1
    assert api_for(colleague).get(f"/api/v1/ideas/{idea.pk}/evaluations/").status_code == 403


def test_only_community_managers_ask_experts_and_never_the_author(api_for, community_manager, executive, author, idea,
                                                                  experts):
    url = f"/api/v1/ideas/{idea.pk}/evaluations/"
    assert api_for(executive).post(url, {"evaluators": [experts[0].pk]}, format="json").status_code == 403
    refused = api_for(community_manager).post(url, {"evaluators": [author.pk]}, format="json")
    assert refused.status_code == 400 and "evaluators" in refused.json()["fields"]
    asked = api_for(community_manager).post(url, {"evaluators": [experts[0].pk]}, format="json")
    assert asked.status_code == 200 and asked.json()["pending"] == 1


def test_similar_ideas_in_the_api_show_only_public_ideas(api_for, colleague, author, theme, community_manager):
    published = IdeaFactory(author=author, theme=theme, title="Share the printers between floors",
                            stage=Stage.PUBLISHED, moderator=community_manager)
    draft = IdeaFactory(author=author, theme=theme, title="Share the printers between floors")
    response = api_for(colleague).get("/api/v1/ideas/similar/", {"title": "Sharing printers across floors"})
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert published.pk in ids and draft.pk not in ids
    assert api_for(None).get("/api/v1/ideas/similar/", {"title": "printers"}).status_code == 401


def test_the_evaluations_list_asks_the_same_questions_for_1_and_6_evaluations(api_for, experts, author, theme,
                                                                            community_manager, executive):
    from tests.support import queries_of

    client = api_for(experts[0])

    def ask(count):
        for _ in range(count):
            idea = IdeaFactory(author=author, theme=theme, stage=Stage.POTENTIAL, moderator=community_manager,
                               executive=executive)
            evaluators_assign(idea=idea, evaluators=[experts[0]], by=community_manager)

    ask(1)
    client.get("/api/v1/evaluations/")  # the token's first use is recorded once
    few, _ = queries_of(lambda: client.get("/api/v1/evaluations/"))
    ask(5)
    many, _ = queries_of(lambda: client.get("/api/v1/evaluations/"))
    assert few == many
