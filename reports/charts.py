"""Charts drawn on the server as SVG with pygal, from a report table's numbers.

pygal writes its SVG through an XML serialiser, which escapes every label (a business unit
named "<b>" comes out as "&lt;b&gt;"); it also adds an inline <script> with its
configuration and links its tooltip script from a CDN. We ask for no external script
(`js=[]`) and drop the inline one and the comments from the tree before serialising, so the
page runs no script from the chart at all. The site's Content-Security-Policy allows inline
styles only with the request's nonce: the chart's <style> gets it, and its one style
attribute (the hidden tooltip) becomes a presentation attribute. The chart is decoration
for sighted readers: the same numbers are in the table beside it."""

from xml.etree import ElementTree

import pygal
from django.utils.safestring import mark_safe
from pygal.style import Style

from .tables import PERCENT, Table

SVG = "{http://www.w3.org/2000/svg}"
# Dark text on white, series colours with at least 3:1 contrast against white.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2328",
    foreground_strong="#1f2328",
    foreground_subtle="#59636e",
    opacity=".9",
    opacity_hover="1",
    colors=("#1f5fbf", "#b3461b", "#2b7a3d", "#7b3fa0", "#8a6100", "#a3214f"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=16,
    major_label_font_size=16,
    value_font_size=15,
    legend_font_size=16,
    title_font_size=15,
    tooltip_font_size=13,
)
KINDS = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar, "funnel": pygal.HorizontalBar, "line": pygal.Line}


def _value(value, kind: str):
    if value is None:
        return None
    return round(value * 100, 1) if kind == PERCENT else value


def render_chart(table: Table, *, nonce: str = "") -> str:
    """The table's chart as inline SVG markup, or "" when it has none or no rows."""
    if not table.chart or not table.rows:
        return ""
    rows = table.rows
    horizontal = table.chart in ("hbar", "funnel")
    if horizontal:
        rows = list(reversed(rows))  # pygal draws the first label at the bottom
    if table.chart == "funnel":
        rows = [row for row in rows if any(row[i] for i in table.chart_columns)]
    kinds = {table.columns[i].kind for i in table.chart_columns}
    many = len(rows) > 20
    chart = KINDS[table.chart](
        style=STYLE, js=[], disable_xml_declaration=True, explicit_size=False,
        width=800, height=max(300, 34 * len(rows) + 120) if horizontal else 400,
        show_legend=len(table.chart_columns) > 1, legend_at_bottom=True, legend_at_bottom_columns=2,
        x_label_rotation=0 if horizontal else (45 if many else 20),
        show_minor_x_labels=not many, x_labels_major_every=max(1, len(rows) // 12) if many else None,
        # Values printed only on lines (dark on white); on bars they would lack contrast.
        truncate_label=40, print_values=table.chart == "line" and not many and len(table.chart_columns) == 1,
        show_dots=not many,
        value_formatter=(lambda v: f"{v:g} %") if kinds == {PERCENT} else (lambda v: f"{v:g}"),
        margin=12, spacing=8, include_x_axis=True,
    )
    chart.x_labels = [str(row[0]) for row in rows]
    for index in table.chart_columns:
        column = table.columns[index]
        chart.add(str(column.label), [_value(row[index], column.kind) for row in rows])
    return _clean(chart.render_tree(), label=table.caption, nonce=nonce)


def _clean(root, *, label: str, nonce: str) -> str:
    for parent in root.iter():
        for child in list(parent):
            if child.tag in (f"{SVG}script", "script") or child.tag is ElementTree.Comment:
                parent.remove(child)
    for element in root.iter():
        if element.tag in (f"{SVG}style", "style") and nonce:
            element.set("nonce", str(nonce))
        style = element.attrib.pop("style", None)
        if style:
            for declaration in style.split(";"):
                name, _colon, value = declaration.partition(":")
                if name.strip() and value.strip():
                    element.set(name.strip(), value.strip())
    root.set("role", "img")
    root.set("aria-label", str(label))
    root.set("focusable", "false")
    # The serialiser escapes every text and attribute: the markup holds no raw user text.
    return mark_safe(ElementTree.tostring(root, encoding="unicode"))  # noqa: S308
