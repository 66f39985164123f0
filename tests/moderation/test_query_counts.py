"""The validation queue asks a fixed number of questions, whatever the number of ideas."""

import itertools

from django.urls import reverse

from ideas.models import Stage
from tests.factories import EntityFactory, IdeaFactory, UserFactory
from tests.support import assert_flat_query_count

# Session, user, the viewer's correspondent scopes (with their business units) and roles,
# the count, the waiting times (service level: count and oldest, then the median), the
# theme and business-unit choices of the filters, the canned reasons, the ideas (theme,
# author, units).
QUEUE_QUERIES = 12


def test_the_queue_asks_the_same_questions_for_5_and_50_ideas(client_for, division_correspondent, division):
    units = [EntityFactory(parent=division) for _ in range(3)]
    authors = itertools.cycle([UserFactory(entity=units[i % 3]) for i in range(6)])
    ideas = []

    def build(size):
        while len(ideas) < size:
            ideas.append(IdeaFactory(author=next(authors), stage=Stage.SUBMITTED))

    client = client_for(division_correspondent)
    # 50 ideas fill two pages of 25: the first page shows 25 rows, five times more than 5.
    assert_flat_query_count(build, lambda: client.get(reverse("moderation:queue")), expected=QUEUE_QUERIES)
    assert len(client.get(reverse("moderation:queue")).context["ideas"]) == 25


def test_the_queue_of_a_community_manager_asks_as_many_questions(client_for, community_manager, department):
    authors = itertools.cycle([UserFactory(entity=department) for _ in range(4)])
    ideas = []

    def build(size):
        while len(ideas) < size:
            ideas.append(IdeaFactory(author=next(authors), stage=Stage.SUBMITTED))

    client = client_for(community_manager)
    # No business units to fetch for a community manager without correspondent scope.
    assert_flat_query_count(build, lambda: client.get(reverse("moderation:queue")), expected=QUEUE_QUERIES - 1)
