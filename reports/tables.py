"""The report's figures as tables: one shape for the page, the charts and the exports, so
the numbers beside a chart, in the CSV and in the XLSX are the same numbers."""

from dataclasses import dataclass, field

LABEL, INT, PERCENT, DAYS, EUROS, TEXT = "label", "int", "percent", "days", "euros", "text"


@dataclass
class Column:
    label: str
    kind: str = INT


@dataclass
class Table:
    """`rows[i][0]` is the row's header (a label); the other cells follow `columns[1:]`.
    Percentages are fractions (0.6 is 60 %); missing figures are None."""

    id: str
    caption: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    # Which columns the chart draws (indexes into columns), and how.
    chart: str | None = None
    chart_columns: tuple[int, ...] = (1,)
    note: str = ""
    # The chart as inline SVG markup (reports.charts), set by the page.
    svg: str = ""

    @property
    def headers(self) -> list[str]:
        return [str(column.label) for column in self.columns]

    def cells(self):
        """Rows as (value, kind) pairs, for the template."""
        for row in self.rows:
            yield [(value, column.kind) for value, column in zip(row, self.columns, strict=True)]


def share(part, whole):
    return part / whole if whole else None
