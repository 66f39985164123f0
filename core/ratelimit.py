"""Per-person limits on the writes that can flood the site: posting ideas, commenting,
supporting and reporting. One mechanism for the pages and the API, so that switching from
one to the other buys nothing: `RateLimitMiddleware` counts the writes sent to the views
that `RATE_LIMITED_VIEWS` names, in the default cache (Redis when configured, so every
worker shares the counters), in fixed windows.

Settings (config/settings/base.py):
    RATE_LIMITS = {"idea": "20/h", ...}   action → "<count>/<period>", period s, m, h or d,
                                          optionally with a number ("30/10m"); None: no limit
    RATE_LIMITS_ENABLED = True

Over the limit: 429 with Retry-After. The API answers in its error format (code
"throttled"); a page gets a short page saying what happened and when to try again; an htmx
request gets the sentence alone (the page shows it where the fragment would have gone).
"""

import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _, ngettext

# URL name → the action its writes count as.
RATE_LIMITED_VIEWS = {
    "ideas:create": "idea",
    "api:ideas-list": "idea",
    "ideas:comment": "comment",
    "api:idea-comments": "comment",
    "ideas:support": "support",
    "api:idea-vote": "support",
    "moderation:flag": "flag",
}
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """"20/h" → (20, 3600); "30/10m" → (30, 600)."""
    match = _RATE.match(rate or "")
    if not match:
        raise ValueError(f"Not a rate: {rate!r} (expected e.g. 20/h or 30/10m)")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _PERIODS[unit]


@dataclass(frozen=True)
class Limited:
    action: str
    retry_after: int


def hit(user, action: str, *, now: float | None = None) -> Limited | None:
    """Count one `action` by `user`; a Limited when it goes over the limit, else None."""
    if not getattr(settings, "RATE_LIMITS_ENABLED", True):
        return None
    rate = getattr(settings, "RATE_LIMITS", {}).get(action)
    if not rate:
        return None
    allowed, period = parse_rate(rate)
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"ratelimit:{action}:{user.pk}:{period}:{window}"
    # add() is a no-op when the key exists; incr() is atomic in Redis and in the local cache.
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=period + 1)
        count = 1
    if count <= allowed:
        return None
    return Limited(action=action, retry_after=max(1, math.ceil((window + 1) * period - now)))


def limited_message(limited: Limited) -> str:
    what = {
        "idea": _("You have posted many ideas in a short time."),
        "comment": _("You have posted many comments in a short time."),
        "support": _("You have supported or withdrawn many times in a short time."),
        "flag": _("You have sent many reports in a short time."),
    }.get(limited.action, _("You have done this many times in a short time."))
    minutes = math.ceil(limited.retry_after / 60)
    wait = ngettext("Please try again in %(count)d minute.", "Please try again in %(count)d minutes.", minutes) % {
        "count": minutes}
    return f"{what} {wait}"


def limited_response(request, limited: Limited) -> HttpResponse:
    message = limited_message(limited)
    if request.path.startswith("/api/"):
        from core.api.errors import error_body

        response = JsonResponse(error_body("throttled", message), status=429)
    elif getattr(request, "htmx", False):
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(limited.retry_after)
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in WRITE_METHODS:
            return None
        match = request.resolver_match
        action = RATE_LIMITED_VIEWS.get(match.view_name) if match else None
        if action is None:
            return None
        user = _user_of(request)
        if user is None:
            return None  # anonymous writes are refused by the views themselves
        limited = hit(user, action)
        return limited_response(request, limited) if limited else None


def _user_of(request):
    """The person behind the request: the session's, or the API token's (DRF authenticates
    later, inside the view, so the bearer token is looked up here)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and request.path.startswith("/api/"):
        from accounts.tokens import api_token_authenticate

        found = api_token_authenticate(header.removeprefix("Bearer ").strip())
        if found:
            return found[0]
    return None
