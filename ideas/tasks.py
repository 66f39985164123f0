"""Scheduled work of the ideas app (beat: config/settings/base.py CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.db import DatabaseError

from core.scheduling import job_run

from .services.trending import recent_supports_recount


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def trending_recount() -> int | None:
    """Hourly: each idea's count of the week's supports, recounted from the supports."""
    return job_run(name="trending_recount", work=recent_supports_recount, max_seconds=1800, min_interval_seconds=1200)
