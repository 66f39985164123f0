"""The report asks the same number of queries whatever the size of the data."""

import pytest
from django.urls import reverse

from ideas.services import comment_post, vote_cast
from tests.factories import IdeaFactory, Stage, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("reports:report")
# Session, user, roles, filter form (units, themes, challenges), then the figures: the
# same at both sizes, held exactly.
PAGE_QUERIES = 32
EXPORT_QUERIES = 26


def grow(*, department, theme, executive, community_manager, ideas: int):
    people = [UserFactory(entity=department) for _ in range(5)]
    for n in range(ideas):
        idea = IdeaFactory(author=people[n % 5], theme=theme, stage=[Stage.PUBLISHED, Stage.PROJECT][n % 2],
                           executive=executive, moderator=community_manager)
        for person in people:
            if person != idea.author:
                vote_cast(idea=idea, by=person)
        comment_post(idea=idea, by=people[(n + 1) % 5], body="Let us try it.")


@pytest.mark.parametrize("more_ideas", [0, 12])
def test_the_report_page_asks_a_bounded_number_of_queries(client_for, executive, community_manager, programme,
                                                         department, theme, django_assert_num_queries,
                                                         more_ideas):
    grow(department=department, theme=theme, executive=executive, community_manager=community_manager,
         ideas=more_ideas)
    client = client_for(executive)

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL, {"period": "year", "entity": department.pk, "theme": theme.pk})
    assert response.status_code == 200


@pytest.mark.parametrize("more_ideas", [0, 12])
def test_the_workbook_export_asks_a_bounded_number_of_queries(client_for, executive, community_manager, programme,
                                                             department, theme, django_assert_num_queries,
                                                             more_ideas):
    grow(department=department, theme=theme, executive=executive, community_manager=community_manager,
         ideas=more_ideas)
    client = client_for(executive)

    with django_assert_num_queries(EXPORT_QUERIES):
        assert client.get(reverse("reports:export", args=["all", "xlsx"])).status_code == 200
