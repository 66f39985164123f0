"""Websocket helpers: a communicator signed in through a real session cookie, speaking to
the whole ASGI application (origin check, session authentication, routing)."""

import contextlib

import pytest
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from ideas.models import Stage
from tests.factories import CorrespondentAssignmentFactory, IdeaFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """A channel layer per test: each test runs its own event loop, and the layer's queues
    (in memory) or connections (Redis) belong to the loop that made them."""
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def session_headers(user, origin="http://localhost"):
    headers = [(b"host", b"localhost"), (b"origin", origin.encode())]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        headers.append((b"cookie", cookie.encode()))
    return headers


def communicator_for(user, origin="http://localhost"):
    from config.asgi import application

    return WebsocketCommunicator(application, "/ws/live/", headers=session_headers(user, origin))


@contextlib.asynccontextmanager
async def live_socket(headers):
    """An open socket (its first message, the unread count, already read); always closed."""
    from config.asgi import application

    communicator = WebsocketCommunicator(application, "/ws/live/", headers=headers)
    connected, _code = await communicator.connect()
    assert connected
    hello = await communicator.receive_json_from(timeout=5)
    assert hello["type"] == "unread"
    communicator.hello = hello
    try:
        yield communicator
    finally:
        await communicator.disconnect()


async def subscribe(communicator, **what):
    await communicator.send_json_to({"action": "subscribe", **what})
    return await communicator.receive_json_from(timeout=5)


@pytest.fixture
def published_idea(author, theme, community_manager):
    return IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)


@pytest.fixture
def division_correspondent(theme, division, sibling_division):
    """Correspondent for `theme`, limited to the retail division (and its departments)."""
    user = UserFactory(first_name="Dina", last_name="Division", entity=sibling_division)
    CorrespondentAssignmentFactory(user=user, theme=theme, entities=[division])
    return user
