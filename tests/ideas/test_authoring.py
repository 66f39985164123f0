"""Writing ideas through the pages: drafts, edits, submission, deletion, and who may."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Stage, StageChange
from tests.factories import IdeaFactory, ThemeFactory, UserFactory


def form_data(theme_, **overrides):
    return {"title": "Share the printers between floors", "theme": theme_.pk,
            "body": "We have 40 printers for 300 people.", **overrides}


def test_an_employee_saves_a_draft_that_only_they_can_see(client_for, author, colleague, theme):
    response = client_for(author).post(reverse("ideas:create"), form_data(theme, save="1"))

    idea = Idea.objects.get()
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    assert (idea.stage, idea.author, idea.author_entity, idea.theme) == (Stage.DRAFT, author, author.entity, theme)
    assert not StageChange.objects.exists()
    assert client_for(colleague).get(idea.get_absolute_url()).status_code == 404


def test_an_employee_posts_and_submits_in_one_go(client_for, author, theme):
    client_for(author).post(reverse("ideas:create"), form_data(theme, submit="1"))

    idea = Idea.objects.get()
    assert idea.stage == Stage.SUBMITTED and idea.submitted_at is not None
    assert list(StageChange.objects.values_list("from_stage", "to_stage")) == [(Stage.DRAFT, Stage.SUBMITTED)]


@pytest.mark.parametrize(("overrides", "field"), [
    ({"title": "Short"}, "title"),
    ({"body": ""}, "body"),
    ({"theme": ""}, "theme"),
])
def test_an_incomplete_idea_comes_back_with_an_error_and_nothing_is_saved(overrides, field, client_for, author, theme):
    response = client_for(author).post(reverse("ideas:create"), form_data(theme, submit="1", **overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Idea.objects.exists()


@pytest.mark.parametrize(("language", "message"), [
    ("en", "This is limited to 160 characters; it has 200: please shorten it."),
    ("fr", "Ce champ est limité à 160 caractères ; il en compte 200 : raccourcissez-le."),
])
def test_a_title_over_160_characters_is_refused_with_a_message_not_cut(language, message, client_for, author, theme):
    pasted = "Share " + "p" * 194
    client = client_for(author, HTTP_ACCEPT_LANGUAGE=language)

    form_page = client.get(reverse("ideas:create")).content.decode()
    response = client.post(reverse("ideas:create"), form_data(theme, submit="1", title=pasted))

    # The browser is not told to cut (no maxlength): the page counts and the form refuses.
    title_input = re.search(r'<input[^>]*name="title"[^>]*>', form_page).group(0)
    assert "maxlength" not in title_input and 'data-max-length="160"' in title_input
    assert response.status_code == 200 and not Idea.objects.exists()
    assert response.context["form"].errors["title"] == [message]
    assert f'value="{pasted}"' in response.content.decode()  # given back whole, to shorten


def test_the_api_refuses_a_long_title_with_a_json_error(client_for, author, theme):
    response = client_for(author).post("/api/v1/ideas/", {"title": "t" * 161, "theme": theme.slug, "body": "Body text."},
                                       content_type="application/json")

    assert response.status_code == 400 and list(response.json()["fields"]) == ["title"]
    assert not Idea.objects.exists()


def test_an_inactive_theme_cannot_be_chosen(client_for, author, db):
    retired = ThemeFactory(is_active=False)

    response = client_for(author).post(reverse("ideas:create"), form_data(retired, submit="1"))

    assert response.context["form"].errors["theme"]
    assert not Idea.objects.exists()


@pytest.mark.parametrize("stage", [Stage.DRAFT, Stage.CHANGES_REQUESTED])
def test_the_author_edits_an_idea_while_it_is_a_draft_or_sent_back(stage, client_for, author, theme, other_theme):
    idea = IdeaFactory(author=author, stage=stage, theme=theme)
    client = client_for(author)

    assert client.get(reverse("ideas:update", args=[idea.pk])).status_code == 200
    response = client.post(reverse("ideas:update", args=[idea.pk]), form_data(other_theme, title="A better title here", save="1"))

    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.title, idea.theme, idea.stage) == ("A better title here", other_theme, stage)


@pytest.mark.parametrize("stage", [Stage.SUBMITTED, Stage.PUBLISHED, Stage.REJECTED])
def test_the_author_cannot_edit_an_idea_once_it_is_in_other_hands(stage, client_for, author, theme):
    idea = IdeaFactory(author=author, stage=stage, theme=theme, title="The original title")
    url = reverse("ideas:update", args=[idea.pk])
    client = client_for(author)

    assert client.get(url).status_code == 403
    assert client.post(url, form_data(theme, title="Sneaky new title")).status_code == 403
    idea.refresh_from_db()
    assert idea.title == "The original title"


@pytest.mark.parametrize(("role", "status"), [
    ("colleague", 403), ("correspondent", 403), ("community_manager", 403), ("superuser", 403),
])
def test_nobody_but_the_author_edits_a_published_idea(role, status, people, client_for, author, theme):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, title="The original title")

    response = client_for(people[role]).post(reverse("ideas:update", args=[idea.pk]), form_data(theme, title="Rewritten"))

    assert response.status_code == status
    idea.refresh_from_db()
    assert idea.title == "The original title"


def test_someone_elses_draft_cannot_even_be_opened_for_editing(client_for, author, colleague, superuser):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT)

    for other in (colleague, superuser):
        assert client_for(other).get(reverse("ideas:update", args=[idea.pk])).status_code == 404


def test_the_author_submits_a_draft_from_its_page(client_for, author):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT)

    response = client_for(author).post(reverse("ideas:submit", args=[idea.pk]))

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.stage == Stage.SUBMITTED


def test_submitting_an_already_submitted_idea_is_explained_not_applied(client_for, author):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)
    history = StageChange.objects.filter(idea=idea).count()

    response = client_for(author).post(reverse("ideas:submit", args=[idea.pk]), follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    idea.refresh_from_db()
    assert idea.stage == Stage.SUBMITTED
    assert StageChange.objects.filter(idea=idea).count() == history


def test_a_colleague_cannot_submit_someone_elses_draft(client_for, author, colleague):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT)

    assert client_for(colleague).post(reverse("ideas:submit", args=[idea.pk])).status_code == 404
    idea.refresh_from_db()
    assert idea.stage == Stage.DRAFT


def test_the_author_deletes_a_draft(client_for, author):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT)

    response = client_for(author).post(reverse("ideas:delete", args=[idea.pk]))

    assert response.status_code == 302 and response.url == reverse("ideas:mine")
    assert not Idea.objects.filter(pk=idea.pk).exists()


@pytest.mark.parametrize("stage", [Stage.SUBMITTED, Stage.CHANGES_REQUESTED, Stage.PUBLISHED])
def test_an_idea_that_was_submitted_cannot_be_deleted_by_its_author(stage, client_for, author):
    idea = IdeaFactory(author=author, stage=stage)

    assert client_for(author).post(reverse("ideas:delete", args=[idea.pk])).status_code == 403
    assert Idea.objects.filter(pk=idea.pk).exists()


def test_a_community_manager_cannot_delete_a_published_idea_through_the_portal(client_for, author, community_manager):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)

    assert client_for(community_manager).post(reverse("ideas:delete", args=[idea.pk])).status_code == 403
    assert Idea.objects.filter(pk=idea.pk).exists()


def test_my_ideas_lists_every_idea_of_mine_with_what_it_waits_for(client_for, author, colleague):
    draft = IdeaFactory(author=author, stage=Stage.DRAFT, title="My draft about parking")
    rejected = IdeaFactory(author=author, stage=Stage.REJECTED, title="My rejected idea")
    IdeaFactory(author=colleague, stage=Stage.PUBLISHED, title="Not mine at all")

    response = client_for(author).get(reverse("ideas:mine"))

    assert {i.pk for i in response.context["ideas"]} == {draft.pk, rejected.pk}
    html = response.content.decode()
    assert "You: submit it when it is ready." in html
    assert "Already done last year." in html  # the reason given with the rejection
    assert "Not mine at all" not in html


# --- Suspended accounts -----------------------------------------------------------------


@pytest.fixture
def suspended(department):
    return UserFactory(entity=department, suspended_until=timezone.now() + timedelta(days=3))


def test_a_suspended_employee_still_reads_ideas(client_for, suspended, author):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    client = client_for(suspended)

    assert client.get(reverse("ideas:list")).status_code == 200
    assert client.get(idea.get_absolute_url()).status_code == 200


def test_a_suspended_employee_cannot_post_an_idea(client_for, suspended, theme):
    client = client_for(suspended)

    assert client.get(reverse("ideas:create")).status_code == 403
    assert client.post(reverse("ideas:create"), form_data(theme, submit="1")).status_code == 403
    assert not Idea.objects.exists()


def test_a_suspended_employee_cannot_comment_nor_support(client_for, suspended, author):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    client = client_for(suspended)

    assert client.post(reverse("ideas:comment", args=[idea.pk]), {"body": "Hello"}).status_code == 403
    assert client.post(reverse("ideas:support", args=[idea.pk]), {"action": "support"}).status_code == 403
    idea.refresh_from_db()
    assert (idea.comment_count, idea.support_count) == (0, 0)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert 'name="body"' not in html and "Support this idea" not in html


def test_a_suspended_author_cannot_submit_their_draft(client_for, department, author):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT)
    author.suspended_until = timezone.now() + timedelta(hours=1)
    author.save(update_fields=["suspended_until"])

    assert client_for(author).post(reverse("ideas:submit", args=[idea.pk])).status_code == 403
    idea.refresh_from_db()
    assert idea.stage == Stage.DRAFT


def test_a_suspension_that_ended_lets_the_employee_take_part_again(client_for, department, author):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    former = UserFactory(entity=department, suspended_until=timezone.now() - timedelta(minutes=1))

    response = client_for(former).post(reverse("ideas:support", args=[idea.pk]), {"action": "support"})

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.support_count == 1
