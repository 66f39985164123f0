"""The notification pages, the follow button, and the small endpoints live pages call."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import local_url, query_text
from core.permissions import can
from ideas import services as idea_services
from ideas.fragments import comment_html
from ideas.models import Comment, Follow, Idea

from . import emails, services, texts
from .forms import FollowForm, PreferencesForm
from .models import Kind, Notification, Preference
from .selectors import followed_ideas, notifications_of, people_matching

NOTIFICATIONS_PER_PAGE = 20
PEOPLE_SEARCH_LIMIT = 8


def _may_see(user, idea: Idea) -> bool:
    return can(user, "ideas.view_idea", idea) and (
        idea.hidden_at is None or can(user, "moderation.see_hidden_idea", idea)
    )


def _safe_next(request, fallback: str) -> str:
    return local_url(request, request.POST.get("next") or request.GET.get("next")) or fallback


@login_required
@require_GET
def notification_list_view(request):
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(notifications_of(user=request.user, unread_only=unread_only), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    items = [
        {"notification": n, "text": texts.describe(n, request.user), "detail": texts.detail(n), "url": texts.target_url(n)}
        for n in page.object_list
    ]
    return render(request, "notifications/list.html", {"page_obj": page, "items": items, "unread_only": unread_only})


@login_required
@require_POST
def notification_read_view(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification, by=request.user)
    return redirect(_safe_next(request, "notifications:list"))


@login_required
@require_POST
def notification_read_all_view(request):
    changed = services.notifications_mark_all_read(by=request.user)
    if changed:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_GET
def unread_count_view(request):
    response = JsonResponse({"count": services.unread_count(user_id=request.user.pk)})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences_view(request):
    current = dict(Preference.objects.filter(user=request.user).values_list("kind", "channel"))
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_set(by=request.user, choices=form.choices())
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
@require_GET
def people_search_view(request):
    """Suggestions for @mentions: a few active colleagues whose name starts as typed."""
    search = query_text(request.GET.get("q"), 60)
    people = people_matching(search=search, limit=PEOPLE_SEARCH_LIMIT) if len(search) >= 2 else []
    response = JsonResponse({"results": [
        {"id": person.pk, "name": person.display_name, "entity": person.entity.name if person.entity_id else ""}
        for person in people
    ]})
    # The same letters typed again within a minute need not reach the server.
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
@require_GET
def comment_fragment_view(request, pk: int):
    """One comment as the idea page shows it, for a page told that it was posted or changed."""
    comment = get_object_or_404(
        Comment.objects.select_related("idea__author", "idea__author_entity", "idea__theme", "author__entity"), pk=pk
    )
    idea = comment.idea
    if not _may_see(request.user, idea):
        raise Http404
    response = HttpResponse(comment_html(request, comment))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def follow_view(request, pk: int):
    idea = get_object_or_404(Idea.objects.select_related("author", "author_entity", "theme"), pk=pk)
    if not _may_see(request.user, idea):
        raise Http404
    form = FollowForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose to follow or to unfollow."))
    if form.cleaned_data["action"] == "follow":
        idea_services.idea_follow(idea=idea, by=request.user)
    else:
        idea_services.idea_unfollow(idea=idea, by=request.user)
    if request.htmx:
        idea.viewer_follows = Follow.objects.filter(idea=idea, user=request.user).exists()
        return render(request, "notifications/_follow.html", {"idea": idea})
    if form.cleaned_data["action"] == "follow":
        messages.success(request, _("You follow this idea: you will hear of its comments and progress."))
    else:
        messages.success(request, _("You no longer follow this idea."))
    return redirect(idea)


@login_required
@require_GET
def following_view(request):
    page = Paginator(followed_ideas(user=request.user), settings.IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/following.html", {"page_obj": page, "ideas": page.object_list})



# Mail clients post the one-click unsubscribe (RFC 8058) without a session or CSRF token:
# the signed token in the address is what proves the request comes from the e-mail.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token: str):
    found = emails.unsubscribe_token_read(token)
    person = None
    if found is not None:
        person = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if person is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    kinds = [Kind(kind) for kind in found[1] if kind in Kind.values]
    done = None
    if request.method == "POST":
        done = services.email_unsubscribe(user=person, kinds=kinds)
    return render(request, "notifications/unsubscribe.html",
                  {"kinds": kinds, "done": done is not None, "token": token, "person": person})
