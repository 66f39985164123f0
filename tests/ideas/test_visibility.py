"""Who sees which idea, at each stage, through the pages people open."""

import pytest
from django.urls import reverse

from ideas.models import Stage
from tests.factories import CorrespondentAssignmentFactory, IdeaFactory, UserFactory, image_upload

ALL_ROLES = ["author", "colleague", "correspondent", "other_theme_correspondent", "community_manager", "superuser"]
REVIEWERS = ["author", "correspondent", "community_manager", "superuser"]

VISIBLE_TO = {
    Stage.DRAFT: ["author"],
    Stage.SUBMITTED: REVIEWERS,
    Stage.CHANGES_REQUESTED: REVIEWERS,
    Stage.REJECTED: REVIEWERS,
    Stage.PUBLISHED: ALL_ROLES,
    Stage.POTENTIAL: ALL_ROLES,
    Stage.DEPLOYED: ALL_ROLES,
    Stage.NOT_RETAINED: ALL_ROLES,
}

CASES = [(stage, role) for stage in VISIBLE_TO for role in ALL_ROLES]


@pytest.mark.parametrize(("stage", "role"), CASES, ids=[f"{s}-{r}" for s, r in CASES])
def test_an_idea_detail_page_is_shown_only_to_those_allowed_at_its_stage(stage, role, people, client_for, author, correspondent):
    # Given an idea at this stage
    idea = IdeaFactory(author=author, stage=stage, moderator=correspondent)

    # When this person opens its page
    response = client_for(people[role]).get(idea.get_absolute_url())

    # Then they read it, or it does not exist for them
    expected = 200 if role in VISIBLE_TO[stage] else 404
    assert response.status_code == expected
    if expected == 200:
        assert idea.title in response.content.decode()


@pytest.mark.parametrize("stage", [Stage.DRAFT, Stage.SUBMITTED, Stage.PUBLISHED])
def test_an_anonymous_visitor_is_sent_to_the_login_page(stage, client_for, author):
    idea = IdeaFactory(author=author, stage=stage)

    response = client_for(None).get(idea.get_absolute_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_anonymous_visitor_cannot_browse_the_list(client_for, db):
    response = client_for(None).get(reverse("ideas:list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_list_shows_published_ideas_only_even_to_their_author_and_moderators(client_for, author, community_manager):
    published = IdeaFactory(author=author, stage=Stage.PUBLISHED, title="Published: shared printers")
    hidden = [IdeaFactory(author=author, stage=stage, title=f"Hidden {stage} idea")
              for stage in (Stage.DRAFT, Stage.SUBMITTED, Stage.CHANGES_REQUESTED, Stage.REJECTED)]

    for viewer in (author, community_manager):
        response = client_for(viewer).get(reverse("ideas:list"))
        shown = [idea.pk for idea in response.context["ideas"]]
        assert shown == [published.pk]
        assert not any(idea.title in response.content.decode() for idea in hidden)


def test_a_correspondent_limited_to_a_business_unit_sees_submitted_ideas_of_its_sub_units_only(
    client_for, theme, division, department, sibling_division
):
    # Given a correspondent for the theme, limited to the retail division
    limited = UserFactory(entity=sibling_division)
    CorrespondentAssignmentFactory(user=limited, theme=theme, entities=[division])
    inside = IdeaFactory(author=UserFactory(entity=department), theme=theme, stage=Stage.SUBMITTED)
    outside = IdeaFactory(author=UserFactory(entity=sibling_division), theme=theme, stage=Stage.SUBMITTED)
    client = client_for(limited)

    # Then the idea from a department under the division is readable, the other is not
    assert client.get(inside.get_absolute_url()).status_code == 200
    assert client.get(outside.get_absolute_url()).status_code == 404


def test_pictures_of_an_unpublished_idea_are_not_served_to_colleagues(client_for, author, colleague):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED, images=[image_upload()])
    picture = idea.images.get()
    url = reverse("ideas:image", args=[idea.pk, picture.pk, "thumb"])

    assert client_for(author).get(url).status_code == 200
    assert client_for(colleague).get(url).status_code == 404
