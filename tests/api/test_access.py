"""Who may call what: anonymous callers get 401 everywhere, signed-in people 403 where
their role falls short, in the one error format."""

import pytest

from ideas.models import Stage
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(author, theme):
    return IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)


ENDPOINTS = [
    ("get", "/api/v1/me/"),
    ("get", "/api/v1/entities/"),
    ("get", "/api/v1/themes/"),
    ("get", "/api/v1/themes/cost-savings/"),
    ("get", "/api/v1/ideas/"),
    ("post", "/api/v1/ideas/"),
    ("get", "/api/v1/ideas/{id}/"),
    ("patch", "/api/v1/ideas/{id}/"),
    ("put", "/api/v1/ideas/{id}/"),
    ("delete", "/api/v1/ideas/{id}/"),
    ("post", "/api/v1/ideas/{id}/submit/"),
    ("put", "/api/v1/ideas/{id}/vote/"),
    ("delete", "/api/v1/ideas/{id}/vote/"),
    ("put", "/api/v1/ideas/{id}/follow/"),
    ("delete", "/api/v1/ideas/{id}/follow/"),
    ("get", "/api/v1/ideas/{id}/comments/"),
    ("post", "/api/v1/ideas/{id}/comments/"),
    ("get", "/api/v1/ideas/{id}/comments/1/"),
    ("patch", "/api/v1/ideas/{id}/comments/1/"),
    ("delete", "/api/v1/ideas/{id}/comments/1/"),
    ("post", "/api/v1/ideas/{id}/transition/"),
    ("get", "/api/v1/moderation/queue/"),
    ("post", "/api/v1/moderation/ideas/{id}/decision/"),
    ("get", "/api/v1/notifications/"),
    ("post", "/api/v1/notifications/read-all/"),
    ("post", "/api/v1/notifications/1/read/"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_anonymous_callers_get_401_everywhere(api_for, published, method, url):
    response = getattr(api_for(None), method)(url.format(id=published.pk), {})
    assert response.status_code == 401
    assert response.json() == {"code": "not_authenticated", "message": response.json()["message"], "fields": {}}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_the_moderation_queue_is_refused_to_an_employee(api_for, colleague):
    response = api_for(colleague).get("/api/v1/moderation/queue/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_an_employee_cannot_decide_on_an_idea_they_can_see(api_for, author, colleague, theme, correspondent):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    # Invisible to a colleague: 404, not 403, so its existence does not leak.
    assert api_for(colleague).post(f"/api/v1/moderation/ideas/{idea.pk}/decision/", {"decision": "approve"}).status_code == 404
    # The author sees it but may not validate it.
    response = api_for(author).post(f"/api/v1/moderation/ideas/{idea.pk}/decision/", {"decision": "approve"})
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.stage == Stage.SUBMITTED


def test_a_correspondent_of_another_theme_does_not_see_the_idea(api_for, author, theme, other_theme_correspondent):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    client = api_for(other_theme_correspondent)
    assert client.get(f"/api/v1/ideas/{idea.pk}/").status_code == 404
    assert client.post(f"/api/v1/moderation/ideas/{idea.pk}/decision/", {"decision": "approve"}).status_code == 404
    assert client.get("/api/v1/moderation/queue/").json()["results"] == []


def test_the_line_manager_never_validates_their_report(api_for, theme, department):
    from tests.factories import CorrespondentAssignmentFactory, UserFactory

    manager = UserFactory(entity=department)
    CorrespondentAssignmentFactory(user=manager, theme=theme)
    report = UserFactory(entity=department, manager=manager)
    idea = IdeaFactory(author=report, theme=theme, stage=Stage.SUBMITTED)
    client = api_for(manager)
    assert client.get("/api/v1/moderation/queue/").json()["results"] == []
    assert client.post(f"/api/v1/moderation/ideas/{idea.pk}/decision/", {"decision": "approve"}).status_code == 404


def test_an_employee_cannot_take_a_pipeline_step(api_for, colleague, published):
    response = api_for(colleague).post(
        f"/api/v1/ideas/{published.pk}/transition/", {"to_stage": "potential", "reason": "Looks promising"}
    )
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.stage == Stage.PUBLISHED


def test_nobody_edits_or_deletes_someone_elses_idea(api_for, author, colleague, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.CHANGES_REQUESTED)
    client = api_for(colleague)
    # Not published: it does not exist for a colleague.
    assert client.patch(f"/api/v1/ideas/{idea.pk}/", {"title": "Taken over by me"}, HTTP_IF_MATCH="*").status_code == 404
    assert client.delete(f"/api/v1/ideas/{idea.pk}/").status_code == 404


def test_nobody_edits_or_deletes_someone_elses_comment(api_for, author, colleague, published):
    comment = api_for(author).post(f"/api/v1/ideas/{published.pk}/comments/", {"body": "My own words"}).json()
    client = api_for(colleague)
    url = f"/api/v1/ideas/{published.pk}/comments/{comment['id']}/"
    assert client.patch(url, {"body": "Your words, changed"}).status_code == 403
    assert client.delete(url).status_code == 403
    assert api_for(author).get(url).json()["body"] == "My own words"


def test_a_community_manager_deletes_any_comment(api_for, author, community_manager, published):
    comment = api_for(author).post(f"/api/v1/ideas/{published.pk}/comments/", {"body": "Off topic"}).json()
    url = f"/api/v1/ideas/{published.pk}/comments/{comment['id']}/"
    assert api_for(community_manager).delete(url).status_code == 204
    assert api_for(author).get(url).json()["deleted"] is True


def test_the_author_cannot_support_their_own_idea(api_for, author, published):
    response = api_for(author).put(f"/api/v1/ideas/{published.pk}/vote/")
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.support_count == 0
