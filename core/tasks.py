"""The outbox's tasks: deliver one event, and hand over again what is still owed."""

import logging
import random
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from . import outbox
from .scheduling import job_run

logger = logging.getLogger(__name__)


def backoff(attempt: int) -> float:
    """Seconds before the next attempt: doubling from 1 s up to 5 minutes, with jitter."""
    return min(2 ** attempt, 300) * random.uniform(0.8, 1.2)  # noqa: S311 (not a secret)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def outbox_deliver(self, event_id: int) -> str:
    try:
        outcome = outbox.deliver_with_backlog(event_id)
    except DatabaseError as error:
        raise self.retry(exc=error, countdown=backoff(self.request.retries))
    if outcome is None:
        return "not owed or held"
    if outcome.delivered:
        return outcome.note or "delivered"
    if outcome.gave_up:
        return "gave up"
    # Some listeners failed: again later, only those (the event keeps their names).
    raise self.retry(countdown=backoff(self.request.retries))


@shared_task(acks_late=True)
def outbox_sweep() -> int:
    """Queue again every event still owed a little after its action: the broker was down
    when it committed, or its message was lost."""
    def sweep():
        owed = list(outbox.owed_events(older_than=timedelta(seconds=settings.OUTBOX_SWEEP_AFTER_SECONDS),
                                       limit=settings.OUTBOX_SWEEP_BATCH))
        return sum(outbox.queue_delivery(event_id) for event_id in owed)

    return job_run(name="outbox_sweep", work=sweep, max_seconds=60) or 0


@shared_task(acks_late=True)
def outbox_purge() -> int:
    return job_run(name="outbox_purge", max_seconds=3600, min_interval_seconds=3600,
                   work=lambda: outbox.outbox_purge(older_than=timedelta(days=settings.OUTBOX_KEEP_DAYS)))
