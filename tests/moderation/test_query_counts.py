"""The validation queue asks a fixed number of questions, whatever the number of ideas."""

import itertools

import pytest
from django.urls import reverse

from ideas.models import Stage
from tests.factories import EntityFactory, IdeaFactory, UserFactory
from tests.support import assert_flat_query_count

# Session, user, the viewer's correspondent scopes (with their business units) and roles,
# the count, the waiting times (service level: count and oldest, then the median), the
# theme and business-unit choices of the filters, the canned reasons, the ideas (theme,
# author, units, and the similar ideas kept for each), the similar ideas themselves.
QUEUE_QUERIES = 13


def submitted(django_capture_on_commit_callbacks, **kwargs):
    """An idea submitted as its author does, its events run (its similar ideas found)."""
    with django_capture_on_commit_callbacks(execute=True):
        return IdeaFactory(stage=Stage.SUBMITTED, **kwargs)


@pytest.fixture
def published_printers(community_manager):
    return [IdeaFactory(title=title, stage=Stage.PUBLISHED, moderator=community_manager) for title in (
        "Share the printers between floors", "Fewer printers, shared by each floor")]


def test_the_queue_asks_the_same_questions_for_5_and_50_ideas(client_for, division_correspondent, division,
                                                              published_printers, django_capture_on_commit_callbacks):
    units = [EntityFactory(parent=division) for _ in range(3)]
    authors = itertools.cycle([UserFactory(entity=units[i % 3]) for i in range(6)])
    ideas = []

    def build(size):
        while len(ideas) < size:
            ideas.append(submitted(django_capture_on_commit_callbacks, author=next(authors)))

    client = client_for(division_correspondent)
    # 50 ideas fill two pages of 25: the first page shows 25 rows, five times more than 5.
    assert_flat_query_count(build, lambda: client.get(reverse("moderation:queue")), expected=QUEUE_QUERIES)
    assert len(client.get(reverse("moderation:queue")).context["ideas"]) == 25


def test_the_queue_of_a_community_manager_asks_as_many_questions(client_for, community_manager, department,
                                                                  published_printers,
                                                                  django_capture_on_commit_callbacks):
    authors = itertools.cycle([UserFactory(entity=department) for _ in range(4)])
    ideas = []

    def build(size):
        while len(ideas) < size:
            ideas.append(submitted(django_capture_on_commit_callbacks, author=next(authors)))

    client = client_for(community_manager)
    # No business units to fetch for a community manager without correspondent scope.
    assert_flat_query_count(build, lambda: client.get(reverse("moderation:queue")), expected=QUEUE_QUERIES - 1)


def test_similar_ideas_are_found_once_per_idea_then_read_from_what_was_kept(
    client_for, community_manager, department, published_printers, django_assert_num_queries,
):
    from moderation.models import SimilarIdeas

    # Submitted while no event ran (an idea from before the lists were kept): the queue
    # finds the lists on its first reading, and only then.
    waiting = [IdeaFactory(author=UserFactory(entity=department), stage=Stage.SUBMITTED) for _ in range(3)]
    client = client_for(community_manager)
    client.get(reverse("moderation:queue"))
    assert SimilarIdeas.objects.filter(idea__in=waiting).count() == 3

    with django_assert_num_queries(QUEUE_QUERIES - 1):
        page = client.get(reverse("moderation:queue"))
    shown = {idea.pk: [found["id"] for found in idea.similar_list] for idea in page.context["ideas"]}
    assert all(set(found) == {p.pk for p in published_printers} for found in shown.values())
    # Submitted ideas cannot be merged yet: the queue says how, rather than link to a refusal.
    html = page.content.decode()
    assert "A duplicate is merged once approved" in html
    assert not any(reverse("moderation:merge", args=[idea.pk]) in html for idea in waiting)
