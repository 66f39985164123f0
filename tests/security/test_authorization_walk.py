"""The authorisation walk: every URL of the site (pages, API router, allauth, admin), each
object variant of the fixture world (draft, submitted, published, hidden idea; visible and
hidden comment...), every method the view takes, as every role. The answers must equal the
declared table in authz_expectations.py, and no answer may carry content the role may not
read (the secret titles of tests/security/world.py), in its body or in a cookie (flash
messages travel in one).

A URL added to the site without a declared expectation fails
`test_every_url_has_a_declared_expectation`, with the rows observed for it to review and
paste: run the walk with AUTHZ_WALK_DUMP=<file> to get the whole observed table.

Each request runs in a savepoint that is rolled back, and with the client's cookies restored
after it, so that no request changes what the next one finds (a POST that supports, deletes
or signs out leaves no trace).
"""

import copy
import json
import logging
import os

import pytest
from django.db import transaction
from django.urls import reverse

from .authz_expectations import EXPECTED, LANDING_TODAY, NAMESPACE_DEFAULTS
from .walk import cases, namespace_of
from .world import ROLES, build_world, leaks

pytestmark = pytest.mark.slow


class _Rollback(Exception):
    pass


@pytest.fixture
def world(theme, other_theme, department, sibling_division, settings):
    # The walk sends a few hundred requests per person: the rate limits are not under test here.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "anon": "100000/min", "user": "100000/min", "write": "100000/min"}}
    settings.RATE_LIMITS_ENABLED = False
    # Thousands of refusals are expected here: not worth a log line each.
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.CRITICAL)
    yield build_world(theme, other_theme, department, sibling_division)
    request_logger.setLevel(level)


def _token(response) -> str:
    """The status as the table writes it: L for a redirect to a sign-in page."""
    status = response.status_code
    if status in (301, 302, 303):
        location = response.headers.get("Location", "")
        if location.startswith((reverse("account_login"), reverse("admin:login"))):
            return "L"
    return str(status)


def _send(client, method, path, is_api):
    kwargs = {}
    if method != "GET":
        kwargs = {"data": json.dumps({}), "content_type": "application/json"} if is_api else {"data": {}}
    return getattr(client, method.lower())(path, **kwargs)


def _text(response) -> str:
    parts = [] if response.streaming else [response.content.decode("utf-8", "replace")]
    parts += [morsel.value for morsel in response.cookies.values()]
    return "\n".join(parts)


_RESULTS = {}


def walk(world, client_for):
    """{(name, "METHOD variant"): {role: token}} and [(role, name, key, leaked secrets)]."""
    observed, leaked = {}, []
    all_cases, _unfillable = cases(world)
    for role in ROLES:
        client = client_for(world.user(role))
        client.raise_request_exception = False
        for name, variant, method, path in all_cases:
            saved = copy.deepcopy(client.cookies)
            try:
                with transaction.atomic():
                    response = _send(client, method, path, is_api=namespace_of(name) == "api")
                    raise _Rollback
            except _Rollback:
                pass
            client.cookies = saved
            key = f"{method} {variant}".strip()
            observed.setdefault((name, key), {})[role] = _token(response)
            found = leaks(role, _text(response))
            if found:
                leaked.append((role, name, key, found))
    return observed, leaked


def _walk_once(world, client_for):
    if "result" not in _RESULTS:
        _RESULTS["result"] = walk(world, client_for)
        dump = os.environ.get("AUTHZ_WALK_DUMP")
        if dump:
            _write_table(_RESULTS["result"][0], dump)
    return _RESULTS["result"]


def _row(by_role) -> str:
    return " ".join(by_role[role] for role in ROLES)


def _write_table(observed, path):
    by_name = {}
    for (name, key), by_role in observed.items():
        by_name.setdefault(name, {})[key] = _row(by_role)
    with open(path, "w") as out:
        for name in sorted(by_name):
            out.write(f"    {name!r}: {{\n")
            for key, row in by_name[name].items():
                out.write(f"        {key!r}: {row!r},\n")
            out.write("    },\n")


def expected_row(name, key):
    declared = EXPECTED.get(name)
    if declared is not None:
        return declared.get(key)
    default = NAMESPACE_DEFAULTS.get(namespace_of(name))
    if default is not None:
        return default(name, key)
    return None


def test_every_url_has_a_declared_expectation(world, client_for):
    """A new URL fails here until its expected answers per role are declared."""
    all_cases, unfillable = cases(world)
    assert not unfillable, (
        f"These URLs take arguments the walk cannot fill: {unfillable}. Declare how in tests/security/walk.py "
        "(fillings / PK_OF)."
    )
    missing = sorted({(name, f"{method} {variant}".strip()) for name, variant, method, _path in all_cases
                      if expected_row(name, f"{method} {variant}".strip()) is None
                      and namespace_of(name) not in LANDING_TODAY})
    if missing:
        observed, _leaked = _walk_once(world, client_for)
        lines = [f"    {name!r}: {{{key!r}: {_row(observed[(name, key)])!r}}}," for name, key in missing]
        pytest.fail(
            "No expectation is declared for these URLs in tests/security/authz_expectations.py. Check the observed "
            f"answers (roles in order: {', '.join(ROLES)}) and declare them:\n" + "\n".join(lines)
        )


def test_every_url_answers_each_role_as_declared_and_leaks_nothing(world, client_for):
    """Two checks on one walk (a few thousand requests, made once even when the suite runs
    on several workers): every answer equals the declared table, and draft, submitted and
    hidden ideas and hidden comments never reach a role that may not read them — not in a
    page, a listing, a search, a count, a feed, an export or a cookie."""
    observed, leaked = _walk_once(world, client_for)
    wrong = []
    for (name, key), by_role in sorted(observed.items()):
        expected = expected_row(name, key)
        if expected is None:
            continue  # reported by test_every_url_has_a_declared_expectation
        got = _row(by_role)
        if got != expected:
            diff = ", ".join(f"{role}: {e}→{g}" for role, e, g in zip(ROLES, expected.split(), got.split()) if e != g)
            wrong.append(f"{name} [{key}] {diff}")
    problems = []
    if wrong:
        problems.append("Answers differ from the declared table (expected→got):\n" + "\n".join(wrong))
    if leaked:
        problems.append("Content reached people who may not read it:\n" + "\n".join(
            f"{role} ← {name} [{key}]: {', '.join(found)}" for role, name, key, found in leaked))
    assert not problems, "\n\n".join(problems)


def test_the_walk_covers_every_role_and_the_api_and_allauth(world):
    """The walk is generated from the resolver: the API router's and allauth's URLs are in it."""
    names = {name for name, _variant, _method, _path in cases(world)[0]}
    assert {"api:ideas-list", "api:ideas-detail", "api:themes-detail", "account_login", "account_signup",
            "ideas:detail", "moderation:audit_export", "notifications:list"} <= names
    assert len(ROLES) == 7
