"""Reads for the audit log: the filtered entries (newest first), their before/after as
readable differences, and the rows of its CSV export."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.reasons import reason_display
from ideas.models import Stage

from .models import AuditEntry

# Target types offered by the filter: code → (app label, model name).
TARGET_TYPES = {
    "idea": ("ideas", "idea"),
    "comment": ("ideas", "comment"),
    "user": ("accounts", "user"),
}


def audit_entries(
    *, actor=None, action: str = "", target_type: str = "", since: date | None = None, until: date | None = None,
    search: str = "",
) -> QuerySet:
    """Audit entries matching every given filter, newest first, with their actor and
    target type. `until` is inclusive (the whole day); `search` looks in the target's
    label and the reason."""
    queryset = AuditEntry.objects.all()
    if actor is not None:
        queryset = queryset.filter(actor=actor)
    if action:
        queryset = queryset.filter(action=action)
    if target_type in TARGET_TYPES:
        app_label, model = TARGET_TYPES[target_type]
        queryset = queryset.filter(target_type__app_label=app_label, target_type__model=model)
    if since is not None:
        queryset = queryset.filter(created_at__gte=_start_of(since))
    if until is not None:
        queryset = queryset.filter(created_at__lt=_start_of(until + timedelta(days=1)))
    for word in search.split()[:5]:
        queryset = queryset.filter(Q(target_label__icontains=word) | Q(reason__icontains=word))
    return queryset.select_related("actor", "target_type").order_by("-created_at", "-id")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


# How the keys written by the services read in the log; unknown keys show as written.
KEY_LABELS = {
    "stage": _("stage"),
    "hidden": _("hidden"),
    "hidden_reason": _("reason for hiding"),
    "owner": _("owner"),
    "owner_id": _("owner (number)"),
    "benefit_savings_eur": _("annual savings (euros)"),
    "benefit_quality": _("quality indicator"),
    "merged_into": _("merged into idea"),
    "supports_copied": _("supports copied"),
    "followers_copied": _("followers copied"),
    "coauthor_credited": _("co-author credited"),
    "supports_returned": _("supports given back"),
    "followers_returned": _("followers given back"),
    "support_count": _("supports"),
    "suspended_until": _("suspended until"),
    "warning": _("warning"),
    "reports": _("reports settled"),
    "theme": _("theme"),
    "title": _("title"),
    "body": _("description"),
}


def _readable(key: str, value):
    if value is None:
        return None
    if key == "stage" and value in Stage.values:
        return Stage(value).label
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


@dataclass(frozen=True)
class Difference:
    key: str
    before: object
    after: object

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def label(self):
        return KEY_LABELS.get(self.key, self.key)

    @property
    def before_text(self):
        return _readable(self.key, self.before)

    @property
    def after_text(self):
        return _readable(self.key, self.after)


def differences(entry: AuditEntry) -> list[Difference]:
    """Every key of the before and after states, in the order they were written."""
    before, after = entry.before or {}, entry.after or {}
    keys = list(dict.fromkeys([*before, *after]))
    return [Difference(key, before.get(key), after.get(key)) for key in keys]


def target_url(entry: AuditEntry) -> str:
    """Where the target can be seen, when it is an idea (no query: the id is enough)."""
    if (entry.target_type.app_label, entry.target_type.model) == TARGET_TYPES["idea"]:
        return reverse("ideas:detail", args=[entry.target_id])
    return ""


# --- CSV export ---------------------------------------------------------------------------

CSV_HEADER = ["time", "actor", "actor_email", "action", "target_type", "target_id", "target_label", "before", "after",
              "reason"]
# A spreadsheet runs a cell beginning with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_rows(queryset: QuerySet, *, language: str | None = None):
    """The header, then one row per entry; read in chunks, so any size streams. Rows are
    written after the view returned: ready-made reasons come in `language`, given then."""
    yield CSV_HEADER
    language = language or translation.get_language()
    for entry in queryset.iterator(chunk_size=500):
        with translation.override(language):
            reason = reason_display(entry.reason)
        yield [csv_safe(cell) for cell in (
            entry.created_at.isoformat(),
            entry.actor.display_name if entry.actor_id else "",
            entry.actor.email if entry.actor_id else "",
            entry.action,
            f"{entry.target_type.app_label}.{entry.target_type.model}",
            entry.target_id,
            entry.target_label,
            json.dumps(entry.before, ensure_ascii=False, sort_keys=True),
            json.dumps(entry.after, ensure_ascii=False, sort_keys=True),
            reason,
        )]
