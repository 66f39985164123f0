"""Similar ideas while an idea is written: a JSON answer for the idea form's suggestion box
(static/js/similar.js) and for the moderation queue. The form works without it."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from core.http import query_text

from .similar import similar_ideas

# Typing sends at most about one request a second (the script waits for a pause).
RATE_PER_MINUTE = 60


def rate_limited(user, *, scope: str = "similar", per_minute: int = RATE_PER_MINUTE) -> bool:
    """Counts this person's requests in the shared cache, per minute."""
    key = f"rate:{scope}:{user.pk}"
    cache.add(key, 0, timeout=60)
    try:
        return cache.incr(key) > per_minute
    except ValueError:  # the counter expired between the two calls
        cache.set(key, 1, timeout=60)
        return False


def suggestion(idea) -> dict:
    """One suggestion as the form and the queue show it: no author (an idea may be posted
    without its author's name), its stage and how many colleagues support it."""
    return {
        "id": idea.pk,
        "title": idea.title,
        "url": idea.get_absolute_url(),
        "stage": idea.stage,
        "stage_label": str(idea.get_stage_display()),
        "supports": idea.support_count,
        "supports_label": ngettext("%(count)d support", "%(count)d supports", idea.support_count)
        % {"count": idea.support_count},
        "theme": idea.theme.name,
    }


def _exclude(request):
    value = request.GET.get("exclude") or ""
    return int(value) if value.isascii() and value.isdigit() else None


@login_required
@require_GET
def similar_view(request):
    if rate_limited(request.user, per_minute=getattr(settings, "SIMILAR_RATE_PER_MINUTE", RATE_PER_MINUTE)):
        return JsonResponse({"results": [], "detail": _("Too many requests. Try again in a minute.")}, status=429)
    ideas = similar_ideas(
        query_text(request.GET.get("title")), query_text(request.GET.get("body")), viewer=request.user,
        exclude=_exclude(request),
    )
    return JsonResponse({"results": [suggestion(idea) for idea in ideas]})
