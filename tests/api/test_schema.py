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
