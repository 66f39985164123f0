"""Similar ideas while typing: the measure on a committed set of duplicates, what the
suggestions may show, the JSON endpoint, the idea form and the moderation queue."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Stage, Theme
from ideas.similar import similar_ideas, stem, words
from tests.factories import IdeaFactory, UserFactory

# --- What the suggestions may show ---------------------------------------------------------

PRINTERS = "Share the printers between floors"


@pytest.fixture
def printer_ideas(author, community_manager, theme):
    """The same idea at every stage a colleague must or must not be shown."""
    def make(stage, title=PRINTERS, body="Fewer devices, less paper and toner."):
        return IdeaFactory(author=author, theme=theme, title=title, body=body, stage=stage, moderator=community_manager)

    return {
        "published": make(Stage.PUBLISHED),
        "potential": make(Stage.POTENTIAL, "Share printers between the floors of each building"),
        "draft": make(Stage.DRAFT),
        "submitted": make(Stage.SUBMITTED),
        "rejected": make(Stage.REJECTED),
        "hidden": make(Stage.PUBLISHED, "Printers shared between floors"),
        "unrelated": make(Stage.PUBLISHED, "Healthier food in the vending machines", "Fruit instead of sweets."),
    }


@pytest.fixture
def hide(community_manager):
    from moderation.content import content_hide

    def run(idea):
        content_hide(target=idea, by=community_manager, reason="Personal data in the description.")
    return run


def _ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_suggestions_show_only_ideas_every_employee_may_find(client_for, colleague, printer_ideas, hide):
    hide(printer_ideas["hidden"])
    response = client_for(colleague).get(reverse("ideas:similar"), {"title": "Sharing printers across floors"})
    assert response.status_code == 200
    found = _ids(response)
    assert set(found) == {printer_ideas["published"].pk, printer_ideas["potential"].pk}
    row = response.json()["results"][0]
    assert set(row) >= {"title", "url", "stage", "stage_label", "supports", "supports_label"}
    assert "author" not in row  # an idea may be posted without its author's name


def test_the_author_is_not_shown_their_own_drafts_or_waiting_ideas_either(client_for, author, printer_ideas):
    found = _ids(client_for(author).get(reverse("ideas:similar"), {"title": PRINTERS}))
    assert printer_ideas["draft"].pk not in found and printer_ideas["submitted"].pk not in found


def test_the_idea_being_edited_is_not_suggested_to_itself(client_for, author, printer_ideas):
    published = printer_ideas["published"]
    found = _ids(client_for(author).get(reverse("ideas:similar"), {"title": PRINTERS, "exclude": published.pk}))
    assert published.pk not in found and printer_ideas["potential"].pk in found


def test_a_title_of_common_words_suggests_nothing(client_for, colleague, printer_ideas):
    assert _ids(client_for(colleague).get(reverse("ideas:similar"), {"title": "the and of"})) == []


def test_suggestions_need_a_signed_in_colleague(client):
    response = client.get(reverse("ideas:similar"), {"title": PRINTERS})
    assert response.status_code == 302 and "login" in response["Location"]


def test_suggestions_are_rate_limited_per_person(client_for, colleague, printer_ideas, settings):
    settings.SIMILAR_RATE_PER_MINUTE = 3
    client = client_for(colleague)
    statuses = [client.get(reverse("ideas:similar"), {"title": PRINTERS}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_suggestions_ask_the_same_questions_whatever_the_number_of_ideas(client_for, colleague, author, theme,
                                                                          community_manager, django_assert_num_queries):
    client = client_for(colleague)
    for n in range(8):
        IdeaFactory(author=author, theme=theme, title=f"Share the printers of building {n}", stage=Stage.PUBLISHED,
                    moderator=community_manager)
    client.get(reverse("ideas:similar"), {"title": PRINTERS})  # session warmed
    # Session, user, the rate counter is in the cache; whether the lexicon and the public ideas
    # changed (their terms are then in memory), then the five ideas with their theme.
    with django_assert_num_queries(5):
        assert len(_ids(client.get(reverse("ideas:similar"), {"title": PRINTERS}))) == 5


# --- The idea form and the moderation queue -------------------------------------------------

def test_the_idea_form_has_the_suggestion_box_and_still_posts_without_it(client_for, colleague, printer_ideas, theme):
    client = client_for(colleague)
    page = client.get(reverse("ideas:create")).content.decode()
    assert 'data-similar-url="/ideas/similar/"' in page and 'aria-live="polite"' in page and "js/similar.js" in page
    response = client.post(reverse("ideas:create"), {"title": PRINTERS, "body": "Fewer devices.", "theme": theme.pk,
                                                      "save": "1"})
    assert response.status_code == 302
    assert Idea.objects.filter(author=colleague, title=PRINTERS, stage=Stage.DRAFT).exists()


def test_editing_an_idea_excludes_it_from_its_own_suggestions(client_for, author, theme):
    draft = IdeaFactory(author=author, theme=theme, title=PRINTERS)
    page = client_for(author).get(reverse("ideas:update", args=[draft.pk])).content.decode()
    assert f'data-exclude="{draft.pk}"' in page


def test_correspondents_find_suggestions_next_to_each_submitted_idea_and_how_to_merge_it(client_for, community_manager,
                                                                                         printer_ideas):
    submitted = printer_ideas["submitted"]
    response = client_for(community_manager).get(reverse("moderation:queue"))
    card = next(idea for idea in response.context["ideas"] if idea.pk == submitted.pk)
    assert {found["id"] for found in card.similar_list} >= {printer_ideas["published"].pk,
                                                            printer_ideas["potential"].pk}
    assert printer_ideas["unrelated"].pk not in {found["id"] for found in card.similar_list}
    # A submitted idea is merged once approved: the queue says so rather than link to a refusal.
    html = response.content.decode()
    assert "A duplicate is merged once approved" in html
    assert reverse("moderation:merge", args=[submitted.pk]) not in html


def test_the_queue_finds_an_idea_s_similar_ideas_again_once_its_text_changed(client_for, community_manager,
                                                                            printer_ideas, hide):
    from ideas.models import Idea

    submitted = printer_ideas["submitted"]
    client = client_for(community_manager)
    client.get(reverse("moderation:queue"))
    Idea.objects.filter(pk=submitted.pk).update(title="Healthier food in the vending machines",
                                                body="Fruit instead of sweets.")
    hide(printer_ideas["published"])
    card = next(idea for idea in client.get(reverse("moderation:queue")).context["ideas"] if idea.pk == submitted.pk)
    assert [found["id"] for found in card.similar_list] == [printer_ideas["unrelated"].pk]


def test_unit_words_fold_accents_and_drop_stop_words():
    assert words("Réduire les coûts d'impression à l'étage") == ["reduire", "couts", "impression", "etage"]
    assert stem("imprimantes") == stem("imprimante") and stem("printers") == stem("printer")


def test_hostile_text_gets_an_answer_not_an_error(client_for, colleague, printer_ideas):
    client = client_for(colleague)
    for params in ({"title": "Share\x00 printers", "body": "\x00"}, {"title": PRINTERS, "exclude": "²"}):
        assert client.get(reverse("ideas:similar"), params).status_code == 200
    # The API answers a NUL with suggestions, and an `exclude` that is not an idea's id with
    # the documented 400 naming the parameter
    assert client.get("/api/v1/ideas/similar/", {"title": "Share\x00 printers", "body": "\x00"}).status_code == 200
    refused = client.get("/api/v1/ideas/similar/", {"title": PRINTERS, "exclude": "²"})
    assert refused.status_code == 400 and "exclude" in refused.json()["fields"]
