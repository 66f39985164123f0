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
from ideas.models import Idea, Stage, Vote
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


def _rows(queryset, *fields):
    return sorted(queryset.values_list(*fields))


def test_a_worker_delivers_a_backlog_of_supports_together_with_the_same_result_as_one_by_one(
    author, django_assert_num_queries
):
    from core.tasks import outbox_deliver
    from gamification.models import LedgerEntry
    from notifications.models import Kind, Notification
    from reports.models import ActivityDay, FirstContribution, IdeaRollup
    from reports.rollups import rollups_rebuild

    # Given three ideas of one author, four colleagues supporting each, and one of them
    # withdrawing a support then giving it again, while no worker runs (every event owed)
    ideas = [IdeaFactory(author=author, stage=Stage.PUBLISHED) for _ in range(3)]
    people = [UserFactory() for _ in range(4)]
    for person in people:
        for idea in ideas:
            vote_cast(idea=idea, by=person)
    vote_withdraw(idea=ideas[0], by=people[0])
    vote_cast(idea=ideas[0], by=people[0])
    casts = OutboxEvent.objects.filter(name="ideas.vote_cast", delivered_at__isnull=True).order_by("pk")
    assert casts.count() == 13

    # When a worker takes the first support: the twelve queued behind it come along (the
    # first one's support is gone, withdrawn: that event ends with a note)
    first = casts.first()
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(Vote, Idea)  # cached, as in a worker that has run before
    with django_assert_num_queries(162):  # one by one: about 40 an event
        assert outbox_deliver(first.pk) == f"ideas.Vote {first.payload['vote']['pk']} no longer exists"
    assert not casts.exists()
    withdrawal = OutboxEvent.objects.get(name="ideas.vote_withdrawn")
    assert withdrawal.delivered_at is None  # another kind: its own delivery
    assert outbox_deliver(withdrawal.pk) == "delivered"

    # Then every total equals its ledger: one point per support given and received
    for person in people:
        assert Score.objects.get(user=person).total == 3
    assert Score.objects.get(user=author).total - sum(
        LedgerEntry.objects.filter(user=author).values_list("points", flat=True)) == 0
    assert LedgerEntry.objects.filter(user=author, rule__code="support_received").exclude(kind="reversal").count() >= 12
    # And the author hears of each idea's four supporters in one notification per idea
    told = Notification.objects.filter(recipient=author, kind=Kind.SUPPORTS)
    assert sorted(told.values_list("idea_id", "count")) == sorted((idea.pk, 4) for idea in ideas)
    # And the report's summary rows of the ideas and supporters are what a full rebuild
    # computes (the factory made the ideas without their events: the author is not compared)
    def summary():
        return (_rows(IdeaRollup.objects.all(), "idea_id", "stage", "supported_outside"),
                _rows(ActivityDay.objects.filter(user__in=people), "user_id", "day", "theme_id", "supports"),
                _rows(FirstContribution.objects.filter(user__in=people), "user_id", "first_at"))

    before = summary()
    rollups_rebuild()
    assert before == summary()


def test_a_listener_failing_on_a_backlog_keeps_every_event_of_it_owed_then_delivers_them(
    published, settings
):
    from ideas.services.follows import idea_follow

    state = {"fail": True, "heard": []}

    def together(signal, sender, payloads):
        if state["fail"]:
            raise RuntimeError("chat server down")
        state["heard"].append(sorted(payload["by"].pk for payload in payloads))

    @outbox.delivered_together(together)
    def listener(sender, idea, by, **payload):
        together(None, sender, [{"idea": idea, "by": by}])

    events.idea_followed.connect(listener, weak=False, dispatch_uid="tests.together")
    try:
        # Given three follows owed
        people = [UserFactory() for _ in range(3)]
        for person in people:
            idea_follow(idea=published, by=person)
        owed = list(OutboxEvent.objects.filter(name="ideas.idea_followed").order_by("pk"))

        # When their backlog is delivered while the listener fails
        outcome = outbox.deliver_with_backlog(owed[0].pk)

        # Then all three keep that listener owed, with its error, and none is lost
        assert not outcome.delivered and outcome.failed_listeners == ["tests.together"]
        for event in owed:
            event.refresh_from_db()
            assert event.delivered_at is None and event.pending_listeners == ["tests.together"]
            assert "chat server down" in event.last_error and event.leased_until is None

        # When it works again, the next delivery runs only that listener, once for all three
        state["fail"] = False
        assert outbox.deliver_with_backlog(owed[1].pk).delivered
        assert state["heard"] == [sorted(person.pk for person in people)]
        assert not OutboxEvent.objects.filter(name="ideas.idea_followed", delivered_at__isnull=True).exists()
    finally:
        events.idea_followed.disconnect(dispatch_uid="tests.together")
