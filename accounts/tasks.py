"""Scheduled work of the accounts app (beat: config/settings/base.py CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.db import DatabaseError

from core.scheduling import job_run

from .personal_data import personal_data_purge


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def personal_data_purge_daily() -> dict | None:
    """Daily: what the retention periods no longer allow keeping is erased."""
    return job_run(name="personal_data_purge", work=personal_data_purge, max_seconds=3 * 3600,
                   min_interval_seconds=12 * 3600)
