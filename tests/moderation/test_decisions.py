"""Decisions posted from the queue or the idea page: who may take them, and what happens
when someone who may not tries anyway (the stage never changes)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Stage, StageChange
from tests.factories import IdeaFactory, UserFactory

DECISIONS = {
    "approve": Stage.PUBLISHED,
    "request_changes": Stage.CHANGES_REQUESTED,
    "reject": Stage.REJECTED,
}


def decide(client, idea, decision, reason="Thanks, see my note."):
    return client.post(reverse("moderation:decide", args=[idea.pk, decision]), {"reason": reason})


def stage_of(idea):
    return Idea.objects.get(pk=idea.pk).stage


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize("moderator", ["correspondent", "community_manager", "division_correspondent"])
def test_a_moderator_in_scope_takes_each_decision(decision, moderator, request, client_for, author, theme):
    user = request.getfixturevalue(moderator)
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)

    response = decide(client_for(user), idea, decision)

    assert response.status_code == 302 and response.url == reverse("moderation:queue")
    assert stage_of(idea) == DECISIONS[decision]
    change = StageChange.objects.filter(idea=idea).latest("id")
    assert (change.actor, change.to_stage, change.reason) == (user, DECISIONS[decision], "Thanks, see my note.")


def test_deciding_from_the_idea_page_returns_to_it(client_for, correspondent, author):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    response = client_for(correspondent).post(
        reverse("moderation:decide", args=[idea.pk, "approve"]), {"reason": "", "next": idea.get_absolute_url()}
    )

    assert response.url == idea.get_absolute_url()


def test_the_next_page_after_a_decision_cannot_point_elsewhere(client_for, correspondent, author):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    response = client_for(correspondent).post(
        reverse("moderation:decide", args=[idea.pk, "approve"]), {"reason": "", "next": "https://evil.example/"}
    )

    assert response.url == reverse("moderation:queue")


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_asking_for_changes_or_rejecting_without_a_message_is_refused(decision, client_for, correspondent, author):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    response = client_for(correspondent).post(reverse("moderation:decide", args=[idea.pk, decision]), {"reason": "  "}, follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert "reason" in str(list(response.context["messages"])[0]).lower()
    assert stage_of(idea) == Stage.SUBMITTED
    assert not StageChange.objects.filter(idea=idea, to_stage=DECISIONS[decision]).exists()


def test_a_decision_on_an_idea_already_decided_is_explained_not_applied(client_for, correspondent, community_manager, author):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)
    decide(client_for(community_manager), idea, "approve")

    response = client_for(correspondent).post(reverse("moderation:decide", args=[idea.pk, "reject"]),
                                              {"reason": "Too late"}, follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert stage_of(idea) == Stage.PUBLISHED


def test_an_unknown_decision_does_not_exist(client_for, correspondent, author):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    response = client_for(correspondent).post(f"/moderation/ideas/{idea.pk}/delete/", {"reason": "No"})

    assert response.status_code == 404
    assert stage_of(idea) == Stage.SUBMITTED


def test_decisions_are_posted_not_fetched(client_for, correspondent, author):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    assert client_for(correspondent).get(reverse("moderation:decide", args=[idea.pk, "approve"])).status_code == 405


# --- Refusals: 404 when the idea is invisible to them, 403 when visible but not theirs ----


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize(("who", "status"), [
    ("colleague", 404),
    ("other_theme_correspondent", 404),
    ("author", 403),
])
def test_someone_outside_the_scope_cannot_decide(decision, who, status, request, client_for, author, theme):
    user = request.getfixturevalue(who)
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)

    assert decide(client_for(user), idea, decision).status_code == status
    assert stage_of(idea) == Stage.SUBMITTED
    assert StageChange.objects.filter(idea=idea).count() == 1


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_correspondent_cannot_decide_on_their_own_idea(decision, client_for, correspondent, theme):
    idea = IdeaFactory(author=correspondent, theme=theme, stage=Stage.SUBMITTED)

    response = decide(client_for(correspondent), idea, decision)

    assert response.status_code == 403
    assert stage_of(idea) == Stage.SUBMITTED


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize("levels", [1, 3])
def test_a_correspondent_cannot_decide_on_an_idea_of_someone_they_manage(decision, levels, client_for, correspondent, department, theme):
    manager = correspondent
    for _ in range(levels):
        manager = UserFactory(entity=department, manager=manager)
    idea = IdeaFactory(author=manager, theme=theme, stage=Stage.SUBMITTED)

    response = decide(client_for(correspondent), idea, decision)

    assert response.status_code in (403, 404)
    assert response.status_code == 404  # the idea is not theirs to see at all
    assert stage_of(idea) == Stage.SUBMITTED


def test_a_community_manager_who_manages_the_author_sees_the_idea_but_cannot_decide(client_for, community_manager, department):
    report = UserFactory(entity=department, manager=community_manager)
    idea = IdeaFactory(author=report, stage=Stage.SUBMITTED)

    assert decide(client_for(community_manager), idea, "approve").status_code == 403
    assert stage_of(idea) == Stage.SUBMITTED


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_superuser_cannot_decide_on_their_own_idea(decision, client_for, superuser, theme):
    idea = IdeaFactory(author=superuser, theme=theme, stage=Stage.SUBMITTED)

    response = decide(client_for(superuser), idea, decision)

    assert response.status_code == 403
    assert stage_of(idea) == Stage.SUBMITTED


def test_a_superuser_may_decide_on_other_peoples_ideas(client_for, superuser, author):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    decide(client_for(superuser), idea, "approve")

    assert stage_of(idea) == Stage.PUBLISHED


def test_a_correspondent_limited_to_a_division_cannot_decide_outside_it(client_for, division_correspondent, sibling_division, theme):
    idea = IdeaFactory(author=UserFactory(entity=sibling_division), theme=theme, stage=Stage.SUBMITTED)

    assert decide(client_for(division_correspondent), idea, "approve").status_code == 404
    assert stage_of(idea) == Stage.SUBMITTED


def test_a_suspended_correspondent_reads_the_idea_but_cannot_decide(client_for, correspondent, author):
    correspondent.suspended_until = timezone.now() + timedelta(days=1)
    correspondent.save(update_fields=["suspended_until"])
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)
    client = client_for(correspondent)

    assert client.get(idea.get_absolute_url()).status_code == 200
    assert decide(client, idea, "approve").status_code == 403
    assert stage_of(idea) == Stage.SUBMITTED


def test_the_decision_form_is_shown_on_the_idea_page_only_to_who_may_decide(client_for, correspondent, community_manager, author, department):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)
    approve_url = reverse("moderation:decide", args=[idea.pk, "approve"])

    assert approve_url in client_for(correspondent).get(idea.get_absolute_url()).content.decode()
    assert approve_url not in client_for(author).get(idea.get_absolute_url()).content.decode()
    report = UserFactory(entity=department, manager=community_manager)
    their_idea = IdeaFactory(author=report, stage=Stage.SUBMITTED)
    page = client_for(community_manager).get(their_idea.get_absolute_url()).content.decode()
    assert reverse("moderation:decide", args=[their_idea.pk, "approve"]) not in page
