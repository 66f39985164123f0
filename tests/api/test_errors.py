"""The one error format, for the refusals that the other tests cannot provoke on demand."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from rest_framework import exceptions

from core.api.errors import exception_handler
from core.errors import Conflict, TransitionRefused


@pytest.mark.parametrize(("error", "status", "body"), [
    (IntegrityError("duplicate key"), 409, {"code": "conflict", "fields": {}}),
    (TransitionRefused("Wrong stage."), 409, {"code": "wrong_stage", "message": "Wrong stage.", "fields": {}}),
    (Conflict("Busy."), 409, {"code": "conflict", "message": "Busy.", "fields": {}}),
    (ValidationError("Bad."), 400, {"code": "invalid", "fields": {"non_field_errors": ["Bad."]}}),
    (ValidationError({"title": "Too short.", "__all__": "Bad."}), 400,
     {"code": "invalid", "fields": {"title": ["Too short."], "non_field_errors": ["Bad."]}}),
    (exceptions.ValidationError({"owner": {"email": ["Unknown."]}}), 400, {"code": "invalid", "fields": {"owner.email": ["Unknown."]}}),
    (exceptions.MethodNotAllowed("PATCH"), 405, {"code": "method_not_allowed", "fields": {}}),
])
def test_each_refusal_maps_onto_code_message_fields(error, status, body):
    response = exception_handler(error, {})
    assert response.status_code == status
    assert set(response.data) == {"code", "message", "fields"}
    assert response.data["message"]
    assert {key: response.data[key] for key in body} == body


def test_a_method_the_endpoint_lacks_is_405_in_the_error_format(api_for, db):
    from tests.factories import UserFactory

    response = api_for(UserFactory()).delete("/api/v1/themes/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


# --- Under /api/, every answer keeps the format: no HTML page, no 500 -------------------


def _is_error(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["code"] == code and body["message"], body
    return body


@pytest.fixture
def employee(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/v1/ideas/abc/"), ("put", "/api/v1/ideas/abc/"), ("patch", "/api/v1/ideas/abc/"),
    ("delete", "/api/v1/ideas/abc/"), ("post", "/api/v1/ideas/abc/submit/"), ("get", "/api/v1/ideas/1.5/"),
    ("get", "/api/v1/ideas/-1/"), ("get", "/api/v1/challenges/abc/"), ("post", "/api/v1/challenges/abc/shortlist/"),
    ("post", "/api/v1/challenges/abc/winners/"), ("get", "/api/v1/themes/%00/"), ("get", "/api/v1/themes/a%00b/"),
    ("put", "/api/v1/ideas/null/vote/"), ("get", "/api/v1/no-such-endpoint/"), ("get", "/api/v2/"),
])
def test_an_id_that_is_no_number_or_a_url_that_names_nothing_is_a_404_in_the_error_format(api_for, employee, method, path):
    _is_error(getattr(api_for(employee), method)(path), 404, "not_found")


def test_an_id_beyond_the_database_integers_is_a_404(api_for, employee):
    _is_error(api_for(employee).get("/api/v1/ideas/99999999999999999999/"), 404, "not_found")
    _is_error(api_for(employee).get("/api/v1/challenges/99999999999999999999/"), 404, "not_found")


def test_pages_outside_the_api_keep_their_html_404(client, employee):
    client.force_login(employee)
    response = client.get("/ideas/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/api/v1/ideas/{pk}/vote/", "/api/v1/ideas/{pk}/follow/", "/api/v1/ideas/{pk}/",
                                  "/api/v1/ideas/", "/api/v1/ideas/{pk}/comments/", "/api/v1/me/"])
def test_options_names_the_endpoint_and_its_methods_without_loading_anything(api_for, employee, path):
    from ideas.models import Stage
    from tests.factories import IdeaFactory

    idea = IdeaFactory(stage=Stage.PUBLISHED)
    response = api_for(employee).options(path.format(pk=idea.pk))
    assert response.status_code == 200, response.content[:300]
    assert response.json()["name"] and "application/json" in response.json()["parses"]
    assert "OPTIONS" in response["Allow"]


def test_options_on_vote_lists_put_and_delete(api_for, employee):
    from ideas.models import Stage
    from tests.factories import IdeaFactory

    allowed = api_for(employee).options(f"/api/v1/ideas/{IdeaFactory(stage=Stage.PUBLISHED).pk}/vote/")["Allow"]
    assert {"PUT", "DELETE"} <= {method.strip() for method in allowed.split(",")}


def test_a_server_error_under_the_api_is_a_500_in_the_error_format(api_for, employee, monkeypatch):
    def broken(**_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("ideas.api.idea_list", broken)
    client = api_for(employee)
    client.raise_request_exception = False
    body = _is_error(client.get("/api/v1/ideas/"), 500, "server_error")
    assert "a bug" not in body["message"]


def test_a_body_over_the_upload_limit_is_a_413_in_the_error_format(api_for, employee, settings, theme):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    client = api_for(employee)
    big = '{"title": "A title long enough", "body": "' + "x" * 3000 + '", "theme": "%s"}' % theme.slug
    _is_error(client.generic("POST", "/api/v1/ideas/", big, content_type="application/json"), 413, "too_large")
    from ideas.models import Idea

    assert not Idea.objects.exists()
    small = client.post("/api/v1/ideas/", {"title": "A title long enough", "body": "Short.", "theme": theme.slug})
    assert small.status_code == 201


def test_djangos_own_refusal_of_a_large_body_is_a_413_in_the_error_format(rf, settings):
    from django.core.exceptions import RequestDataTooBig

    from core.views import bad_request

    response = bad_request(rf.post("/api/v1/ideas/"), RequestDataTooBig("too big"))
    assert response.status_code == 413 and json.loads(response.content)["code"] == "too_large"
    page = bad_request(rf.post("/ideas/new/"), RequestDataTooBig("too big"))
    assert page.status_code == 400 and not page["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("body", ["[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000,
                                  "[" * 40 + "]" * 40], ids=["arrays-100000", "objects-50000", "arrays-40"])
def test_json_nested_deeper_than_the_limit_is_a_400_not_a_recursion_error(api_for, employee, body):
    client = api_for(employee)
    client.raise_request_exception = False
    _is_error(client.generic("POST", "/api/v1/ideas/", body, content_type="application/json"), 400, "parse_error")


def test_json_within_the_depth_limit_reaches_the_serializer(api_for, employee):
    response = api_for(employee).generic("POST", "/api/v1/ideas/", '{"title": [[[["x"]]]]}', content_type="application/json")
    body = _is_error(response, 400, "invalid")
    assert "title" in body["fields"]


@pytest.mark.parametrize("payload", [{"theme": "a\x00"}, {"title": "Nul\x00title"}, {"theme": "\x00"},
                                     {"title": "ok", "tags": ["x", {"k": "\x00"}]}, {"\x00": "value"}])
def test_a_nul_anywhere_in_a_body_is_a_field_error_and_nothing_is_saved(api_for, employee, theme, payload):
    from ideas.models import Idea

    body = {"title": "Share the printers", "body": "Between floors.", "theme": theme.slug, **payload}
    error = _is_error(api_for(employee).post("/api/v1/ideas/", body), 400, "invalid")
    assert error["fields"] and all(messages == ["Null characters are not allowed."] for messages in error["fields"].values())
    assert not Idea.objects.exists()


def test_a_nul_in_a_draft_edit_is_a_field_error(api_for, theme):
    from ideas.models import Stage
    from tests.factories import IdeaFactory

    draft = IdeaFactory(stage=Stage.DRAFT, theme=theme)
    client = api_for(draft.author)
    etag = client.get(f"/api/v1/ideas/{draft.pk}/")["ETag"]
    response = client.patch(f"/api/v1/ideas/{draft.pk}/", {"theme": "\x00"}, HTTP_IF_MATCH=etag)
    assert _is_error(response, 400, "invalid")["fields"] == {"theme": ["Null characters are not allowed."]}


@pytest.mark.parametrize(("path", "parameter"), [
    ("/api/v1/ideas/", "theme"), ("/api/v1/ideas/", "entity"), ("/api/v1/ideas/", "q"), ("/api/v1/ideas/", "author"),
    ("/api/v1/moderation/queue/", "theme"), ("/api/v1/moderation/queue/", "entity"),
])
def test_a_nul_in_a_filter_is_a_field_error(api_for, community_manager, path, parameter):
    response = api_for(community_manager).get(path, {parameter: "a\x00b"})
    assert parameter in _is_error(response, 400, "invalid")["fields"]


def test_a_nul_in_a_token_is_refused_as_a_bad_token(api_for):
    client = api_for(None)
    client.credentials(HTTP_AUTHORIZATION="Bearer mlt_\x00bcdef012345_" + "x" * 40)
    _is_error(client.get("/api/v1/me/"), 401, "authentication_failed")


def test_the_changed_version_refusal_is_translated(api_for, theme):
    from ideas.models import Stage
    from tests.factories import IdeaFactory

    draft = IdeaFactory(stage=Stage.DRAFT, theme=theme)
    client = api_for(draft.author)
    response = client.patch(f"/api/v1/ideas/{draft.pk}/", {"title": "A newer title"}, HTTP_IF_MATCH='"stale"',
                            HTTP_ACCEPT_LANGUAGE="fr")
    body = _is_error(response, 412, "precondition_failed")
    assert body["message"] == "La ressource a changé depuis que vous l'avez lue."
