"""Scheduled work of the reports app (beat: config/settings/base.py CELERY_BEAT_SCHEDULE)."""

import io

from celery import shared_task
from django.core.management import call_command
from django.db import DatabaseError

from core.scheduling import job_run


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def reports_refresh() -> str | None:
    """Every few minutes: the usual report views computed ahead, so executives read them warm."""
    def refresh():
        out = io.StringIO()
        call_command("refresh_reports", stdout=out)
        return out.getvalue()

    return job_run(name="reports_refresh", work=refresh, max_seconds=1800, min_interval_seconds=60)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def report_rollups_refresh() -> dict | None:
    """Daily: the report's summary tables recomputed from the raw tables."""
    from .services import rollups_refresh

    return job_run(name="report_rollups_refresh", work=rollups_refresh, max_seconds=3 * 3600,
                   min_interval_seconds=12 * 3600)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def report_rollups_due_flush() -> int | None:
    """Every few seconds: the people and ideas marked by the domain events recomputed once."""
    from .rollups import rollups_due_flush

    return job_run(name="report_rollups_due_flush", work=rollups_due_flush, max_seconds=300)
