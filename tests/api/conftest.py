"""Fixtures of the API tests: clients that authenticate the way API users do, with a
personal token made through the token service (or a browser session with CSRF checks)."""

import pytest
from rest_framework.test import APIClient

from accounts.tokens import api_token_create


@pytest.fixture
def api_for(db):
    """api_for(user) → an APIClient sending `Authorization: Bearer <a fresh token of user>`;
    api_for(None) → anonymous. Answers come in English."""

    def make(user=None, *, token_name="tests"):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            _token, raw = api_token_create(by=user, name=f"{token_name} {user.pk}-{make.count}")
            make.count += 1
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
            client.raw_token = raw
        return client

    make.count = 0
    return make


@pytest.fixture
def session_api_for(db):
    """A client signed in with a browser session, which must send the CSRF token."""

    def make(user):
        client = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make
