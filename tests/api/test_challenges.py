"""The challenges API: list (open first) and detail for every employee, the ideas filter,
answering through the ideas endpoint, and the sponsor's shortlist and winners."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.models import Challenge, Stage
from ideas.services import challenge_create, vote_cast
from tests.factories import IdeaFactory
from tests.support import assert_flat_query_count

pytestmark = pytest.mark.django_db


def _challenge(by, theme, opens_days, closes_days, title="Fewer printed pages"):
    now = timezone.now()
    return challenge_create(by=by, title=title, question="How could we print half as much?", themes=[theme],
                            opens_at=now + timedelta(days=opens_days), closes_at=now + timedelta(days=closes_days))


def _close(challenge):
    now = timezone.now()
    Challenge.objects.filter(pk=challenge.pk).update(opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))


@pytest.fixture
def challenge(executive, theme):
    return _challenge(executive, theme, -1, 6)


@pytest.fixture
def answers(challenge, author, colleague, community_manager, theme):
    return [IdeaFactory(author=person, theme=theme, challenge=challenge, stage=Stage.PUBLISHED, moderator=community_manager)
            for person in (author, colleague)]


def test_the_list_puts_open_challenges_first_and_filters_by_status(api_for, challenge, executive, theme, colleague):
    closed = _challenge(executive, theme, -1, 1, title="Past challenge")
    _close(closed)
    upcoming = _challenge(executive, theme, 2, 8, title="Later challenge")
    client = api_for(colleague)
    rows = client.get("/api/v1/challenges/").json()["results"]
    assert [(row["id"], row["status"]) for row in rows] == [(challenge.pk, "open"), (upcoming.pk, "upcoming"), (closed.pk, "closed")]
    assert [row["id"] for row in client.get("/api/v1/challenges/?status=closed").json()["results"]] == [closed.pk]


def test_the_detail_has_leaders_and_what_the_viewer_may_do(api_for, challenge, answers, colleague, executive):
    vote_cast(idea=answers[0], by=colleague)
    data = api_for(colleague).get(f"/api/v1/challenges/{challenge.pk}/").json()
    assert data["question"] == "How could we print half as much?" and data["status"] == "open"
    assert [idea["id"] for idea in data["top_ideas"]] == [answers[0].pk]
    assert data["viewer_can"] == {"answer": True, "edit": False, "evaluate": False}
    assert api_for(executive).get(f"/api/v1/challenges/{challenge.pk}/").json()["viewer_can"]["edit"] is True


def test_the_ideas_endpoint_filters_by_challenge(api_for, challenge, answers, colleague, community_manager, theme):
    IdeaFactory(author=colleague, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
    ids = [row["id"] for row in api_for(colleague).get(f"/api/v1/ideas/?challenge={challenge.pk}").json()["results"]]
    assert sorted(ids) == sorted(idea.pk for idea in answers)


def test_answering_a_closed_challenge_through_the_api_is_refused(api_for, challenge, colleague, theme):
    client = api_for(colleague)
    payload = {"title": "Print double-sided by default", "body": "Duplex.", "theme": theme.slug, "challenge": challenge.pk}
    created = client.post("/api/v1/ideas/", payload, format="json")
    assert created.status_code == 201 and created.json()["challenge"] == challenge.pk
    _close(challenge)
    refused = client.post("/api/v1/ideas/", payload, format="json")
    assert refused.status_code == 400 and "is closed" in str(refused.json())


def test_only_the_sponsor_judges_after_closing(api_for, challenge, answers, executive, community_manager):
    sponsor = api_for(executive)
    assert sponsor.post(f"/api/v1/challenges/{challenge.pk}/shortlist/", {"ideas": [answers[0].pk]}, format="json").status_code == 403
    _close(challenge)
    assert api_for(community_manager).post(f"/api/v1/challenges/{challenge.pk}/shortlist/", {"ideas": [answers[0].pk]},
                                           format="json").status_code == 403
    shortlisted = sponsor.post(f"/api/v1/challenges/{challenge.pk}/shortlist/", {"ideas": [a.pk for a in answers]}, format="json")
    assert shortlisted.status_code == 200 and len(shortlisted.json()["shortlist"]) == 2
    won = sponsor.post(f"/api/v1/challenges/{challenge.pk}/winners/", {"ideas": [answers[1].pk], "note": "Well done."},
                       format="json")
    assert won.status_code == 200
    data = won.json()
    assert data["status"] == "evaluated" and [w["id"] for w in data["winners"]] == [answers[1].pk]
    assert data["results_note_html"] == "<p>Well done.</p>"
    again = sponsor.post(f"/api/v1/challenges/{challenge.pk}/winners/", {"ideas": [answers[0].pk], "note": "Again."}, format="json")
    assert again.status_code in (403, 409)


def test_the_challenge_list_asks_a_fixed_number_of_questions(api_for, executive, colleague, theme, other_theme):
    client = api_for(colleague)
    made = []

    def build(n):
        while len(made) < n:
            made.append(_challenge(executive, theme if len(made) % 2 else other_theme, -1, 3 + len(made),
                                   title=f"Challenge number {len(made)}"))

    url = "/api/v1/challenges/?page_size=100"
    client.get(url)
    # Token, challenges (with sponsor, status and answer count), their themes, their units.
    assert_flat_query_count(build, lambda: client.get(url), expected=4)
    # Keyset pages over the status order: each page follows the previous one, none lost.
    ids, url = [], "/api/v1/challenges/?page_size=20"
    while url:
        page = client.get(url).json()
        ids += [row["id"] for row in page["results"]]
        url = page["next"]
    assert ids == [row["id"] for row in client.get("/api/v1/challenges/?page_size=100").json()["results"]]
    assert len(set(ids)) == 50
