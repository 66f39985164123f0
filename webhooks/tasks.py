"""The worker's side of webhooks: one delivery per task, retried with backoff."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from core.scheduling import job_run

from . import receivers, services
from .models import Delivery


@shared_task(bind=True, acks_late=True, max_retries=None)
def webhook_deliver(self, delivery_id: int) -> str:
    try:
        outcome = services.delivery_attempt(delivery_id=delivery_id)
    except DatabaseError as error:
        raise self.retry(exc=error, countdown=30)
    if outcome == "retry":
        due = Delivery.objects.filter(pk=delivery_id).values_list("next_attempt_at", flat=True).first()
        wait = max((due - timezone.now()).total_seconds(), 1) if due else settings.WEBHOOK_RETRY_BASE_SECONDS
        raise self.retry(countdown=wait)
    return outcome


@shared_task(acks_late=True)
def webhooks_sweep() -> int:
    """Every minute: deliveries overdue (lost message, broker down at commit) are sent again;
    their own task's retries come first."""
    def sweep():
        due = services.deliveries_due(overdue=timedelta(seconds=settings.WEBHOOK_SWEEP_AFTER_SECONDS))
        for delivery_id in due:
            if services.broker_in_use():
                webhook_deliver.delay(delivery_id)
            else:
                services.delivery_attempt(delivery_id=delivery_id)
        return len(due)

    return job_run(name="webhooks_sweep", work=sweep, max_seconds=300) or 0


@shared_task(acks_late=True)
def webhooks_challenges_opened() -> int:
    """Every 5 minutes: challenges that opened by the clock in the last hour are told."""
    return job_run(name="webhooks_challenges_opened", max_seconds=300,
                   work=lambda: receivers.challenges_opened(within=timedelta(hours=1))) or 0
