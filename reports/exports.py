"""A report table as CSV or XLSX, with the numbers as numbers (percentages as fractions in
XLSX with a percent format, as percentages with one decimal in CSV)."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from .tables import DAYS, PERCENT, Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A text cell starting with = + - @ is a formula to a spreadsheet: make it text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value, kind: str):
    if value is None:
        return ""
    if kind == PERCENT:
        return f"{value * 100:.1f}"
    return csv_safe(value) if isinstance(value, str) else value


def table_csv(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # so that spreadsheets read the accents as UTF-8
    writer = csv.writer(response)
    writer.writerow([csv_safe(label) + (" (%)" if column.kind == PERCENT else "")
                     for label, column in zip(table.headers, table.columns, strict=True)])
    for row in table.rows:
        writer.writerow([_csv_value(value, column.kind) for value, column in zip(row, table.columns, strict=True)])
    return response


def tables_xlsx(tables: list[Table], filename: str, *, title: str = "") -> HttpResponse:
    """One sheet per table, named after the table's id, the caption in the first row."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.id[:31])
        # openpyxl writes strings as strings (never formulas) unless they start with "=".
        sheet.append([csv_safe(table.caption)])
        sheet["A1"].font = Font(bold=True)
        if title:
            sheet.append([csv_safe(title)])
        sheet.append([csv_safe(label) for label in table.headers])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([csv_safe(value) for value in row])
            for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
                if column.kind == PERCENT:
                    cell.number_format = "0.0%"
                elif column.kind == DAYS:
                    cell.number_format = "0.0"
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
