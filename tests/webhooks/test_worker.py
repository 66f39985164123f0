"""Webhooks on the worker tier: the idea is published through the service, the outbox hands
its event to a real Celery worker, whose listener records the delivery and whose task posts
it to the receiver the test runs."""

import shutil

import pytest

from ideas.models import Stage
from tests.core.worker import Broker, running_worker_tier, wait_until
from tests.factories import IdeaFactory, UserFactory
from webhooks.models import Delivery, Endpoint
from webhooks.services import endpoint_create

from .test_webhooks import verified

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server (Debian's redis-server)"),
]


@pytest.fixture
def worker_tier(settings, monkeypatch, receiver):
    monkeypatch.setenv("WEBHOOK_ALLOWED_HOSTS", "127.0.0.1")  # read by the worker's settings
    broker = Broker()
    broker.start()
    try:
        with running_worker_tier(settings, broker) as worker:
            yield worker
    finally:
        broker.stop()


def test_the_worker_posts_a_signed_event_for_a_published_idea(worker_tier, receiver):
    manager = UserFactory(roles=["community_manager"])
    endpoint = endpoint_create(by=manager, name="Intranet", url=receiver.url, kinds=["idea_published"])

    idea = IdeaFactory(stage=Stage.PUBLISHED, moderator=manager, title="Share the printers")

    wait_until(lambda: receiver.received, timeout=60, what="the delivery", log=worker_tier.log_text)
    body = verified(receiver.received[0], Endpoint.objects.get(pk=endpoint.pk).secret)
    assert body["event"] == "idea_published" and body["data"]["idea"]["id"] == idea.pk
    wait_until(lambda: Delivery.objects.filter(status=Delivery.Status.DELIVERED).exists(), timeout=10,
               what="the delivery log")
    assert "webhooks.tasks.webhook_deliver" in worker_tier.log_text()
