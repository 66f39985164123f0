"""Scheduled work of the notifications app (beat: config/settings/base.py CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from core.scheduling import job_run

from .reminders import evaluation_reminders_send
from .services import digests_send

DAY = 24 * 3600


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def digests_send_daily() -> int | None:
    """Daily: each person's digest of what they chose to receive that way."""
    return job_run(name="digests_send", work=digests_send, max_seconds=3 * 3600, min_interval_seconds=DAY // 2)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def evaluation_reminders_send_daily() -> int | None:
    """Daily: experts whose evaluation has waited too long are reminded."""
    days = getattr(settings, "EVALUATION_REMINDER_DAYS", 5)
    return job_run(name="evaluation_reminders_send", work=lambda: evaluation_reminders_send(days=days),
                   max_seconds=3600, min_interval_seconds=DAY // 2)
