"""With Redis, a live update crosses processes: a support given in one process (another
ASGI worker, a management command) reaches a websocket held by this one."""

import os
import subprocess
import sys
import textwrap

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection

from ideas.services import vote_cast
from tests.factories import UserFactory

from .conftest import live_socket, session_headers, subscribe

pytestmark = pytest.mark.django_db(transaction=True)

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="the in-memory channel layer lives in one process")


def test_a_group_message_sent_from_sync_code_after_commit_reaches_the_socket(published_idea, colleague):
    """The path every domain event takes: sync code, after commit, async_to_sync(group_send)."""
    headers = session_headers(colleague)
    supporter = UserFactory()

    async def scenario():
        async with live_socket(headers) as socket:
            await subscribe(socket, idea=published_idea.pk)
            from channels.db import database_sync_to_async

            await database_sync_to_async(vote_cast)(idea=published_idea, by=supporter)
            message = await socket.receive_json_from(timeout=5)
            assert (message["type"], message["count"]) == ("support", 1)

    async_to_sync(scenario)()
    layer = get_channel_layer()
    expected = "RedisChannelLayer" if settings.REDIS_URL else "InMemoryChannelLayer"
    assert type(layer).__name__ == expected


@needs_redis
def test_a_support_given_in_another_process_reaches_this_process_socket(published_idea, colleague):
    headers = session_headers(colleague)
    supporter = UserFactory()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = database["NAME"]
    else:
        # The other process reads the test database this test has committed to.
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        )
    script = textwrap.dedent(f"""
        import django
        django.setup()
        from accounts.models import User
        from ideas.models import Idea
        from ideas.services import vote_cast
        vote_cast(idea=Idea.objects.get(pk={published_idea.pk}), by=User.objects.get(pk={supporter.pk}))
    """)

    async def scenario():
        async with live_socket(headers) as socket:
            await subscribe(socket, idea=published_idea.pk)
            from channels.db import database_sync_to_async

            def other_process():
                subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60,
                               cwd=settings.BASE_DIR, capture_output=True)

            await database_sync_to_async(other_process)()
            message = await socket.receive_json_from(timeout=10)
            assert (message["type"], message["idea"], message["count"]) == ("support", published_idea.pk, 1)

    async_to_sync(scenario)()


@needs_redis
def test_the_channel_layer_uses_the_redis_database_named_in_the_url():
    # Test runs sharing a Redis server keep apart by database number (redis://host/5).
    assert get_channel_layer().hosts[0]["address"] == settings.REDIS_URL
