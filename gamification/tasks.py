"""Scheduled work of the gamification app (beat: config/settings/base.py CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.db import DatabaseError

from core.scheduling import job_run

from .segments import snapshot_segments


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def segments_snapshot_weekly() -> str | None:
    """Weekly: each person's segment of the week, kept for the trends (replaces the week's)."""
    def snapshot():
        week, count = snapshot_segments()
        return f"{week.isoformat()}: {count} people"

    return job_run(name="segments_snapshot", work=snapshot, max_seconds=3 * 3600, min_interval_seconds=3 * 24 * 3600)
