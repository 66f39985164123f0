"""Posting without one's name: colleagues (executives included) never get the author's
name, unit or profile link of such an idea, on any page or API answer; the author, the
theme's correspondents and the community managers still see it; points count as usual;
the author may put their name back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.permissions import can
from gamification.ledger import rebuild
from gamification.models import LedgerEntry
from ideas.models import Stage
from ideas.services import challenge_create, comment_post, idea_follow, idea_reveal_author
from tests.factories import EntityFactory, IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "Zéphyrine Quillebeuf"
UNIT = "Quiet Harbour Unit"


@pytest.fixture
def shy(division):
    unit = EntityFactory(name=UNIT, code="quiet-harbour", parent=division)
    return UserFactory(first_name="Zéphyrine", last_name="Quillebeuf", email="zq@multitude.example", entity=unit)


@pytest.fixture
def challenge(executive, theme):
    now = timezone.now()
    return challenge_create(by=executive, title="Fewer printed pages", question="How could we print half as much?",
                            themes=[theme], opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=5))


@pytest.fixture
def hidden_idea(shy, colleague, community_manager, challenge, theme):
    idea = IdeaFactory(author=shy, theme=theme, challenge=challenge, stage=Stage.PUBLISHED, moderator=community_manager,
                       title="Recycle the toner cartridges", author_name_hidden=True)
    question = comment_post(idea=idea, by=colleague, body="How many cartridges a year?", parent=None)
    comment_post(idea=idea, by=shy, body="About **300**, I counted them.", parent=question)
    comment_post(idea=idea, by=shy, body="More details: the supplier takes them back.", parent=None)
    idea_follow(idea=idea, by=colleague)
    return idea


def leaks(text: str, shy, *, unit: bool = True) -> list[str]:
    """What would point to the author. Pages with the business-unit filter list every unit
    by name: there `unit=False`."""
    profile = reverse("accounts:profile", args=[shy.pk])
    needles = [NAME, "Quillebeuf", "zq@multitude", f'href="{profile}"', f"/people/{shy.pk}/"] + ([UNIT] if unit else [])
    return [needle for needle in needles if needle in text]


def colleague_pages(shy, idea, challenge):
    return [
        reverse("ideas:detail", args=[idea.pk]),
        reverse("ideas:list"),
        reverse("ideas:list") + "?q=toner",
        reverse("ideas:list") + f"?challenge={challenge.pk}",
        reverse("accounts:profile", args=[shy.pk]),
        reverse("ideas:challenge_detail", args=[challenge.pk]),
        reverse("notifications:list"),
        reverse("notifications:following"),
        reverse("moderation:flag", args=["idea", idea.pk]),
        reverse("gamification:leaderboard"),
    ]


@pytest.mark.parametrize("viewer_name", ["colleague", "executive"])
def test_colleagues_and_executives_never_get_the_name(client_for, request, shy, hidden_idea, challenge, viewer_name):
    viewer = request.getfixturevalue(viewer_name)
    client = client_for(viewer)
    for url in colleague_pages(shy, hidden_idea, challenge):
        response = client.get(url)
        text = response.content.decode()
        if url == reverse("accounts:profile", args=[shy.pk]):
            # The profile is the person's own page: their name is its title, but the idea is not listed there.
            assert response.status_code == 200 and "Recycle the toner cartridges" not in text
            continue
        assert response.status_code == 200, url
        with_unit_filter = url.startswith((reverse("ideas:list"), reverse("gamification:leaderboard")))
        assert leaks(text, shy, unit=not with_unit_filter) == [], url
    detail = client.get(reverse("ideas:detail", args=[hidden_idea.pk])).content.decode()
    assert "a colleague" in detail and "the author" in detail and "About <strong>300</strong>" in detail


def test_the_author_filter_and_unit_filter_leave_the_idea_out(client_for, colleague, shy, hidden_idea):
    client = client_for(colleague)
    by_author = client.get(reverse("ideas:list"), {"author": shy.pk}).content.decode()
    by_unit = client.get(reverse("ideas:list"), {"entity": shy.entity_id}).content.decode()
    assert "Recycle the toner cartridges" not in by_author and "Recycle the toner cartridges" not in by_unit
    assert "Recycle the toner cartridges" in client.get(reverse("ideas:list")).content.decode()


def test_the_api_gives_colleagues_no_name(client_for, colleague, executive, shy, hidden_idea, challenge):
    for viewer in (colleague, executive):
        client = client_for(viewer)
        answers = [
            client.get("/api/v1/ideas/"),
            client.get(f"/api/v1/ideas/{hidden_idea.pk}/"),
            client.get(f"/api/v1/ideas/{hidden_idea.pk}/comments/"),
            client.get(f"/api/v1/ideas/?author={shy.pk}"),
            client.get(f"/api/v1/challenges/{challenge.pk}/"),
            client.get("/api/v1/notifications/"),
        ]
        for response in answers:
            assert response.status_code == 200, response.request["PATH_INFO"]
            assert leaks(response.content.decode(), shy) == [], response.request["PATH_INFO"]
        detail = answers[1].json()
        assert detail["author"] is None and detail["author_entity"] is None and detail["author_name_hidden"] is True
        assert answers[3].json()["results"] == []


@pytest.mark.parametrize("viewer_name", ["correspondent", "community_manager"])
def test_correspondents_and_community_managers_still_see_the_name(client_for, request, shy, hidden_idea, viewer_name):
    viewer = request.getfixturevalue(viewer_name)
    assert can(viewer, "ideas.see_idea_author", hidden_idea)
    page = client_for(viewer).get(reverse("ideas:detail", args=[hidden_idea.pk])).content.decode()
    assert NAME in page
    assert client_for(viewer).get(f"/api/v1/ideas/{hidden_idea.pk}/").json()["author"]["display_name"] == NAME


def test_a_correspondent_of_another_theme_does_not(shy, hidden_idea, other_theme_correspondent):
    assert not can(other_theme_correspondent, "ideas.see_idea_author", hidden_idea)


def test_the_line_manager_does_not_even_as_correspondent(shy, hidden_idea, theme):
    from accounts.services import user_set_manager
    from tests.factories import CorrespondentAssignmentFactory

    manager = UserFactory(first_name="Mona", last_name="Manager")
    CorrespondentAssignmentFactory(user=manager, theme=theme)
    user_set_manager(user=shy, manager=manager)
    shy.refresh_from_db()
    hidden_idea.author = shy
    assert not can(manager, "ideas.see_idea_author", hidden_idea)


def test_the_author_sees_their_name_and_points_count_as_usual(client_for, shy, hidden_idea):
    page = client_for(shy).get(reverse("ideas:detail", args=[hidden_idea.pk])).content.decode()
    assert NAME in page and "You posted this idea without your name" in page
    # Points are per person, whatever the idea shows: the ledger credits the author.
    rebuild()
    assert LedgerEntry.objects.filter(user=shy, rule__code="idea_published", idea=hidden_idea, points__gt=0).exists()


def test_the_author_puts_their_name_back(client_for, shy, colleague, hidden_idea):
    assert client_for(colleague).post(reverse("ideas:reveal_author", args=[hidden_idea.pk])).status_code == 403
    response = client_for(shy).post(reverse("ideas:reveal_author", args=[hidden_idea.pk]))
    assert response.status_code == 302
    hidden_idea.refresh_from_db()
    assert not hidden_idea.author_name_hidden
    assert NAME in client_for(colleague).get(reverse("ideas:detail", args=[hidden_idea.pk])).content.decode()


def test_the_checkbox_on_the_idea_form_hides_the_name(client_for, shy, theme):
    response = client_for(shy).post(reverse("ideas:create"), {
        "title": "Switch off screens at night", "body": "Save power.", "theme": theme.pk, "author_name_hidden": "on",
    })
    assert response.status_code == 302
    assert shy.ideas.get().author_name_hidden


def test_notifications_of_the_authors_comments_say_the_author(client_for, colleague, shy, hidden_idea, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comment_post(idea=hidden_idea, by=shy, body="One more thing: toner is costly.", parent=None)
    notifications = client_for(colleague).get("/api/v1/notifications/").json()["results"]
    mine = [n for n in notifications if n["kind"] == "comment"]
    assert mine and mine[0]["actor"] is None and mine[0]["text"].startswith("The author commented")


def test_merged_into_another_idea_the_author_stays_unnamed_as_co_author(client_for, colleague, shy, hidden_idea, community_manager, theme):
    from moderation.merges import ideas_merge

    target = IdeaFactory(author=colleague, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                         title="Collect all office consumables for recycling")
    ideas_merge(source=hidden_idea, target=target, by=community_manager, note="Same proposal.")
    viewer = UserFactory(first_name="Vera", last_name="Viewer")
    page = client_for(viewer).get(reverse("ideas:detail", args=[target.pk])).content.decode()
    assert leaks(page, shy) == [] and "with a colleague" in " ".join(page.split())
    assert NAME in client_for(community_manager).get(reverse("ideas:detail", args=[target.pk])).content.decode()


def test_the_pipeline_page_shows_executives_no_unit_of_an_unnamed_author(client_for, executive, shy, hidden_idea, community_manager):
    from moderation.pipeline import idea_pipeline_step

    idea_pipeline_step(idea=hidden_idea, to_stage=Stage.POTENTIAL, by=community_manager, note="Promising.", owner=None,
                       savings_eur=None, quality="")
    page = client_for(executive).get(reverse("moderation:pipeline")).content.decode()
    # The unit filter lists every unit; the idea's card names none.
    assert "Recycle the toner cartridges" in page and leaks(page, shy, unit=False) == []
    assert f"<dd>{UNIT}</dd>" not in page
