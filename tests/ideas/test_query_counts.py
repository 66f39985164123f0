"""Pages ask the database a fixed number of questions, whatever the number of rows:
each page is measured with 5 and with 50 rows (ideas, comments...) and must ask the
same, exact, number of queries both times. A changed count is explained in the commit."""

import itertools

import pytest
from django.urls import reverse

from ideas.meaning import current_lexicon
from ideas.models import Comment, Stage
from ideas.services import comment_delete, comment_post, vote_cast
from tests.factories import EntityFactory, IdeaFactory, UserFactory, image_upload
from tests.support import HTMX, assert_flat_query_count

# Every page asks for the session, the user, and (for the navigation) the viewer's
# correspondent scopes and roles: 4 queries before its own.
# List: + count, the version of the filter form's choices (its menus come from the cache:
# ideas.fragments), the ideas (each card from the cache, keyed by the row's own values).
LIST_QUERIES = 7
# On an empty cache: + theme, business-unit and challenge choices of the filter form.
LIST_QUERIES_COLD = 10
# Detail: + the idea (theme, author, units, viewer's support), the commenters' names (the
# thread, text and pictures come from the cache, keyed by the idea's content version),
# history (with actors), co-authors, ideas merged into it.
DETAIL_QUERIES = 9
# On an empty cache: + the pictures, the comments (threads and replies in one query).
DETAIL_QUERIES_COLD = 11
# My ideas: + the ideas with their theme and last decision reason.
MINE_QUERIES = 5
# Profile: + the person, their published ideas; their standing (1 query, 2 with points) and badges held (1).
PROFILE_QUERIES = 8


@pytest.fixture
def writers(division):
    """A few authors in several business units, so that every row has its own relations."""
    units = [EntityFactory(parent=division) for _ in range(3)]
    return [UserFactory(entity=units[i % 3]) for i in range(6)]


def test_the_idea_list_asks_the_same_questions_for_5_and_50_ideas(client_for, colleague, community_manager, writers, theme, other_theme, settings):
    settings.IDEAS_PER_PAGE = 100  # every idea on the page
    themes = itertools.cycle([theme, other_theme])
    authors = itertools.cycle(writers)
    ideas = []

    def build(size):
        while len(ideas) < size:
            idea = IdeaFactory(author=next(authors), theme=next(themes), stage=Stage.PUBLISHED, moderator=community_manager)
            if len(ideas) % 2:
                vote_cast(idea=idea, by=colleague)
            ideas.append(idea)

    client = client_for(colleague)
    assert_flat_query_count(build, lambda: client.get(reverse("ideas:list")), expected=LIST_QUERIES, cold=LIST_QUERIES_COLD)
    response = client.get(reverse("ideas:list"))
    assert len(response.context["ideas"]) == 50


def test_a_filtered_sorted_search_asks_as_many_questions(client_for, colleague, correspondent, writers, theme, division, settings):
    settings.IDEAS_PER_PAGE = 100
    authors = itertools.cycle(writers)
    ideas = []

    def build(size):
        while len(ideas) < size:
            ideas.append(IdeaFactory(author=next(authors), theme=theme, stage=Stage.PUBLISHED, moderator=correspondent,
                                     title=f"Printers and paper, idea {len(ideas)}"))

    client = client_for(colleague)
    params = {"q": "printers", "theme": theme.pk, "entity": division.pk, "sort": "trending"}
    current_lexicon()  # read once per process, whichever test runs first
    # The entity filter and the theme filter each load their object once; the search by
    # meaning asks whether the lexicon and the public ideas changed, and when they did (ideas
    # were added: the first read) the public ideas' ids and the new ones' terms.
    assert_flat_query_count(build, lambda: client.get(reverse("ideas:list"), params), expected=LIST_QUERIES + 2 + 2,
                            cold=LIST_QUERIES_COLD + 2 + 4)


def test_the_idea_page_asks_the_same_questions_for_5_and_50_comments(client_for, author, colleague, correspondent, writers):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent,
                       images=[image_upload(f"p{i}.png") for i in range(3)])
    commenters = itertools.cycle(writers)
    comments = []

    def build(size):
        # Half top comments, half replies; every fifth one deleted; supports from the same writers.
        while len(comments) < size:
            user = next(commenters)
            parent = comments[-1] if len(comments) % 2 else None
            comment = comment_post(idea=idea, by=user, body=f"Comment **{len(comments)}**", parent=parent)
            if len(comments) % 5 == 4:
                comment_delete(comment=comment, by=user)
            vote_cast(idea=idea, by=user)
            comments.append(comment)
        # The viewer's own comment, which they may still edit and delete
        if not Comment.objects.filter(idea=idea, author=colleague).exists():
            comment_post(idea=idea, by=colleague, body="Mine")

    client = client_for(colleague)
    assert_flat_query_count(build, lambda: client.get(idea.get_absolute_url()), expected=DETAIL_QUERIES,
                            cold=DETAIL_QUERIES_COLD)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert html.count('class="comment') >= 50


def test_the_idea_page_of_a_moderator_asks_as_many_questions(client_for, author, correspondent, django_assert_num_queries):
    """A submitted idea seen by its correspondent: decision form, no supports, no comments
    (so no commenters' names to fetch), but the business units of the correspondent's scope."""
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED, images=[image_upload()])
    client = client_for(correspondent)

    with django_assert_num_queries(DETAIL_QUERIES_COLD):
        client.get(idea.get_absolute_url())
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(idea.get_absolute_url())
    assert reverse("moderation:decide", args=[idea.pk, "approve"]) in response.content.decode()


def test_commenting_with_htmx_asks_the_same_questions_for_5_and_50_comments(client_for, author, colleague, correspondent, writers):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    commenters = itertools.cycle(writers)
    comments = []

    def build(size):
        while len(comments) < size:
            parent = comments[-1] if len(comments) % 2 else None
            comments.append(comment_post(idea=idea, by=next(commenters), body="Agreed.", parent=parent))

    client = client_for(colleague)
    url = reverse("ideas:comment", args=[idea.pk])
    # The idea, the comment written (savepoint, insert, counter, follow, its event in the
    # outbox, release), then the
    # refreshed thread (the detail queryset: pictures, history, co-authors and merged ideas
    # are fetched though the partial shows none of them), and the viewer's roles (hide links;
    # their correspondent scopes matter only for hidden comments, and none is hidden here).
    assert_flat_query_count(build, lambda: client.post(url, {"body": "One more"}, headers=HTMX), expected=17)


def test_supporting_with_htmx_asks_a_fixed_number_of_questions(client_for, author, colleague, correspondent, writers, django_assert_num_queries):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    for user in writers:
        vote_cast(idea=idea, by=user)
    client = client_for(colleague)

    # The session, the user, the idea, then the support (update, insert, count, follow, its
    # event in the outbox, in a savepoint).
    with django_assert_num_queries(10):
        response = client.post(reverse("ideas:support", args=[idea.pk]), {"action": "support"}, headers=HTMX)
    assert "data-support-count>7</strong>" in response.content.decode()


def test_my_ideas_asks_the_same_questions_for_5_and_50_ideas(client_for, author, community_manager, theme, other_theme):
    stages = itertools.cycle([Stage.DRAFT, Stage.SUBMITTED, Stage.CHANGES_REQUESTED, Stage.PUBLISHED, Stage.REJECTED])
    themes = itertools.cycle([theme, other_theme])
    ideas = []

    def build(size):
        while len(ideas) < size:
            ideas.append(IdeaFactory(author=author, theme=next(themes), stage=next(stages), moderator=community_manager))

    client = client_for(author)
    assert_flat_query_count(build, lambda: client.get(reverse("ideas:mine")), expected=MINE_QUERIES)


def test_a_profile_asks_the_same_questions_for_5_and_50_ideas(client_for, author, colleague, community_manager, theme, other_theme):
    themes = itertools.cycle([theme, other_theme])
    ideas = []

    def build(size):
        while len(ideas) < size:
            ideas.append(IdeaFactory(author=author, theme=next(themes), stage=Stage.PUBLISHED, moderator=community_manager))

    client = client_for(colleague)
    url = reverse("accounts:profile", args=[author.pk])
    assert_flat_query_count(build, lambda: client.get(url), expected=PROFILE_QUERIES)
