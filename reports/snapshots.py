"""The report as of a moment: its figures and charts, computed at most once per
REPORT_CACHE_SECONDS for the same filters and language (the labels are translated), so
that executives opening the same report do not each recount the whole programme (seconds
at ten times Eurêka's size) nor redraw its charts. Every reader with the report's
permission sees the same figures: nobody's own view is shared. The page says the time the
figures are of."""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .charts import render_chart
from .selectors import Filters, report, report_tables

# Charts are drawn once with this in place of the page's CSP nonce; each page puts its own.
NONCE_PLACEHOLDER = "report-chart-nonce"


def _computed(filters: Filters) -> tuple[dict, datetime]:
    data = report(filters)
    for table in report_tables(data):
        table.svg = render_chart(table, nonce=NONCE_PLACEHOLDER)
    return data, timezone.now()


def report_as_of(filters: Filters) -> tuple[dict, datetime]:
    """The report (each table with its chart drawn) and the time its figures are of."""
    seconds = settings.REPORT_CACHE_SECONDS
    if seconds <= 0:
        return _computed(filters)
    key = "reports:v1:" + ":".join(str(part) for part in (
        translation.get_language(), filters.start and filters.start.isoformat(),
        filters.end and filters.end.isoformat(), filters.entity and filters.entity.pk,
        filters.theme and filters.theme.pk, filters.challenge and filters.challenge.pk,
    ))
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = _computed(filters)
        cache.set(key, snapshot, seconds)
    return snapshot


def with_nonce(svg: str, nonce: str) -> str:
    """A chart drawn by report_as_of, its style allowed by this page's nonce."""
    if not svg:
        return svg
    # Still the serialiser's escaped markup (reports.charts): only the placeholder changes.
    return mark_safe(svg.replace(f'nonce="{NONCE_PLACEHOLDER}"', f'nonce="{nonce}"' if nonce else ""))  # noqa: S308
