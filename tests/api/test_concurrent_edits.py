"""Two editors send the same If-Match at the same instant: exactly one edit wins, the
other gets 412 and nothing is overwritten. Real threads and transactions (file SQLite
with WAL, or PostgreSQL when DATABASE_URL says so)."""

import pytest
from rest_framework.test import APIClient

from accounts.tokens import api_token_create
from ideas.models import Idea
from tests.factories import IdeaFactory, UserFactory
from tests.ideas.test_votes_concurrency import run_together

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_of_two_simultaneous_edits_of_one_version_exactly_one_wins():
    author = UserFactory()
    idea = IdeaFactory(author=author)
    _token, raw = api_token_create(by=author, name="editors")
    url = f"/api/v1/ideas/{idea.pk}/"
    etag = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}").get(url)["ETag"]

    def edit(title):
        def job():
            client = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
            return client.patch(url, {"title": title}, format="json", HTTP_IF_MATCH=etag).status_code
        return job

    titles = [f"Edited by editor number {i}" for i in range(4)]
    errors, statuses = run_together([edit(title) for title in titles])
    assert not errors
    assert sorted(statuses) == [200, 412, 412, 412]
    winner = titles[statuses.index(200)]
    assert Idea.objects.get(pk=idea.pk).title == winner
