from django import template
from datetime import timedelta

from django.utils import timezone
from django.utils.http import urlencode
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from core.permissions import can as can_perm
from core.reasons import reason_display

register = template.Library()


@register.simple_tag
def can(user, permission, obj=None) -> bool:
    """{% can user "ideas.support_idea" idea as may_support %}"""
    return can_perm(user, permission, obj)


@register.filter
def initials(user) -> str:
    parts = [user.first_name[:1], user.last_name[:1]] if (user.first_name or user.last_name) else [user.email[:1]]
    return "".join(parts).upper()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for sort and pages)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + urlencode(sorted(query.items()), doseq=False) if query else "?"


@register.filter
def duration(delta) -> str:
    """A waiting time in words ("3 days, 4 hours"), or a dash when there is none."""
    if delta is None:
        return "–"
    now = timezone.now()
    return timesince(now - delta, now)


@register.filter
def ago(moment) -> str:
    """How long ago, in words: "just now" under a minute (never "0 minutes ago")."""
    if moment is None:
        return ""
    now = timezone.now()
    if now - moment < timedelta(minutes=1):
        return _("just now")
    return _("%(age)s ago") % {"age": timesince(moment, now)}


@register.filter
def reason(stored: str) -> str:
    """A stored moderation reason in the reader's language (core/reasons.py)."""
    return reason_display(stored)
