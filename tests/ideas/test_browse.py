"""Browsing published ideas: sorting, filters, search and pages."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Stage, Vote
from ideas.services import comment_post, vote_cast
from tests.factories import IdeaFactory, UserFactory

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def listed(client, **params):
    response = client.get(reverse("ideas:list"), params)
    assert response.status_code == 200
    return [idea.pk for idea in response.context["ideas"]]


@pytest.fixture
def browser(client_for, colleague):
    return client_for(colleague)


@pytest.fixture
def crowd(department):
    return [UserFactory(entity=department) for _ in range(6)]


@pytest.fixture
def three_ideas(author, correspondent):
    """Published in this order: old, middle, recent."""
    ideas = [IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent, title=f"{name} idea for the office")
             for name in ("Old", "Middle", "Recent")]
    now = timezone.now()
    for days, idea in zip((30, 20, 1), ideas):
        Idea.objects.filter(pk=idea.pk).update(published_at=now - timedelta(days=days))
    return ideas


def test_the_newest_published_ideas_come_first(browser, three_ideas):
    old, middle, recent = three_ideas

    assert listed(browser) == [recent.pk, middle.pk, old.pk]
    assert listed(browser, sort="newest") == [recent.pk, middle.pk, old.pk]


def test_the_most_supported_ideas_come_first_when_asked(browser, three_ideas, crowd):
    old, middle, recent = three_ideas
    for user in crowd[:3]:
        vote_cast(idea=old, by=user)
    vote_cast(idea=middle, by=crowd[0])

    assert listed(browser, sort="supported") == [old.pk, middle.pk, recent.pk]


def test_the_most_discussed_ideas_come_first_when_asked(browser, three_ideas, crowd):
    old, middle, recent = three_ideas
    for user in crowd[:2]:
        comment_post(idea=middle, by=user, body="Let us talk about it.")
    comment_post(idea=old, by=crowd[0], body="Me too.")

    assert listed(browser, sort="discussed") == [middle.pk, old.pk, recent.pk]


def test_trending_counts_only_the_supports_of_the_last_seven_days(browser, three_ideas, crowd):
    old, middle, recent = three_ideas
    # Given the old idea has five supports, all from last month
    for user in crowd[:5]:
        vote_cast(idea=old, by=user)
    Vote.objects.filter(idea=old).update(created_at=timezone.now() - timedelta(days=10))
    # and the middle idea two supports from this week, one of them six days ago
    vote_cast(idea=middle, by=crowd[0])
    vote_cast(idea=middle, by=crowd[1])
    Vote.objects.filter(idea=middle, user=crowd[1]).update(created_at=timezone.now() - timedelta(days=6))
    # and the recent idea one support of this week, one of eight days ago
    vote_cast(idea=recent, by=crowd[2])
    vote_cast(idea=recent, by=crowd[3])
    Vote.objects.filter(idea=recent, user=crowd[3]).update(created_at=timezone.now() - timedelta(days=8))
    # once the hourly recount has let the supports older than the window go
    call_command("refresh_trending", stdout=StringIO())

    assert listed(browser, sort="trending") == [middle.pk, recent.pk, old.pk]
    assert listed(browser, sort="supported")[0] == old.pk


def test_filtering_by_theme(browser, author, theme, other_theme):
    in_theme = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    IdeaFactory(author=author, theme=other_theme, stage=Stage.PUBLISHED)

    assert listed(browser, theme=theme.pk) == [in_theme.pk]


def test_filtering_by_stage_among_public_stages(browser, author):
    published = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    potential = IdeaFactory(author=author, stage=Stage.POTENTIAL)

    assert listed(browser, stage=Stage.POTENTIAL) == [potential.pk]
    assert listed(browser, stage=Stage.PUBLISHED) == [published.pk]


def test_an_unpublished_stage_cannot_be_asked_for(browser, author):
    IdeaFactory(author=author, stage=Stage.SUBMITTED)
    published = IdeaFactory(author=author, stage=Stage.PUBLISHED)

    response = browser.get(reverse("ideas:list"), {"stage": Stage.SUBMITTED})

    assert "stage" in response.context["form"].errors
    assert [idea.pk for idea in response.context["ideas"]] == [published.pk]


def test_filtering_by_business_unit_includes_its_sub_units(browser, group, division, department, sibling_division):
    from_department = IdeaFactory(author=UserFactory(entity=department), stage=Stage.PUBLISHED)
    from_division = IdeaFactory(author=UserFactory(entity=division), stage=Stage.PUBLISHED)
    from_sibling = IdeaFactory(author=UserFactory(entity=sibling_division), stage=Stage.PUBLISHED)

    assert set(listed(browser, entity=division.pk)) == {from_department.pk, from_division.pk}
    assert listed(browser, entity=department.pk) == [from_department.pk]
    assert set(listed(browser, entity=group.pk)) == {from_department.pk, from_division.pk, from_sibling.pk}


def test_the_business_unit_is_the_one_the_author_had_when_posting(browser, author, department, sibling_division):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    author.entity = sibling_division
    author.save(update_fields=["entity"])

    assert listed(browser, entity=department.pk) == [idea.pk]
    assert listed(browser, entity=sibling_division.pk) == []


def test_filtering_by_author_names_them(browser, author, colleague):
    mine = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    IdeaFactory(author=colleague, stage=Stage.PUBLISHED)

    response = browser.get(reverse("ideas:list"), {"author": author.pk})

    assert [idea.pk for idea in response.context["ideas"]] == [mine.pk]
    assert "Ideas by Alice Author" in response.content.decode()


@pytest.fixture
def searchable(author):
    return {
        "printers": IdeaFactory(author=author, stage=Stage.PUBLISHED, title="Imprimantes partagées entre étages",
                                body="Moins de machines, moins de papier."),
        "savings": IdeaFactory(author=author, stage=Stage.PUBLISHED, title="Des économies sur l'énergie",
                               body="Éteindre les écrans le soir."),
        "canteen": IdeaFactory(author=author, stage=Stage.PUBLISHED, title="Une cantine plus locale",
                               body="Des produits de la région, moins de papier aussi."),
    }


def test_search_finds_words_in_the_title_or_the_description(browser, searchable):
    assert listed(browser, q="imprimantes") == [searchable["printers"].pk]
    assert listed(browser, q="écrans") == [searchable["savings"].pk]
    assert set(listed(browser, q="papier")) == {searchable["printers"].pk, searchable["canteen"].pk}


def test_search_needs_every_word(browser, searchable):
    assert listed(browser, q="papier cantine") == [searchable["canteen"].pk]
    assert listed(browser, q="papier télétravail") == []


def test_search_finds_a_singular_in_a_plural(browser, searchable):
    assert listed(browser, q="économie") == [searchable["savings"].pk]
    assert listed(browser, q="imprimante partagée") == [searchable["printers"].pk]


def test_search_never_shows_unpublished_ideas(browser, author):
    IdeaFactory(author=author, stage=Stage.SUBMITTED, title="Imprimantes secrètes à valider")

    assert listed(browser, q="imprimantes") == []


def test_search_combines_with_filters(browser, searchable, other_theme, author):
    elsewhere = IdeaFactory(author=author, stage=Stage.PUBLISHED, theme=other_theme, title="Imprimantes du siège")

    assert listed(browser, q="imprimantes", theme=other_theme.pk) == [elsewhere.pk]


@on_postgresql
def test_on_postgresql_search_follows_french_word_families(browser, searchable):
    assert listed(browser, q="économique") == [searchable["savings"].pk]
    assert listed(browser, q="imprimer") == [searchable["printers"].pk]


@on_postgresql
def test_on_postgresql_search_ignores_accents(browser, searchable):
    assert listed(browser, q="economies energie") == [searchable["savings"].pk]


@on_postgresql
def test_on_postgresql_the_best_match_comes_first(browser, author):
    in_body = IdeaFactory(author=author, stage=Stage.PUBLISHED, title="Une idée pour les bureaux",
                          body="Partager les imprimantes.")
    in_title = IdeaFactory(author=author, stage=Stage.PUBLISHED, title="Imprimantes partagées",
                           body="Partager les imprimantes entre étages.")

    assert listed(browser, q="imprimantes") == [in_title.pk, in_body.pk]


def test_ideas_come_twenty_to_a_page(browser, author, correspondent):
    ideas = [IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent) for _ in range(23)]
    newest_first = [idea.pk for idea in reversed(ideas)]

    first = browser.get(reverse("ideas:list"))
    second = browser.get(reverse("ideas:list"), {"page": 2})

    assert [i.pk for i in first.context["ideas"]] == newest_first[:20]
    assert [i.pk for i in second.context["ideas"]] == newest_first[20:]
    assert "23 ideas" in first.content.decode()
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert listed(browser, page=99) == newest_first[20:]  # past the end: the last page
    assert listed(browser, page="x") == newest_first[:20]


def test_page_links_keep_the_filters_and_the_sort(browser, author, theme, correspondent, settings):
    settings.IDEAS_PER_PAGE = 2
    for _ in range(3):
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent)

    html = browser.get(reverse("ideas:list"), {"theme": theme.pk, "sort": "supported"}).content.decode()

    assert f'href="?page=2&amp;sort=supported&amp;theme={theme.pk}" rel="next"' in html


def test_an_empty_list_invites_to_post(browser, db):
    response = browser.get(reverse("ideas:list"), {"q": "nothing matches this"})

    assert "No idea matches these criteria yet." in response.content.decode()


def test_a_stale_filter_value_drops_only_that_filter(browser, three_ideas):
    old, middle, recent = three_ideas

    assert listed(browser, q="Middle", theme="999999", stage="submitted") == [middle.pk]


def test_stage_filter_labels_are_capitalised_like_the_other_choices(browser):
    html = browser.get(reverse("ideas:list")).content.decode()

    assert '<option value="potential">Has potential</option>' in html
    assert '<option value="published">Published</option>' in html


def test_best_match_is_offered_only_with_a_search_term(browser, three_ideas):
    without = browser.get(reverse("ideas:list")).content.decode()
    searching = browser.get(reverse("ideas:list"), {"q": "office"}).content.decode()
    shared = browser.get(reverse("ideas:list"), {"sort": "relevance"})

    assert 'value="relevance"' not in without
    assert 'value="relevance"' in searching
    assert shared.status_code == 200 and len(shared.context["ideas"]) == 3  # an old address still answers
