"""The outbox without a broker (the embedded default): events written with their action,
delivered after commit, retried, given up visibly, retried by an administrator; scheduled
jobs one at a time."""

import importlib
import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from core import outbox
from core.models import OutboxEvent, ScheduledJob
from core.scheduling import job_run
from gamification.models import Score
from ideas import events
from ideas.models import Stage, Vote
from ideas.services import vote_cast, vote_withdraw
from tests.factories import IdeaFactory, UserFactory


@pytest.fixture
def published(author, correspondent):
    return IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)


@pytest.fixture
def failing_follow_listener():
    """A listener of `idea_followed` that fails until told otherwise."""
    state = {"fail": True, "heard": 0}

    def listener(sender, idea, by, **payload):
        if state["fail"]:
            raise RuntimeError("mail server down")
        state["heard"] += 1

    events.idea_followed.connect(listener, weak=False, dispatch_uid="tests.failing_follow")
    yield state
    events.idea_followed.disconnect(dispatch_uid="tests.failing_follow")


def test_an_action_writes_its_event_in_its_own_transaction(published, colleague):
    # When a support is rolled back with the transaction that made it
    with pytest.raises(RuntimeError), transaction.atomic():
        vote_cast(idea=published, by=colleague)
        assert OutboxEvent.objects.filter(name="ideas.vote_cast").count() == 1
        raise RuntimeError("the request failed after the support")

    # Then neither the support nor its event exists
    assert not Vote.objects.exists()
    assert not OutboxEvent.objects.filter(name="ideas.vote_cast").exists()


def test_without_a_broker_the_event_is_delivered_in_process_after_commit(
    published, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(idea=published, by=colleague)

    event = OutboxEvent.objects.get(name="ideas.vote_cast")
    assert event.delivered_at is not None and event.attempts == 1
    assert event.payload["idea"] == {"$model": "ideas.idea", "pk": published.pk}
    assert Score.objects.get(user=colleague).total == 1


def test_an_event_whose_objects_were_deleted_ends_quietly_with_a_note(published, colleague):
    # Given a support whose event is owed (committed, not yet delivered), then withdrawn
    vote_cast(idea=published, by=colleague)
    event = OutboxEvent.objects.get(name="ideas.vote_cast")
    vote_withdraw(idea=published, by=colleague)

    # When a worker delivers it
    outcome = outbox.deliver(event.pk)

    # Then it ends without effect, delivered with a note, and is never tried again
    assert outcome.delivered and "no longer exists" in outcome.note
    event.refresh_from_db()
    assert event.delivered_at is not None and "ideas.Vote" in event.note
    assert outbox.deliver(event.pk) is None
    assert not Score.objects.filter(user=colleague, total__gt=0).exists()


def test_a_failing_listener_is_retried_alone_then_given_up_visibly_then_retried_by_an_administrator(
    published, colleague, failing_follow_listener, admin_client, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    from ideas.services.follows import idea_follow

    # Given a follow whose listener fails
    with django_capture_on_commit_callbacks(execute=True):
        idea_follow(idea=published, by=colleague)
    event = OutboxEvent.objects.get(name="ideas.idea_followed")
    assert event.delivered_at is None and event.pending_listeners == ["tests.failing_follow"]
    assert "mail server down" in event.last_error

    # When the retry fails too, the event is given up and listed as failed for administrators
    assert outbox.deliver(event.pk).gave_up
    listing = admin_client.get(reverse("admin:core_outboxevent_changelist"), {"status": "failed"})
    assert listing.status_code == 200 and "ideas.idea_followed" in listing.content.decode()

    # When an administrator retries it once the listener works again
    failing_follow_listener["fail"] = False
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:core_outboxevent_changelist"),
                                     {"action": "retry", "_selected_action": [event.pk]}, follow=True)

    # Then only that listener runs again, and the event is delivered
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.delivered_at is not None and event.failed_at is None
    assert failing_follow_listener["heard"] == 1


def test_the_sweep_skips_events_held_by_a_running_delivery_and_takes_them_once_the_lease_ends(published, colleague):
    vote_cast(idea=published, by=colleague)
    event = OutboxEvent.objects.get(name="ideas.vote_cast")
    from datetime import timedelta

    from django.utils import timezone

    OutboxEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(minutes=1),
                                                   leased_until=timezone.now() + timedelta(minutes=1))
    assert list(outbox.owed_events(older_than=timedelta(seconds=10), limit=10)) == []
    assert outbox.deliver(event.pk) is None

    OutboxEvent.objects.filter(pk=event.pk).update(leased_until=timezone.now() - timedelta(seconds=1))
    assert list(outbox.owed_events(older_than=timedelta(seconds=10), limit=10)) == [event.pk]
    assert outbox.deliver(event.pk).delivered


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_job_runs_one_at_a_time_and_records_its_runs():
    started, release, results = threading.Event(), threading.Event(), []

    def slow():
        started.set()
        release.wait(timeout=10)
        return "done"

    def first():
        try:
            results.append(job_run(name="digests_send", work=slow, max_seconds=60))
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(timeout=10)
    # A second copy (another beat, another worker) while the first runs: skipped
    assert job_run(name="digests_send", work=lambda: "second", max_seconds=60) is None
    release.set()
    thread.join(timeout=10)

    assert results == ["done"]
    job = ScheduledJob.objects.get(name="digests_send")
    assert job.runs == 1 and job.last_result == "done" and job.running_until is None
    assert job.last_succeeded_at is not None
    # A run after the first has finished, past its minimum interval, goes ahead
    assert job_run(name="digests_send", work=lambda: "again", max_seconds=60) == "again"


@pytest.mark.django_db(transaction=True)
def test_a_failing_scheduled_job_records_its_error_and_frees_the_job():
    def broken():
        raise RuntimeError("SMTP refused")

    with pytest.raises(RuntimeError):
        job_run(name="digests_send", work=broken, max_seconds=60)
    job = ScheduledJob.objects.get(name="digests_send")
    assert "SMTP refused" in job.last_error and job.running_until is None and job.last_succeeded_at is None


def test_every_beat_entry_names_a_task_the_worker_finds():
    # The worker finds tasks in each installed app's tasks module (autodiscover_tasks) and names
    # them by module and function: each entry names a function of such a module.
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        module_name, _, function = entry["task"].rpartition(".")
        assert module_name.endswith(".tasks") and module_name.split(".")[0] in settings.INSTALLED_APPS, name
        assert function in vars(importlib.import_module(module_name)), name
