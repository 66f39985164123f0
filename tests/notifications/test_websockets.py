"""The live socket: who may open it, what each person may subscribe to, and what reaches
them. Every test drives the whole ASGI application (origin check, session, routing) and
the real channel layer of the run (in memory, or Redis when REDIS_URL is set)."""

import contextlib

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from ideas.models import Stage
from ideas.services import comment_post, idea_submit, vote_cast
from moderation.content import content_flag, content_hide
from moderation.services import idea_approve
from tests.factories import IdeaFactory, UserFactory

from .conftest import communicator_for, live_socket, session_headers, subscribe

pytestmark = pytest.mark.django_db(transaction=True)


def run(scenario):
    async_to_sync(scenario)()


async def first_of_type(socket, kind: str, *, timeout: float = 10, most: int = 5) -> dict:
    """The first message of `kind`, past the others sent by the same action (its listeners
    run in the order they were connected, on a worker or in-process: the bell's count may
    come before or after)."""
    for _ in range(most):
        message = await socket.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message
    raise AssertionError(f"no {kind} message among the first {most}")


def test_an_anonymous_visitor_cannot_open_the_socket():
    async def scenario():
        communicator = communicator_for(None)
        connected, _code = await communicator.connect()
        assert not connected
        await communicator.disconnect()

    run(scenario)


def test_a_socket_from_another_site_is_refused(colleague):
    communicator = communicator_for(colleague, origin="https://evil.example")

    async def scenario():
        connected, _code = await communicator.connect()
        assert not connected
        await communicator.disconnect()

    run(scenario)


def test_a_deactivated_account_cannot_open_the_socket(colleague):
    headers = session_headers(colleague)
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])

    async def scenario():
        from config.asgi import application
        from channels.testing import WebsocketCommunicator

        communicator = WebsocketCommunicator(application, "/ws/live/", headers=headers)
        connected, _code = await communicator.connect()
        assert not connected
        await communicator.disconnect()

    run(scenario)


def test_the_bell_hears_the_unread_count_at_once_and_when_a_notification_arrives(published_idea, author, colleague):
    headers = session_headers(author)

    async def scenario():
        async with live_socket(headers) as socket:
            # The publication of the idea is already there, unread.
            assert socket.hello == {"type": "unread", "count": 1}
            await database_sync_to_async(comment_post)(idea=published_idea, by=colleague, body="Count me in")
            assert await socket.receive_json_from(timeout=5) == {"type": "unread", "count": 2}

    run(scenario)


def test_an_idea_page_hears_supports_and_comments_without_their_text(published_idea, colleague, english):
    headers = session_headers(colleague)
    supporter = UserFactory()

    async def scenario():
        async with live_socket(headers) as socket:
            assert await subscribe(socket, idea=published_idea.pk, lang="en") == {
                "type": "subscribed", "idea": published_idea.pk,
            }
            await database_sync_to_async(vote_cast)(idea=published_idea, by=supporter)
            message = await socket.receive_json_from(timeout=5)
            assert message == {"type": "support", "idea": published_idea.pk, "count": 1, "label": "support"}

            comment = await database_sync_to_async(comment_post)(
                idea=published_idea, by=supporter, body="A **secret** plan"
            )
            message = await socket.receive_json_from(timeout=5)
            assert message["type"] == "comment.posted"
            assert message["comment"] == comment.pk
            assert message["comment_count"] == 1
            assert message["comment_count_label"] == "1 comment"
            assert "secret" not in str(message)

    run(scenario)


def test_the_labels_come_in_the_language_the_page_asks_for(published_idea, colleague):
    headers = session_headers(colleague)
    supporters = [UserFactory(), UserFactory()]

    async def scenario():
        async with live_socket(headers) as socket:
            await socket.send_json_to({"lang": "fr"})
            await subscribe(socket, idea=published_idea.pk)
            for supporter in supporters:
                await database_sync_to_async(vote_cast)(idea=published_idea, by=supporter)
            await socket.receive_json_from(timeout=5)
            assert await socket.receive_json_from(timeout=5) == {
                "type": "support", "idea": published_idea.pk, "count": 2, "label": "soutiens",
            }

    run(scenario)


@pytest.mark.parametrize("stage", [Stage.DRAFT, Stage.SUBMITTED, Stage.REJECTED])
def test_nobody_subscribes_to_an_idea_they_may_not_see(stage, author, colleague, theme, community_manager):
    idea = IdeaFactory(author=author, theme=theme, stage=stage, moderator=community_manager)
    headers = session_headers(colleague)

    async def scenario():
        async with live_socket(headers) as socket:
            assert await subscribe(socket, idea=idea.pk) == {"type": "refused", "idea": idea.pk}
            assert await subscribe(socket, idea="not a number") == {"type": "refused", "idea": None}
            assert await subscribe(socket, idea=10**9) == {"type": "refused", "idea": 10**9}

    run(scenario)


def test_the_author_and_the_correspondent_follow_a_submitted_idea_live(author, correspondent, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    author_headers, correspondent_headers = session_headers(author), session_headers(correspondent)

    async def scenario():
        async with live_socket(author_headers) as mine, live_socket(correspondent_headers) as theirs:
            assert (await subscribe(mine, idea=idea.pk))["type"] == "subscribed"
            assert (await subscribe(theirs, idea=idea.pk))["type"] == "subscribed"
            await database_sync_to_async(idea_approve)(idea=idea, by=correspondent)
            for socket in (mine, theirs):
                assert (await first_of_type(socket, "stage"))["stage"] == Stage.PUBLISHED

    run(scenario)


def test_a_hidden_idea_is_refused_to_colleagues_but_not_to_its_author(published_idea, author, colleague, community_manager):
    content_hide(target=published_idea, by=community_manager, reason="Personal data")
    colleague_headers, author_headers = session_headers(colleague), session_headers(author)

    async def scenario():
        async with live_socket(colleague_headers) as socket:
            assert (await subscribe(socket, idea=published_idea.pk))["type"] == "refused"
        async with live_socket(author_headers) as socket:
            assert (await subscribe(socket, idea=published_idea.pk))["type"] == "subscribed"

    run(scenario)


def test_once_an_idea_is_hidden_colleagues_hear_only_that_it_is(published_idea, author, colleague, community_manager):
    colleague_headers, author_headers = session_headers(colleague), session_headers(author)
    commenter = UserFactory()
    comment = comment_post(idea=published_idea, by=commenter, body="Before the hiding")

    async def scenario():
        async with live_socket(colleague_headers) as theirs, live_socket(author_headers) as mine:
            await subscribe(theirs, idea=published_idea.pk)
            await subscribe(mine, idea=published_idea.pk)
            await database_sync_to_async(content_hide)(target=published_idea, by=community_manager, reason="Rude")
            assert await theirs.receive_json_from(timeout=5) == {"type": "idea.hidden", "idea": published_idea.pk}
            message = await mine.receive_json_from(timeout=5)
            assert message["type"] == "idea.hidden" and message["notice"]

            # While hidden, changes to its comments reach the author only.
            await database_sync_to_async(content_hide)(target=comment, by=community_manager, reason="Rude too")
            message = await mine.receive_json_from(timeout=5)
            assert (message["type"], message["comment"]) == ("comment.changed", comment.pk)
            assert await theirs.receive_nothing(timeout=0.5)

    run(scenario)


def test_the_moderation_queue_hears_submissions_in_the_moderators_scope_only(
    author, theme, correspondent, other_theme_correspondent, division_correspondent, community_manager, colleague,
    sibling_division,
):
    in_scope = IdeaFactory(author=author, theme=theme)  # author works in the retail division
    outside_author = UserFactory(entity=sibling_division)
    outside_unit = IdeaFactory(author=outside_author, theme=theme)
    people = {
        "correspondent": correspondent, "other theme": other_theme_correspondent,
        "retail only": division_correspondent, "community manager": community_manager,
    }
    headers = {name: session_headers(person) for name, person in people.items()}
    colleague_headers = session_headers(colleague)

    async def scenario():
        async with live_socket(colleague_headers) as socket:
            assert await subscribe(socket, queue=True) == {"type": "refused", "queue": True}

        async with contextlib.AsyncExitStack() as stack:
            sockets = {name: await stack.enter_async_context(live_socket(h)) for name, h in headers.items()}
            for socket in sockets.values():
                assert await subscribe(socket, queue=True) == {"type": "subscribed", "queue": True}
            await database_sync_to_async(idea_submit)(idea=outside_unit, by=outside_author)
            await database_sync_to_async(idea_submit)(idea=in_scope, by=author)

            heard = {}
            for name, socket in sockets.items():
                messages = []
                while not await socket.receive_nothing(timeout=0.5):
                    messages.append(await socket.receive_json_from())
                heard[name] = [(m["type"], m["idea"]) for m in messages]
            both = [("queue.submitted", outside_unit.pk), ("queue.submitted", in_scope.pk)]
            assert heard == {
                "correspondent": both,
                "other theme": [],
                "retail only": [("queue.submitted", in_scope.pk)],
                "community manager": both,
            }

    run(scenario)


def test_reports_reach_the_community_managers_queue_only(published_idea, correspondent, community_manager, colleague):
    correspondent_headers, manager_headers = session_headers(correspondent), session_headers(community_manager)

    async def scenario():
        async with live_socket(correspondent_headers) as theirs, live_socket(manager_headers) as mine:
            await subscribe(theirs, queue=True)
            await subscribe(mine, queue=True)
            await database_sync_to_async(content_flag)(target=published_idea, by=colleague, reason="Off topic")
            message = await mine.receive_json_from(timeout=5)
            assert (message["type"], message["idea"]) == ("queue.flagged", published_idea.pk)
            assert await theirs.receive_nothing(timeout=0.5)

    run(scenario)


def test_an_unsubscribed_page_hears_no_more(published_idea, colleague):
    headers = session_headers(colleague)
    supporter = UserFactory()

    async def scenario():
        async with live_socket(headers) as socket:
            await subscribe(socket, idea=published_idea.pk)
            await socket.send_json_to({"action": "unsubscribe", "idea": published_idea.pk})
            await database_sync_to_async(vote_cast)(idea=published_idea, by=supporter)
            assert await socket.receive_nothing(timeout=0.5)

    run(scenario)
