"""The executive report: one page of figures, charts and tables, filtered by the query
string (so its address can be shared), and each table exported as CSV or XLSX."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.db import reading_from_replica
from core.permissions import require

from .exports import table_csv, tables_xlsx
from .forms import ReportFilterForm
from .selectors import report_tables
from .snapshots import report_as_of, with_nonce

FORMATS = ("csv", "xlsx")


def _form(request) -> ReportFilterForm:
    require(request.user, "reports.view_reports",
            message=_("Reports are for executives, community managers and administrators."))
    return ReportFilterForm(request.GET)


@login_required
@require_GET
@reading_from_replica()
def report_view(request):
    form = _form(request)
    if not form.is_valid():
        return render(request, "reports/report.html", {"form": form}, status=400)
    data, generated_at = report_as_of(form.filters())
    # str(): django-csp's lazy nonce counts as false, and enters the header, only once read.
    nonce = str(request.csp_nonce) if hasattr(request, "csp_nonce") else ""
    for table in report_tables(data):
        table.svg = with_nonce(table.svg, nonce)
    return render(request, "reports/report.html", {
        "form": form, "data": data, "query": request.GET.urlencode(),
        "filters": form.filters(), "period_label": form.period_label(), "generated_at": generated_at,
        "last_day": form.last_day(),
    })


@login_required
@require_GET
@reading_from_replica()
def export_view(request, table: str, fmt: str):
    form = _form(request)
    if fmt not in FORMATS:
        raise Http404
    if not form.is_valid():
        return render(request, "reports/report.html", {"form": form}, status=400)
    tables = report_tables(report_as_of(form.filters())[0])
    stamp = timezone.localdate().isoformat()
    if table == "all" and fmt == "xlsx":
        return tables_xlsx(tables, f"multitude-report-{stamp}")
    chosen = next((t for t in tables if t.id == table), None)
    if chosen is None:
        raise Http404
    if fmt == "csv":
        return table_csv(chosen, f"multitude-{chosen.id}-{stamp}")
    return tables_xlsx([chosen], f"multitude-{chosen.id}-{stamp}")
