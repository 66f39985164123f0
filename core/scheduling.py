"""Recurring jobs run by Celery beat: one run at a time, whatever the number of beats and
workers, and a record of when each last ran and how (core.models.ScheduledJob)."""

import logging
import traceback
from datetime import timedelta

from django.db import IntegrityError
from django.db.models import F, Q
from django.utils import timezone

from .models import ScheduledJob

logger = logging.getLogger(__name__)


def job_run(*, name: str, work, max_seconds: int, min_interval_seconds: int = 0):
    """Run `work()` as the job `name` unless another run holds it (or one started less than
    `min_interval_seconds` ago: a second beat's copy). Returns work's result, or None when
    skipped. A run that dies keeps the job until `max_seconds` have passed."""
    try:
        ScheduledJob.objects.get_or_create(name=name)
    except IntegrityError:
        pass  # created by a concurrent run
    now = timezone.now()
    free = Q(running_until__isnull=True) | Q(running_until__lt=now)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - timedelta(seconds=min_interval_seconds))
    taken = ScheduledJob.objects.filter(free, due, name=name).update(
        running_until=now + timedelta(seconds=max_seconds), last_started_at=now, runs=F("runs") + 1
    )
    if not taken:
        logger.info("Job %s skipped: running elsewhere or ran moments ago", name)
        return None
    try:
        result = work()
    except Exception:
        ScheduledJob.objects.filter(name=name).update(
            running_until=None, last_finished_at=timezone.now(), last_error=traceback.format_exc()[-5000:]
        )
        raise
    finished = timezone.now()
    ScheduledJob.objects.filter(name=name).update(
        running_until=None, last_finished_at=finished, last_succeeded_at=finished,
        last_result=str(result)[:1000], last_error="",
    )
    return result
