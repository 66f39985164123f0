"""core.events: sent after commit, a failing listener breaks nothing.
core.permissions: one way to ask, with no superuser bypass."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.dispatch import Signal

from core.events import send_on_commit
from core.permissions import can, require
from ideas import events
from ideas.models import Stage
from ideas.services import vote_cast
from tests.factories import IdeaFactory, UserFactory


def test_an_event_is_sent_once_the_transaction_commits(db, django_capture_on_commit_callbacks):
    signal, heard = Signal(), []
    signal.connect(lambda sender, **payload: heard.append(payload["value"]), weak=False)

    with django_capture_on_commit_callbacks(execute=True):
        send_on_commit(signal, object, value=42)
        assert heard == []

    assert heard == [42]


def test_a_failing_listener_is_logged_and_the_others_still_hear(db, django_capture_on_commit_callbacks, caplog):
    signal, heard = Signal(), []

    def broken(sender, **payload):
        raise RuntimeError("listener bug")

    signal.connect(broken, weak=False)
    signal.connect(lambda sender, **payload: heard.append("ok"), weak=False)

    with caplog.at_level(logging.ERROR, logger="core.events"), django_capture_on_commit_callbacks(execute=True):
        send_on_commit(signal, object)

    assert heard == ["ok"]
    assert "failed" in caplog.text and "listener bug" in caplog.text


def test_a_failing_listener_does_not_undo_a_support(author, colleague, django_capture_on_commit_callbacks):
    def broken(sender, **payload):
        raise RuntimeError("points service down")

    events.vote_cast.connect(broken, weak=False)
    try:
        idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)
        with django_capture_on_commit_callbacks(execute=True):
            assert vote_cast(idea=idea, by=colleague) is True
    finally:
        events.vote_cast.disconnect(broken)

    idea.refresh_from_db()
    assert idea.support_count == 1


def test_a_superuser_gets_no_silent_bypass(author, db):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    draft = IdeaFactory(author=author, stage=Stage.DRAFT)

    # Django's own check lets a superuser do anything...
    assert superuser.has_perm("ideas.change_idea", draft)
    # ...the platform asks the rules, which say it is the author's draft.
    assert not can(superuser, "ideas.change_idea", draft)
    assert not can(superuser, "ideas.view_idea", draft)
    with pytest.raises(PermissionDenied):
        require(superuser, "ideas.delete_idea", draft)


def test_an_anonymous_visitor_may_do_nothing(author):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)

    for permission in ("ideas.view_idea", "ideas.support_idea", "ideas.comment_idea", "ideas.add_idea"):
        assert not can(AnonymousUser(), permission, idea)


def test_an_unknown_permission_is_refused(author):
    assert not can(author, "ideas.launch_rocket")


def test_a_refusal_carries_the_message_given():
    with pytest.raises(PermissionDenied, match="Not today"):
        require(AnonymousUser(), "ideas.add_idea", message="Not today")


def test_an_immediate_listener_hears_the_event_at_commit_and_not_before(db, django_capture_on_commit_callbacks):
    from core.events import connect_immediate

    signal, heard = Signal(), []
    connect_immediate(signal, lambda sender, **payload: heard.append(payload["value"]), dispatch_uid="test.immediate")

    with django_capture_on_commit_callbacks(execute=True):
        send_on_commit(signal, object, value=7)
        assert heard == []

    assert heard == [7]
