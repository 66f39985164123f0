"""Fixtures of the security tests: the API clients of tests/api (a personal token each)."""

from tests.api.conftest import api_for, session_api_for  # noqa: F401
