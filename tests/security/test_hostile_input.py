"""Hostile input, property-based: every form the site shows and every API endpoint that
takes a body gets oversized, malformed and strange values (NUL bytes, lone surrogates,
right-to-left marks, nulls, wrong types) from hypothesis. The site must answer with a
clear status — never a 500 — and a refusal (4xx) must leave every table as it was.

The forms are found, not listed: each page of the authorisation walk that a role can open
is read, and every form on it (its action and the names of its fields) is fuzzed as that
role. The API's bodies come from its OpenAPI schema. New pages and endpoints are covered as
they land. Each request runs in a savepoint that is rolled back, like the walk's.
"""

import copy
import json
import logging
import os
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings as settings_module
from django.db import connection, transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from core.http import query_text
from core.text import plain_excerpt, render_markdown

from .walk import cases, fillings, namespace_of, url_patterns
from .world import build_world

pytestmark = [pytest.mark.slow]

# The "ci" profile of tests/security/conftest.py (30 examples), or the one HYPOTHESIS_PROFILE names.
HYPOTHESIS = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Each of the forty-odd forms gets fewer examples than a single property would.
FORM_HYPOTHESIS = settings(HYPOTHESIS, max_examples=max(6, HYPOTHESIS.max_examples // 5))

# --- Values -----------------------------------------------------------------------------

NASTY_STRINGS = st.sampled_from([
    "\x00", "a\x00b", "\x00" * 50, "\ufeff", "\u202egnp.exe", "\u200b", "\U0001f4a9" * 200, "e\u0301" * 100,
    "x" * 100_000, " " * 5000, "", "   ", "\r\n" * 500, "%00", "%s%s%n", "{{ 7*7 }}", "{% debug %}",
    "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "@[Someone](999999999999)",
    "-1", "0", "99999999999999999999999", "1e308", "NaN", "null", "true", "[]", "{}",
])
# Text the form encoding can carry: anything but lone surrogates (a browser cannot send them
# in a form: they are not UTF-8; the raw-body tests send broken UTF-8 instead).
FORM_TEXT = st.one_of(NASTY_STRINGS, st.text(st.characters(exclude_categories=["Cs"]), max_size=300))
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), NASTY_STRINGS,
              st.text(max_size=200)),  # JSON can carry lone surrogates: "\ud800"
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=8,
)


# --- Markdown and HTML ------------------------------------------------------------------

SCRIPTISH = re.compile(r"<\s*script|\son\w+\s*=|(href|src)\s*=\s*[\"']?\s*(javascript|data|vbscript):", re.I)


@HYPOTHESIS
@given(st.text(max_size=400))
def test_any_unicode_text_renders_to_html_without_script_handler_or_script_link(source):
    """Any text at all (surrogates, controls, NUL included): see also tests/core/test_text.py,
    which mixes in the known attack pieces."""
    html = render_markdown(source)
    assert not SCRIPTISH.search(html), html
    assert "<" not in plain_excerpt(source).replace("&lt;", "")


# --- Finding the forms ------------------------------------------------------------------


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self._current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").upper(),
                             "fields": set(), "files": set()}
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            if attrs.get("type") == "file":
                self._current["files"].add(attrs["name"])
            elif attrs["name"] != "csrfmiddlewaretoken":
                self._current["fields"].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_of(html: str, page_path: str):
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        action = form["action"] or page_path
        if action.startswith("/") and not action.startswith("//"):
            yield {**form, "action": action.split("#")[0]}


# Query parameters read by the listings, searches and exports, tried on every page.
QUERY_PARAMS = ("q", "page", "sort", "stage", "theme", "entity", "author", "kind", "period", "segment", "challenge",
                "table", "from", "to", "cursor", "mine", "format")


def _quiet(request_logger_level=logging.CRITICAL):
    logger = logging.getLogger("django.request")
    previous = logger.level
    logger.setLevel(request_logger_level)
    return logger, previous


@pytest.fixture
def world(theme, other_theme, department, sibling_division, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "anon": "100000/min", "user": "100000/min", "write": "100000/min"}}
    settings.RATE_LIMITS_ENABLED = False
    logger, previous = _quiet()
    yield build_world(theme, other_theme, department, sibling_division)
    logger.setLevel(previous)


class _Rollback(Exception):
    pass


def _content_tables():
    """The tables of the project's own apps (where a half-saved write would show)."""
    from django.conf import settings as django_settings

    root = str(django_settings.BASE_DIR)
    return sorted({model._meta.db_table for model in apps.get_models()
                   if model._meta.managed and not model._meta.proxy
                   and model._meta.app_config.path.startswith(root)})


def _row_counts():
    """{table: rows} in one query."""
    tables = _content_tables()
    counts = ", ".join(f'(SELECT COUNT(*) FROM "{table}")' for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # noqa: S608 - table names come from the models
        return dict(zip(tables, cursor.fetchone()))


def _attempt(client, method, path, **kwargs):
    """(status, tables changed) of one request, rolled back afterwards."""
    saved = copy.deepcopy(client.cookies)
    before = _row_counts()
    try:
        with transaction.atomic():
            response = getattr(client, method.lower())(path, **kwargs)
            after = _row_counts()
            raise _Rollback
    except _Rollback:
        pass
    client.cookies = saved
    changed = sorted(label for label in before if before[label] != after.get(label))
    return response, changed


def _check(response, changed, what):
    status = response.status_code
    assert status < 500, f"{what}: HTTP {status}"
    if status >= 400:
        # Tables that only record the request itself are allowed to move (none today).
        assert not changed, f"{what}: refused with {status} but changed {changed}"


def _page_forms(world, client_for):
    """{(role, method, action, fields)} for every form on every page a role can open."""
    found = {}
    all_cases, _unfillable = cases(world)
    pages = sorted({(name, path) for name, _variant, method, path in all_cases
                    if method == "GET" and "?" not in path and namespace_of(name) not in ("admin", "api")})
    # The roles whose pages hold different forms: the employee's, the author's (drafts), the
    # community manager's (moderation) and the executive's (pipeline).
    for role in ("employee", "author", "community_manager", "executive"):
        client = client_for(world.user(role))
        client.raise_request_exception = False
        for _name, path in pages:
            response = client.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in forms_of(response.content.decode(), path):
                key = (form["method"], form["action"], frozenset(form["fields"]))
                # One role per form is enough; the first that sees it (most forms: the employee).
                found.setdefault(key, (role, form))
    return found


def test_every_form_answers_hostile_values_with_a_clear_status_and_saves_nothing_on_refusal(world, client_for):
    forms = _page_forms(world, client_for)
    assert len(forms) >= 20, sorted(forms)  # the discovery works: comment, idea, report, profile...
    clients = {}
    for (method, action, fields), (role, _form) in sorted(forms.items(), key=lambda item: repr(item[0])):
        fields = sorted(fields | ({"q", "page", "sort"} if method == "GET" else set()))
        if not fields:
            continue
        client = clients.setdefault(role, client_for(world.user(role)))
        client.raise_request_exception = False

        @FORM_HYPOTHESIS
        @given(st.fixed_dictionaries({}, optional={name: st.one_of(FORM_TEXT, st.lists(FORM_TEXT, max_size=3))
                                                   for name in fields}))
        def fuzz(data):
            if method == "GET":
                response, changed = _attempt(client, "GET", action, data=data)
            else:
                response, changed = _attempt(client, "POST", action, data=data)
            _check(response, changed, f"{role} {method} {action} {sorted(data)}")

        fuzz()


def test_every_page_survives_hostile_query_parameters(world, client_for):
    """Listings, searches, feeds and exports read their parameters defensively (a NUL byte
    in a search reaches PostgreSQL as an error unless a form stops it)."""
    all_cases, _unfillable = cases(world)
    pages = sorted({path for name, _variant, method, path in all_cases
                    if method == "GET" and "?" not in path and namespace_of(name) != "admin"})
    client = client_for(world.user("community_manager"))
    client.raise_request_exception = False
    employee = client_for(world.user("employee"))
    employee.raise_request_exception = False

    @HYPOTHESIS
    @given(st.sampled_from(pages), st.sampled_from([client, employee]),
           st.dictionaries(st.sampled_from(QUERY_PARAMS), FORM_TEXT, min_size=1, max_size=4))
    def fuzz(path, who, params):
        response = who.get(path, params)
        assert response.status_code < 500, f"GET {path} {params!r}: HTTP {response.status_code}"

    fuzz()


# --- The API ----------------------------------------------------------------------------


def _api_operations(world):
    """[(method, path, role, property names)] for every operation with a request body."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    names = {route: name for name, route, _kwargs, _entry in url_patterns() if namespace_of(name) == "api"}
    by_path = {}
    for name, route, kwargs, _entry in url_patterns():
        if namespace_of(name) != "api":
            continue
        filled = fillings(name, kwargs, world)
        if filled:
            by_path[name] = dict(filled)
    operations = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody")
            if method not in ("post", "put", "patch") or not body:
                continue
            content = body["content"].get("application/json", {})
            ref = content.get("schema", {}).get("$ref", "")
            component = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
            properties = sorted(component.get("properties", {}))
            concrete = _fill_path(path, world)
            for role in ("employee", "author", "community_manager"):
                operations.append((method.upper(), concrete, role, properties))
    assert names and by_path  # the resolver knows the API
    return operations


def _fill_path(path: str, world) -> str:
    idea = world.ideas["published"]
    values = {"pk": idea.pk, "comment_pk": world.comments["comment"].pk, "slug": world.theme.slug, "id": idea.pk}
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), idea.pk)), path)


def test_every_api_body_answers_hostile_json_with_a_clear_status_and_saves_nothing_on_refusal(world, api_for):
    operations = _api_operations(world)
    assert len(operations) >= 6, operations
    clients = {role: api_for(world.user(role)) for role in ("employee", "author", "community_manager")}
    for client in clients.values():
        client.raise_request_exception = False
    # Also the author's draft, which they may edit (with If-Match: the API asks for it).
    draft = f"/api/v1/ideas/{world.ideas['draft'].pk}/"
    etag = clients["author"].get(draft)["ETag"]

    @HYPOTHESIS
    @given(st.sampled_from(operations + [("PATCH", draft, "author", ["title", "body", "theme"])]), st.data())
    def fuzz(operation, data):
        method, path, role, properties = operation
        if properties:
            body = data.draw(st.one_of(
                st.fixed_dictionaries({}, optional={name: JSON_VALUE for name in properties}),
                JSON_VALUE,
            ))
        else:
            body = data.draw(JSON_VALUE)
        extra = {"HTTP_IF_MATCH": etag} if path == draft else {}
        response, changed = _attempt(clients[role], method, path, data=json.dumps(body),
                                     content_type="application/json", **extra)
        _check(response, changed, f"{role} {method} {path} {body!r:.200}")

    fuzz()


@pytest.mark.parametrize("raw", [
    b"{", b"[]", b'"text"', b"null", b"\x00", b'{"title": "\xed\xa0\x80"}', b'{"body": "\xff\xfe"}',
    b'{"title": "a", "title": ["b"]}', b"{" * 5000 + b"}" * 5000, b'{"body": "' + b"x" * (6 * 1024 * 1024) + b'"}',
], ids=["truncated", "array", "string", "null", "nul", "utf8-surrogate", "not-utf8", "duplicate-key", "deep", "6MB"])
def test_malformed_json_bodies_are_refused_with_400_or_413(world, api_for, raw):
    client = api_for(world.user("employee"))
    client.raise_request_exception = False
    idea = world.ideas["published"]
    for path in (f"/api/v1/ideas/{idea.pk}/comments/", "/api/v1/ideas/"):
        response, changed = _attempt(client, "POST", path, data=raw, content_type="application/json")
        assert response.status_code == (413 if len(raw) > settings_module.DATA_UPLOAD_MAX_MEMORY_SIZE else 400), (
            path, response.status_code)
        assert not changed
        assert response["Content-Type"].startswith("application/json")
        assert set(response.json()) == {"code", "message", "fields"}


def test_a_nul_byte_in_a_form_is_a_form_error_not_a_database_error(world, client_for):
    """PostgreSQL refuses NUL in text: the forms stop it first, on every database."""
    client = client_for(world.user("employee"))
    manager = client_for(world.user("community_manager"))
    for someone in (client, manager):  # the first page of the day records a sign-in day
        someone.get(reverse("ideas:list"))
    idea = world.ideas["published"]
    before = _row_counts()
    response = client.post(f"/ideas/{idea.pk}/comments/", {"body": "Hello\x00world"}, follow=True)
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    create = client.post("/ideas/new/", {"title": "Nul\x00title", "body": "Body\x00", "theme": world.theme.pk})
    assert create.status_code == 200 and "Null characters are not allowed." in create.content.decode()
    search = client.get("/ideas/", {"q": "printers\x00"})
    assert search.status_code == 200
    people = client.get("/notifications/people/", {"q": "Al\x00ice"})
    assert people.status_code == 200
    similar = client.get(reverse("ideas:similar"), {"title": "share\x00printers", "body": "\x00", "exclude": "\u00b2"})
    assert similar.status_code == 200
    owners = manager.get(reverse("moderation:owner_search"), {"q": "Al\x00"})
    assert owners.status_code == 200
    assert _row_counts() == before


def test_query_text_is_fit_to_search_with():
    assert query_text("  share\x00the\tprinters\n ") == "share the printers"
    assert query_text(None) == "" and query_text(["a"]) == ""
    assert query_text("abcdef", 3) == "abc"


# --- Paths, methods and nesting: every route of the site --------------------------------

# What a path parameter may be given instead of a real id, slug or code.
HOSTILE_PATH_VALUES = ["abc", "%00", "a%00b", "-1", "0", "1.5", "99999999999999999999", "null", "%C3%A9", "%E2%80%AE",
                       "%20", "..", "1e3", "%FF"]
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")


def _api_route_templates():
    """{route with <kwarg> placeholders} of every API pattern taking arguments."""
    routes = set()
    for name, route, kwargs, _entry in url_patterns():
        if namespace_of(name) == "api" and kwargs and "format" not in kwargs:
            routes.add(re.sub(r"\^|\$|\\\.|\(\?P<(\w+)>[^)]+\)|<(?:\w+:)?(\w+)>",
                              lambda m: f"<{m.group(1) or m.group(2)}>" if (m.group(1) or m.group(2)) else "", route))
    return sorted("/" + route for route in routes)


def _answer_in_the_api_format(response, what):
    assert response.status_code < 500, f"{what}: HTTP {response.status_code}"
    if response.status_code >= 400 and response.request["REQUEST_METHOD"] != "HEAD":
        assert response["Content-Type"].startswith("application/json"), f"{what}: {response['Content-Type']}"
        assert set(response.json()) == {"code", "message", "fields"}, f"{what}: {response.content[:200]!r}"


def test_every_api_path_parameter_given_hostile_values_answers_in_the_api_format(world, api_for):
    routes = _api_route_templates()
    assert len(routes) >= 10, routes  # ideas, comments, challenges, themes, evaluations, notifications...
    client = api_for(world.user("author"))
    client.raise_request_exception = False
    real = {"pk": world.ideas["published"].pk, "comment_pk": world.comments["comment"].pk, "slug": world.theme.slug}
    for route in routes:
        names = re.findall(r"<(\w+)>", route)
        for hostile_name in names:
            for value in HOSTILE_PATH_VALUES:
                path = route
                for name in names:
                    path = path.replace(f"<{name}>", value if name == hostile_name else str(real.get(name, 1)))
                for method in METHODS:
                    body = {} if method in ("GET", "HEAD", "OPTIONS") else {"data": "{}", "content_type": "application/json"}
                    response, changed = _attempt(client, method, path, **body)
                    what = f"{method} {path}"
                    _answer_in_the_api_format(response, what)
                    assert not changed or response.status_code < 400, f"{what}: refused but changed {changed}"


def test_options_and_head_on_every_route_answer_without_a_server_error(world, client_for, api_for):
    """Every URL the resolver knows, filled from the world, as the author (pages) and with a
    token (the API): OPTIONS and HEAD are never a 500, and the API answers them in JSON."""
    all_cases, _unfillable = cases(world)
    paths = sorted({(name, path) for name, _variant, _method, path in all_cases})
    assert len(paths) >= 80, len(paths)
    page_client = client_for(world.user("author"))
    page_client.raise_request_exception = False
    api_client = api_for(world.user("author"))
    api_client.raise_request_exception = False
    for name, path in paths:
        client = api_client if namespace_of(name) == "api" else page_client
        for method in ("OPTIONS", "HEAD"):
            response, _changed = _attempt(client, method, path)
            assert response.status_code < 500, f"{method} {path}: HTTP {response.status_code}"
            if path.startswith("/api/v1/") and method == "OPTIONS":
                assert response.status_code in (200, 401, 403, 404), f"{method} {path}: {response.status_code}"
                assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("depth", [1, 31, 32, 33, 1000, 100_000])
def test_json_nesting_is_accepted_up_to_the_limit_and_refused_beyond_on_every_body(world, api_for, depth):
    from django.conf import settings as django_settings

    client = api_for(world.user("employee"))
    client.raise_request_exception = False
    idea = world.ideas["published"]
    nested = "[" * depth + "]" * depth
    wrapped = '{"body": ' + nested + "}"
    for path in ("/api/v1/ideas/", f"/api/v1/ideas/{idea.pk}/comments/", f"/api/v1/ideas/{idea.pk}/transition/"):
        for body, levels in ((nested, depth), (wrapped, depth + 1)):
            response, changed = _attempt(client, "POST", path, data=body, content_type="application/json")
            _answer_in_the_api_format(response, f"POST {path} depth {levels}")
            assert not changed
            too_deep = levels > django_settings.API_MAX_JSON_DEPTH
            assert (response.json()["code"] == "parse_error") == too_deep, (path, levels, response.json())


def test_a_nul_in_any_api_body_field_or_filter_is_a_400_naming_it(world, api_for):
    """Deterministic, on whatever database the suite runs on: CI's stage 3 runs it on
    PostgreSQL, where a NUL that reached a query would be a DataError (see the next test)."""
    operations = _api_operations(world)
    clients = {role: api_for(world.user(role)) for role in ("employee", "author", "community_manager")}
    for client in clients.values():
        client.raise_request_exception = False
    for method, path, role, properties in operations:
        for name in properties:
            for value in ("\x00", "a\x00", ["\x00"], {"\x00": 1}):
                response, changed = _attempt(clients[role], method, path, data=json.dumps({name: value}),
                                             content_type="application/json")
                what = f"{role} {method} {path} {name}={value!r}"
                assert response.status_code in (400, 403, 404, 409), f"{what}: HTTP {response.status_code}"
                assert not changed, what
                if response.status_code == 400:
                    assert any(field.startswith(name) for field in response.json()["fields"]), (what, response.json())
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        if "get" not in item or "{" in path:
            continue
        for parameter in item["get"].get("parameters", []):
            if parameter["in"] != "query" or parameter["name"] in ("cursor", "page_size"):
                continue
            response = clients["community_manager"].get(path, {parameter["name"]: "a\x00b"})
            what = f"GET {path}?{parameter['name']}=a%00b"
            assert response.status_code in (200, 400, 403), f"{what}: HTTP {response.status_code}"


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
                    reason="PostgreSQL's refusal of NUL; SQLite stores it")
def test_postgresql_refuses_a_nul_in_a_query_so_the_guards_above_are_what_stands_between(world):
    from django.db import DataError

    from ideas.models import Theme

    assert connection.vendor == "postgresql"
    with pytest.raises((DataError, ValueError)), transaction.atomic():
        Theme.objects.filter(slug="a\x00").exists()
