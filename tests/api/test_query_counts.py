"""API lists ask the database the same number of questions whatever the number of rows."""

import pytest

from ideas.models import Stage
from ideas.services import comment_post, vote_cast
from tests.factories import IdeaFactory, UserFactory
from tests.support import assert_flat_query_count

pytestmark = pytest.mark.django_db


def grow(make):
    made = []

    def build(n):
        while len(made) < n:
            made.append(make(len(made)))

    return build


# Token lookup (with its owner) + the page's own query; the token's last use is written
# once a minute, so not on these requests.
AUTH = 1


def warm(client, url):
    assert client.get(url).status_code == 200


def test_the_idea_list(api_for, colleague, theme, department):
    client = api_for(colleague)
    authors = [UserFactory(entity=department) for _ in range(3)]

    def make(i):
        idea = IdeaFactory(author=authors[i % 3], theme=theme, stage=Stage.PUBLISHED)
        if i % 2:
            vote_cast(idea=idea, by=colleague)
        return idea

    url = "/api/v1/ideas/?page_size=100"
    warm(client, url)
    assert_flat_query_count(grow(make), lambda: client.get(url), expected=AUTH + 1)


def test_the_idea_list_filtered_and_searched(api_for, colleague, theme, department):
    client = api_for(colleague)
    url = f"/api/v1/ideas/?page_size=100&theme={theme.slug}&entity=stores&q=printers&sort=trending"
    warm(client, url)
    # + the theme and the business unit named in the filters; + the search by meaning:
    # whether the lexicon and the public ideas changed, then the ids and the new ideas' terms
    assert_flat_query_count(
        grow(lambda i: IdeaFactory(author=UserFactory(entity=department), theme=theme, stage=Stage.PUBLISHED)),
        lambda: client.get(url), expected=AUTH + 3 + 4,
    )


def test_my_ideas(api_for, author, theme):
    client = api_for(author)
    url = "/api/v1/ideas/?mine=1&page_size=100"
    warm(client, url)
    stages = [Stage.DRAFT, Stage.SUBMITTED, Stage.PUBLISHED]
    assert_flat_query_count(
        grow(lambda i: IdeaFactory(author=author, theme=theme, stage=stages[i % 3])),
        lambda: client.get(url), expected=AUTH + 1,
    )


def test_the_comment_threads(api_for, author, colleague, theme, department):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    client = api_for(colleague)
    people = [UserFactory(entity=department) for _ in range(3)]

    def make(i):
        thread = comment_post(idea=idea, by=people[i % 3], body=f"Comment {i}")
        comment_post(idea=idea, by=people[(i + 1) % 3], body=f"Reply {i}", parent=thread)
        return thread

    url = f"/api/v1/ideas/{idea.pk}/comments/?page_size=100"
    warm(client, url)
    # + the idea, the threads, their replies
    assert_flat_query_count(grow(make), lambda: client.get(url), expected=AUTH + 3)


def test_the_idea_detail_with_its_history(api_for, author, colleague, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.DEPLOYED)
    client = api_for(colleague)
    url = f"/api/v1/ideas/{idea.pk}/"
    warm(client, url)
    from tests.support import queries_of

    count, statements = queries_of(lambda: client.get(url))
    # + the idea, then the detail selector's prefetches: threads, pictures, history, co-authors,
    # merged ideas (the history's people come with it, whatever its length)
    assert count == AUTH + 6, "\n".join(statements)


def test_the_moderation_queue(api_for, correspondent, theme, department):
    client = api_for(correspondent)
    url = "/api/v1/moderation/queue/?page_size=100"
    warm(client, url)
    # + correspondent scopes (assignments and their units), roles, the page
    assert_flat_query_count(
        grow(lambda i: IdeaFactory(author=UserFactory(entity=department), theme=theme, stage=Stage.SUBMITTED)),
        lambda: client.get(url), expected=AUTH + 4,
    )


def test_my_notifications(api_for, author, correspondent, theme, django_capture_on_commit_callbacks):
    from moderation.services import idea_approve

    client = api_for(author)
    url = "/api/v1/notifications/?page_size=100"
    warm(client, url)

    def make(i):
        idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
        with django_capture_on_commit_callbacks(execute=True):
            idea_approve(idea=idea, by=correspondent)
        return idea

    assert_flat_query_count(grow(make), lambda: client.get(url), expected=AUTH + 1)
