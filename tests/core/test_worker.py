"""The worker tier, end to end: actions through the pages, their side effects applied by a
real Celery worker, and nothing lost when the broker stops or the worker is killed."""

import shutil

import pytest
from django.db import transaction
from django.urls import reverse

from core.models import OutboxEvent, ScheduledJob
from gamification.models import LedgerEntry, PointsRule, Score
from ideas.models import Stage, Vote
from notifications.models import Kind, Notification
from tests.factories import IdeaFactory, UserFactory
from tests.support import HTMX

from .worker import Broker, running_worker_tier, wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server (Debian's redis-server)"),
]


@pytest.fixture
def broker():
    broker = Broker()
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def worker_tier(broker, settings, migrations_data):
    """This process publishes to the broker; a worker (with its beat) consumes from it."""
    with running_worker_tier(settings, broker) as worker:
        yield worker


def points_of(user) -> int:
    return Score.objects.filter(user=user).values_list("total", flat=True).first() or 0


def ledger_sum(user) -> int:
    return sum(LedgerEntry.objects.filter(user=user).values_list("points", flat=True))


def all_delivered():
    return not OutboxEvent.objects.filter(delivered_at__isnull=True).exists()


def support_through_the_page(client, idea):
    response = client.post(reverse("ideas:support", args=[idea.pk]), {"action": "support"}, headers=HTMX)
    assert response.status_code == 200
    return response


def test_a_support_answers_at_once_and_the_worker_gives_the_points_and_the_notification(worker_tier, client):
    # Given a published idea and a colleague
    author = UserFactory()
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    supporter = UserFactory()
    client.force_login(supporter)
    wait_until(all_delivered, timeout=30, what="the publication's delivery")
    author_before = points_of(author)

    # When the colleague supports it through the page
    support_through_the_page(client, idea)

    # Then the support and its count are there at once, and the event is owed
    assert Vote.objects.filter(idea=idea, user=supporter).exists()
    assert OutboxEvent.objects.filter(name="ideas.vote_cast").exists()
    # And the worker gives both people their point and tells the author
    wait_until(all_delivered, timeout=30, what="the delivery")
    assert (points_of(supporter), points_of(author)) == (1, author_before + 1)
    assert Notification.objects.filter(recipient=author, kind=Kind.SUPPORTS, idea=idea).exists()


def test_supports_made_while_the_broker_is_down_get_their_effects_once_it_is_back(worker_tier, broker, client):
    # Given a published idea, and the broker stopped
    author = UserFactory()
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED)
    people = [UserFactory() for _ in range(6)]
    wait_until(all_delivered, timeout=30, what="the publication's delivery")
    author_before = points_of(author)
    broker.stop()

    # When six people support the idea meanwhile, each answered at once
    for person in people:
        client.force_login(person)
        support_through_the_page(client, idea)
    assert Vote.objects.filter(idea=idea).count() == 6
    assert OutboxEvent.objects.filter(delivered_at__isnull=True).count() == 6

    # Then, once the broker is back, the sweep hands the owed events to the worker
    broker.start()
    wait_until(all_delivered, timeout=90, what="every owed event delivered after the restart", log=worker_tier.log_text)
    assert [points_of(person) for person in people] == [1] * 6
    assert points_of(author) == author_before + 6 == ledger_sum(author)
    assert Notification.objects.filter(recipient=author, kind=Kind.SUPPORTS, idea=idea).exists()
    assert ScheduledJob.objects.get(name="outbox_sweep").last_succeeded_at is not None


def test_a_worker_killed_mid_delivery_leaves_no_duplicate_and_no_missing_ledger_row(worker_tier, broker, client):
    # Given three ideas of one author, and ten people who support all three while no worker runs
    author = UserFactory()
    ideas = [IdeaFactory(author=author, stage=Stage.PUBLISHED) for _ in range(3)]
    people = [UserFactory() for _ in range(10)]
    wait_until(all_delivered, timeout=30, what="the publications' delivery")
    author_before = points_of(author)
    worker_tier.stop()
    for person in people:
        client.force_login(person)
        for idea in ideas:
            support_through_the_page(client, idea)
    # (each handed to the broker by its request, not left to the sweep)
    assert broker.queued() >= 30  # (the beat is stopped with the worker: no sweep adds to it)

    # When a worker takes the deliveries while the author's score is locked (on PostgreSQL
    # they stop midway, the supporter's points written and the author's waiting; on SQLite
    # at their first write), and is killed (SIGKILL) in the middle of them
    with transaction.atomic():
        Score.objects.select_for_update().get(user=author)
        worker_tier.start()
        wait_until(lambda: worker_tier.log_text().count("outbox_deliver") >= 2, timeout=90,
                   what="deliveries under way", log=worker_tier.log_text)
        worker_tier.kill()

    # And another starts
    worker_tier.start()

    # Then every event is delivered once the leases run out, and the ledger is exact
    wait_until(all_delivered, timeout=60, what="every event delivered by the new worker")
    given = LedgerEntry.objects.filter(rule__code=PointsRule.Code.SUPPORT_GIVEN)
    assert given.count() == 30 and given.filter(kind=LedgerEntry.Kind.REVERSAL).count() == 0
    received = LedgerEntry.objects.filter(user=author, rule__code=PointsRule.Code.SUPPORT_RECEIVED)
    assert received.count() == 30
    for person in [*people, author]:
        assert points_of(person) == ledger_sum(person)
    assert points_of(author) == author_before + 30
