"""The caller's notifications through the API: listed newest first, counted in `me`,
marked read one by one or all at once, never someone else's."""

import pytest

from ideas.models import Stage
from moderation.services import idea_approve
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_notification(author, correspondent, theme, django_capture_on_commit_callbacks):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        idea_approve(idea=idea, by=correspondent, reason="Well argued.")
    return idea


def test_a_decision_reaches_the_author_through_the_api(api_for, author, approved_notification):
    client = api_for(author)
    rows = client.get("/api/v1/notifications/").json()["results"]
    assert client.get("/api/v1/me/").json()["unread_notifications"] == len(rows) >= 1
    [row] = [row for row in rows if row["kind"] == "idea_approved"]
    assert row["unread"] is True
    assert approved_notification.title in row["text"]
    assert row["detail"] == "Well argued."
    assert row["idea"] == approved_notification.pk
    assert row["url"].endswith(f"/ideas/{approved_notification.pk}/")

    others = len(rows) - 1
    assert client.post(f"/api/v1/notifications/{row['id']}/read/").json() == {"unread": others}
    assert client.post(f"/api/v1/notifications/{row['id']}/read/").json() == {"unread": others}
    unread = client.get("/api/v1/notifications/", {"unread": "true"}).json()["results"]
    assert row["id"] not in [r["id"] for r in unread] and len(unread) == others
    assert client.get("/api/v1/me/").json()["unread_notifications"] == others


def test_read_all(api_for, author, approved_notification):
    client = api_for(author)
    assert client.post("/api/v1/notifications/read-all/").json() == {"unread": 0}
    assert all(row["unread"] is False for row in client.get("/api/v1/notifications/").json()["results"])
    assert client.get("/api/v1/me/").json()["unread_notifications"] == 0


def test_nobody_reads_or_marks_someone_elses_notifications(api_for, author, colleague, approved_notification):
    client = api_for(colleague)
    assert client.get("/api/v1/notifications/").json()["results"] == []
    rows = api_for(author).get("/api/v1/notifications/").json()["results"]
    assert client.post(f"/api/v1/notifications/{rows[0]['id']}/read/").status_code == 404
    assert api_for(author).get("/api/v1/me/").json()["unread_notifications"] == len(rows)
