from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from reports.tables import DAYS, EUROS, INT, PERCENT

register = template.Library()


@register.filter
def report_cell(value, kind: str) -> str:
    """A figure as the table shows it, in the reader's number format."""
    if value is None:
        return "–"
    if kind == PERCENT:
        # English writes "76.8%", French "76,8 %" (a narrow no-break space before the sign).
        return _("%(value)s%%") % {"value": number_format(round(value * 100, 1), 1)}
    if kind == DAYS:
        return number_format(round(value, 1), 1)
    if kind in (INT, EUROS) and isinstance(value, int):
        return number_format(value, 0, force_grouping=True)
    return str(value)
