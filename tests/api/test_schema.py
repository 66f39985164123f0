"""The OpenAPI 3 schema: valid, public, and documenting every endpoint of /api/v1/; the
docs pages are served with their own assets, from this site."""

import re

import pytest
import yaml
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from openapi_spec_validator import validate as validate_openapi

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def api_routes():
    """(path template, view methods) for every route under /api/v1/, read from the URLconf."""
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                path = prefix + str(pattern.pattern)
                if path.replace("^", "").startswith("api/v1/") and "(?P<format>" not in path and "\\.(?P" not in path:
                    view = pattern.callback
                    actions = getattr(view, "actions", None)
                    methods = set(actions) if actions else {m for m in METHODS if hasattr(view.view_class, m)}
                    routes.append((path, methods & METHODS))

    walk(get_resolver().url_patterns, "")
    return routes


def as_openapi(path: str) -> str:
    path = path.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<(\w+)>[^)]+\)", r"{\1}", path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)
    return "/" + path.replace("{pk}", "{id}")


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)
    validate_openapi(yaml.safe_load(yaml.safe_dump(schema, sort_keys=False)))


def test_every_endpoint_and_method_is_documented(schema):
    routes = api_routes()
    assert len(routes) >= 12
    for path, methods in routes:
        documented = schema["paths"].get(as_openapi(path))
        assert documented is not None, f"{as_openapi(path)} is missing from the schema"
        assert methods <= set(documented), f"{path}: {methods - set(documented)} undocumented"


def test_every_operation_documents_the_error_format(schema):
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"code", "message", "fields"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "401" in operation["responses"], f"{method} {path}"
            assert "429" in operation["responses"], f"{method} {path}"
            error = operation["responses"]["401"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}


def test_token_and_session_authentication_are_declared(schema):
    assert schema["components"]["securitySchemes"]["apiToken"] == {
        "type": "http", "scheme": "bearer", "description": schema["components"]["securitySchemes"]["apiToken"]["description"],
    }
    assert "cookieAuth" in schema["components"]["securitySchemes"]


def test_the_idea_list_documents_the_portal_filters_and_the_cursor(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/v1/ideas/"]["get"]["parameters"]}
    assert {"q", "theme", "stage", "entity", "author", "mine", "sort", "cursor", "page_size"} <= parameters


def test_the_edit_documents_if_match_and_its_refusals(schema):
    patch = schema["paths"]["/api/v1/ideas/{id}/"]["patch"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" and p["required"] for p in patch["parameters"])
    assert {"409", "412", "428"} <= set(patch["responses"])


def test_the_schema_is_served_to_anyone(api_for):
    response = api_for(None).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/ideas/" in response.json()["paths"]


def test_the_docs_use_no_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)


# --- What the API answers matches what the schema says ----------------------------------


def _json_schema(node):
    """OpenAPI 3.0 → JSON Schema as schemathesis reads it: `nullable` admits null beside the
    whole schema it sits in (drf-spectacular writes a nullable object as allOf + nullable)."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key not in ("nullable", "readOnly", "writeOnly")}
    return {"anyOf": [converted, {"type": "null"}]} if node.get("nullable") else converted


def _validator(schema, component):
    from jsonschema import Draft7Validator

    return Draft7Validator({"$ref": f"#/components/schemas/{component}",
                            "components": _json_schema(schema["components"])})


def _conforms(schema, component, body):
    errors = sorted(f"{error.json_path}: {error.message}" for error in _validator(schema, component).iter_errors(body))
    assert not errors, errors


def _branches_matched(schema, body):
    branches = schema["components"]["schemas"]["IdeaDetailOrTombstone"]["oneOf"]
    return [branch["$ref"].rsplit("/", 1)[-1] for branch in branches
            if _validator(schema, branch["$ref"].rsplit("/", 1)[-1]).is_valid(body)]


def test_a_full_idea_and_a_tombstone_each_match_exactly_one_branch_of_the_detail(schema, api_for, theme, author,
                                                                                 community_manager, colleague):
    from ideas.models import Stage
    from moderation.content import content_hide
    from tests.factories import IdeaFactory

    shown = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
    hidden = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
    content_hide(target=hidden, by=community_manager, reason="Off topic")
    client = api_for(colleague)
    full = client.get(f"/api/v1/ideas/{shown.pk}/").json()
    tombstone = client.get(f"/api/v1/ideas/{hidden.pk}/").json()
    assert _branches_matched(schema, full) == ["IdeaDetail"]
    assert _branches_matched(schema, tombstone) == ["IdeaTombstone"]
    # The author and moderators read the hidden idea itself: a full idea again.
    assert _branches_matched(schema, api_for(author).get(f"/api/v1/ideas/{hidden.pk}/").json()) == ["IdeaDetail"]


def test_an_idea_posted_without_a_name_conforms_with_its_null_author(schema, api_for, theme, author, community_manager,
                                                                      colleague):
    from ideas.models import Stage
    from tests.factories import IdeaFactory

    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                       author_name_hidden=True)
    client = api_for(colleague)
    detail = client.get(f"/api/v1/ideas/{idea.pk}/").json()
    assert detail["author"] is None
    _conforms(schema, "IdeaDetail", detail)
    listed = client.get("/api/v1/ideas/").json()["results"]
    assert listed and listed[0]["author"] is None
    for row in listed:
        _conforms(schema, "IdeaList", row)


def test_a_new_comment_and_a_reply_conform_to_comment(schema, api_for, theme, author, community_manager, colleague):
    from ideas.models import Stage
    from tests.factories import IdeaFactory

    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
    client = api_for(colleague)
    comment = client.post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "We tried it on the 3rd floor."})
    assert comment.status_code == 201 and comment.json()["replies"] == []
    _conforms(schema, "Comment", comment.json())
    reply = client.post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "It works.", "parent": comment.json()["id"]})
    assert reply.status_code == 201
    _conforms(schema, "Comment", reply.json())


def test_a_challenge_detail_carries_its_answer_count_and_conforms(schema, api_for, theme, executive, colleague):
    from datetime import timedelta

    from django.utils import timezone

    from ideas.services import challenge_create

    now = timezone.now()
    challenge = challenge_create(by=executive, title="Fewer printed pages", question="How could we print half as much?",
                                 themes=[theme], opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=6))
    detail = api_for(colleague).get(f"/api/v1/challenges/{challenge.pk}/").json()
    assert detail["answer_count"] == 0
    _conforms(schema, "ChallengeDetail", detail)


@pytest.mark.parametrize(("path", "query", "field"), [
    ("/api/v1/challenges/", "status=AAA", "status"), ("/api/v1/notifications/", "unread=null", "unread"),
    ("/api/v1/ideas/", "mine=maybe", "mine"), ("/api/v1/ideas/similar/", "title=printers&exclude=null", "exclude"),
    ("/api/v1/ideas/similar/", "title=printers&exclude=%C2%B2", "exclude"),
])
def test_query_values_the_schema_forbids_are_refused_with_400(api_for, colleague, path, query, field):
    response = api_for(colleague).get(f"{path}?{query}")
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["fields"]


@pytest.mark.parametrize(("path", "query"), [
    ("/api/v1/challenges/", "status=open"), ("/api/v1/notifications/", "unread=true"),
    ("/api/v1/notifications/", "unread=false"), ("/api/v1/ideas/", "mine=true"), ("/api/v1/ideas/similar/", "exclude=3"),
])
def test_query_values_the_schema_allows_are_accepted(api_for, colleague, path, query):
    assert api_for(colleague).get(f"{path}?{query}").status_code == 200


def test_blank_titles_and_comments_are_refused_as_the_schema_says(schema, api_for, theme, colleague):
    request = schema["components"]["schemas"]["IdeaCreateRequest"]["properties"]
    assert request["title"]["minLength"] == 8 and request["body"]["minLength"] == 1
    assert schema["components"]["schemas"]["CommentPostRequest"]["properties"]["body"]["minLength"] == 1
    assert schema["components"]["schemas"]["EvaluationSubmitRequest"]["properties"]["scores"]["minProperties"] == 1
    response = api_for(colleague).post("/api/v1/ideas/", {"title": "", "body": "", "theme": theme.slug})
    assert response.status_code == 400 and {"title", "body"} <= set(response.json()["fields"])


def test_the_schema_is_in_english_whatever_the_callers_language(api_for):
    client = api_for(None)
    english = client.get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en").content
    french = client.get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="fr").content
    assert english == french
    assert b"Th\\u00e8me" not in french and "Économies".encode() not in french


def test_writing_operations_carry_request_examples(schema):
    for path, method in [("/api/v1/ideas/", "post"), ("/api/v1/ideas/{id}/", "put"), ("/api/v1/ideas/{id}/", "patch"),
                         ("/api/v1/ideas/{id}/comments/", "post"), ("/api/v1/moderation/ideas/{id}/decision/", "post"),
                         ("/api/v1/evaluations/{id}/submit/", "post")]:
        content = schema["paths"][path][method]["requestBody"]["content"]["application/json"]
        assert content.get("examples"), f"{method} {path}"


@pytest.mark.parametrize("value", [0, 1, "yes", "true"])
def test_a_boolean_of_a_body_is_json_true_or_false_only(api_for, theme, colleague, value):
    from ideas.models import Idea

    response = api_for(colleague).post("/api/v1/ideas/", {
        "title": "Share the printers between floors", "body": "Fewer devices.", "theme": theme.slug, "submit": value})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"submit"}
    assert not Idea.objects.exists()


@pytest.mark.parametrize("field", ["title", "body"])
def test_a_string_of_a_body_is_a_json_string_only(api_for, theme, colleague, field):
    from ideas.models import Idea

    body = {"title": "Share the printers between floors", "body": "Fewer devices.", "theme": theme.slug, field: 12345678}
    response = api_for(colleague).post("/api/v1/ideas/", body)
    assert response.status_code == 400 and set(response.json()["fields"]) == {field}
    assert not Idea.objects.exists()
