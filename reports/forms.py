from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import EntityChoiceField
from ideas.forms import ThemeChoiceField
from ideas.models import Challenge, Theme

from .selectors import Filters

PERIODS = [
    ("this_quarter", _("This quarter")),
    ("last_quarter", _("Last quarter")),
    ("year", _("This year")),
    ("all", _("Since the start")),
]
# What the first view covers; the list shows it selected, so label and figures agree.
DEFAULT_PERIOD = "all"


class ChallengeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_bounds(period: str, today: date) -> tuple[date | None, date | None]:
    """[first day, day after the last) of a preset period; (None, None) for all time."""
    start = quarter_start(today)
    if period == "this_quarter":
        return start, _next_quarter(start)
    if period == "last_quarter":
        previous = quarter_start(start - timedelta(days=1))
        return previous, start
    if period == "year":
        return date(today.year, 1, 1), date(today.year + 1, 1, 1)
    return None, None


def _next_quarter(start: date) -> date:
    return date(start.year + 1, 1, 1) if start.month == 10 else date(start.year, start.month + 3, 1)


class ReportFilterForm(forms.Form):
    """The report's filters, read from the query string so that a report's address can be
    shared. Dates, when given, take the place of the preset period."""

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To (included)"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    entity = EntityChoiceField(label=_("Business unit"), required=False, empty_label=_("All business units"),
                               help_text=_("Its sub-units are included."))
    theme = ThemeChoiceField(label=_("Theme"), queryset=Theme.objects.all(), required=False,
                             empty_label=_("All themes"))
    challenge = ChallengeChoiceField(label=_("Challenge"), queryset=Challenge.objects.order_by("-opens_at", "-id"),
                                     required=False, empty_label=_("All ideas"))

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not any(data.get(name) for name in ("period", "date_from", "date_to")):
            data = data.copy()
            data["period"] = DEFAULT_PERIOD
        super().__init__(data, *args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data

    def filters(self, *, today: date | None = None) -> Filters:
        data = self.cleaned_data
        today = today or timezone.localdate()
        start, end = data.get("date_from"), data.get("date_to")
        if start or end:
            end = end + timedelta(days=1) if end else None
        else:
            start, end = period_bounds(data.get("period") or DEFAULT_PERIOD, today)
        return Filters(start=_midnight(start), end=_midnight(end), entity=data.get("entity"),
                       theme=data.get("theme"), challenge=data.get("challenge"))

    def last_day(self, *, today: date | None = None) -> date | None:
        """The period's last day, included, as the filter's "To (included)" says it."""
        end = self.filters(today=today).end
        return timezone.localtime(end).date() - timedelta(days=1) if end else None

    def period_label(self, *, today: date | None = None) -> str:
        data = self.cleaned_data
        if data.get("date_from") or data.get("date_to"):
            return ""
        return str(dict(PERIODS)[data.get("period") or DEFAULT_PERIOD])


def _midnight(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))
