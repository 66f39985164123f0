"""The report as of a moment: its figures and charts, computed at most once per
REPORT_CACHE_SECONDS for the same filters and language (the labels are translated), so
that executives opening the same report do not each recount the whole programme (about
ten seconds at ten times Eurêka's size) nor redraw its charts. Every reader with the
report's permission sees the same figures: nobody's own view is shared. The page says the
time the figures are of.

Once the figures are older than that, one request recomputes them while the others keep
reading the previous ones (a lock in the cache); only a report never computed makes its
readers wait for the first computation. `manage.py refresh_reports`, run from cron as
often as REPORT_CACHE_SECONDS, computes the usual reports ahead, so nobody waits."""

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .charts import render_chart
from .selectors import Filters, report, report_tables

# Charts are drawn once with this in place of the page's CSP nonce; each page puts its own.
NONCE_PLACEHOLDER = "report-chart-nonce"
# Old figures stay readable this long, while newer ones are computed.
KEPT_FOR = 24 * 3600
# Longer than any computation: a crashed one frees the lock by itself.
LOCK_SECONDS = 300
WAIT_SECONDS = 60


def _computed(filters: Filters) -> tuple[dict, datetime]:
    data = report(filters)
    for table in report_tables(data):
        table.svg = render_chart(table, nonce=NONCE_PLACEHOLDER)
    return data, timezone.now()


def _key(filters: Filters) -> str:
    return "reports:v2:" + ":".join(str(part) for part in (
        translation.get_language(), filters.start and filters.start.isoformat(),
        filters.end and filters.end.isoformat(), filters.entity and filters.entity.pk,
        filters.theme and filters.theme.pk, filters.challenge and filters.challenge.pk,
    ))


def report_refresh(filters: Filters) -> tuple[dict, datetime]:
    """Compute the report now and keep it for the readers to come."""
    snapshot = _computed(filters)
    if settings.REPORT_CACHE_SECONDS > 0:
        cache.set(_key(filters), snapshot, KEPT_FOR)
    return snapshot


def report_as_of(filters: Filters) -> tuple[dict, datetime]:
    """The report (each table with its chart drawn) and the time its figures are of."""
    seconds = settings.REPORT_CACHE_SECONDS
    if seconds <= 0:
        return _computed(filters)
    key = _key(filters)
    snapshot = cache.get(key)
    if snapshot is not None and timezone.now() - snapshot[1] < timedelta(seconds=seconds):
        return snapshot
    if cache.add(f"{key}:computing", 1, LOCK_SECONDS):
        try:
            return report_refresh(filters)
        finally:
            cache.delete(f"{key}:computing")
    if snapshot is not None:
        return snapshot  # someone is computing newer figures: these say their time
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.25)
        snapshot = cache.get(key)
        if snapshot is not None:
            return snapshot
    return report_refresh(filters)  # the computation that held the lock is gone


def with_nonce(svg: str, nonce: str) -> str:
    """A chart drawn by report_as_of, its style allowed by this page's nonce."""
    if not svg:
        return svg
    # Still the serialiser's escaped markup (reports.charts): only the placeholder changes.
    return mark_safe(svg.replace(f'nonce="{NONCE_PLACEHOLDER}"', f'nonce="{nonce}"' if nonce else ""))  # noqa: S308
