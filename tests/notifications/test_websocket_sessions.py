"""The live socket keeps the session controls of the pages (accounts.identity.session_problem):
a required second factor not set up or not used, an idle or too old session, a signed-out
session and a deactivated account are refused at the handshake, and an open socket is
closed at its next subscription (or its next event past the session's end). Sessions come
from the real sign-in forms; the socket goes through the whole ASGI application."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts import identity
from moderation.content import content_flag
from notifications.consumers import CLOSE_UNAUTHENTICATED
from tests.accounts.test_mfa import enrol, sign_in
from tests.factories import PASSWORD

from .conftest import live_socket, subscribe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_ROLES = list(settings.MFA_ROLES)


def headers_of(client):
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [(b"host", b"localhost"), (b"origin", b"http://localhost"), (b"cookie", cookie.encode())]


def signed_in_client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def assert_refused_at_handshake(headers):
    async def scenario():
        from config.asgi import application

        communicator = WebsocketCommunicator(application, "/ws/live/", headers=headers)
        connected, code = await communicator.connect()
        assert not connected
        assert code == CLOSE_UNAUTHENTICATED
        await communicator.disconnect()

    async_to_sync(scenario)()


async def assert_closed(socket):
    assert await socket.receive_output(timeout=5) == {"type": "websocket.close", "code": CLOSE_UNAUTHENTICATED}


# --- The second factor --------------------------------------------------------------------


def test_a_community_manager_without_the_required_second_factor_cannot_open_it(community_manager, mfa_required):
    client = Client()
    sign_in(client, community_manager)

    assert_refused_at_handshake(headers_of(client))


def test_once_set_up_the_same_session_opens_it_and_hears_the_queue(community_manager, mfa_required, theme, author,
                                                                   colleague):
    from tests.factories import IdeaFactory
    from ideas.models import Stage

    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    client = Client()
    sign_in(client, community_manager)
    enrol(client)
    headers = headers_of(client)

    async def scenario():
        async with live_socket(headers) as socket:
            assert await subscribe(socket, queue=True) == {"type": "subscribed", "queue": True}
            await database_sync_to_async(content_flag)(target=idea, by=colleague, reason="Off topic")
            message = await socket.receive_json_from(timeout=5)
            assert (message["type"], message["idea"]) == ("queue.flagged", idea.pk)

    async_to_sync(scenario)()


def test_a_session_signed_in_without_the_code_cannot_open_it(superuser, mfa_required):
    setup = Client()
    sign_in(setup, superuser)
    enrol(setup)
    client = Client()
    # Django's own login(), as the admin's sign-in page did: no code asked.
    assert client.login(email=superuser.email, password=PASSWORD)

    assert_refused_at_handshake(headers_of(client))


# --- Timeouts -----------------------------------------------------------------------------


def test_an_idle_session_cannot_open_it(colleague, clock, short_sessions):
    client = signed_in_client(colleague)
    clock.advance(3601)

    assert_refused_at_handshake(headers_of(client))


def test_a_session_past_its_maximum_age_cannot_open_it(colleague, clock, short_sessions):
    client = signed_in_client(colleague)
    for _step in range(8):
        clock.advance(55 * 60)
        assert client.get(reverse("accounts:profile_edit")).status_code == 200  # active all along
    clock.advance(41 * 60)

    assert_refused_at_handshake(headers_of(client))


def test_a_socket_is_closed_at_its_next_subscription_once_the_session_is_idle(community_manager, clock,
                                                                              short_sessions):
    headers = headers_of(signed_in_client(community_manager))

    async def scenario():
        async with live_socket(headers) as socket:
            assert await subscribe(socket, queue=True) == {"type": "subscribed", "queue": True}
            clock.advance(3601)
            await socket.send_json_to({"action": "subscribe", "queue": True})
            await assert_closed(socket)

    async_to_sync(scenario)()


def test_a_queue_hears_nothing_once_the_session_is_past_its_end(community_manager, clock, short_sessions, theme,
                                                                author, colleague):
    from tests.factories import IdeaFactory
    from ideas.models import Stage

    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    headers = headers_of(signed_in_client(community_manager))

    async def scenario():
        async with live_socket(headers) as socket:
            assert await subscribe(socket, queue=True) == {"type": "subscribed", "queue": True}
            clock.advance(3601)
            await database_sync_to_async(content_flag)(target=idea, by=colleague, reason="Off topic")
            await assert_closed(socket)

    async_to_sync(scenario)()


# --- Signed out, deactivated ----------------------------------------------------------------


def test_signing_out_in_a_tab_closes_the_socket_at_its_next_subscription(colleague, published_idea):
    client = signed_in_client(colleague)
    headers = headers_of(client)

    async def scenario():
        async with live_socket(headers) as socket:
            assert await subscribe(socket, idea=published_idea.pk) == {"type": "subscribed", "idea": published_idea.pk}
            await sync_to_async(client.post)(reverse("account_logout"))
            await socket.send_json_to({"action": "subscribe", "idea": published_idea.pk})
            await assert_closed(socket)

    async_to_sync(scenario)()


def test_a_deactivated_account_is_closed_at_its_next_subscription(community_manager):
    headers = headers_of(signed_in_client(community_manager))

    def deactivate():
        community_manager.is_active = False
        community_manager.save(update_fields=["is_active"])

    async def scenario():
        async with live_socket(headers) as socket:
            await database_sync_to_async(deactivate)()
            await socket.send_json_to({"action": "subscribe", "queue": True})
            await assert_closed(socket)

    async_to_sync(scenario)()
