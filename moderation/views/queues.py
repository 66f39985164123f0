"""The console's landing summary and the queue of ideas awaiting validation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from core.errors import Conflict
from core.http import local_url
from core.permissions import can, require
from ideas.models import Idea
from ideas.similar_views import suggestion

from ..forms import BulkApproveForm, DecisionForm, QueueFilterForm
from ..selectors import QueueSort, moderator_summary, service_level, submission_queue
from ..services import DECISIONS, ideas_approve_many
from ..similar import similar_for_queue

DECISION_MESSAGES = {
    "approve": gettext_lazy("The idea is published."),
    "request_changes": gettext_lazy("The author was asked for changes."),
    "reject": gettext_lazy("The idea was rejected."),
}

QUEUE_PAGE_SIZE = 25
QUEUE_REFUSED = gettext_lazy("Only functional correspondents and community managers moderate ideas.")


def _back(request, default: str):
    return redirect(local_url(request, request.POST.get("next")) or default)


@login_required
@require_GET
def console_view(request):
    if not can(request.user, "moderation.view_pipeline"):
        require(request.user, "moderation.view_queue", message=str(QUEUE_REFUSED))
    return render(request, "moderation/console.html", {"summary": moderator_summary(request.user)})


@login_required
@require_GET
def queue_view(request):
    require(request.user, "moderation.view_queue", message=str(QUEUE_REFUSED))
    form = QueueFilterForm(request.GET)
    form.is_valid()  # a stale value drops only its own filter
    filters = form.cleaned_data
    ideas = submission_queue(
        viewer=request.user, theme=filters.get("theme"), entity=filters.get("entity"),
        sort=filters.get("sort") or QueueSort.OLDEST,
    )
    page = Paginator(ideas.select_related("similar_found"), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    similar = similar_for_queue(list(page.object_list))
    for idea in page.object_list:
        idea.similar_list = [suggestion(found) for found in similar[idea.pk]]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "moderation/queue.html", {
        "filter_form": form, "page_obj": page, "ideas": page.object_list, "form": DecisionForm(),
        "level": service_level(ideas, "submitted_at"), "querystring": query.urlencode(),
    })


@login_required
@require_POST
def decide_view(request, pk: int, decision: str):
    if decision not in DECISIONS:
        raise Http404
    idea = get_object_or_404(Idea.objects.select_related("author", "author_entity", "theme"), pk=pk)
    if not can(request.user, "ideas.view_idea", idea):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return _back(request, "moderation:queue")
    try:
        DECISIONS[decision](idea=idea, by=request.user, reason=form.cleaned_data["full_reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(DECISION_MESSAGES[decision]))
    return _back(request, "moderation:queue")


@login_required
@require_POST
def bulk_approve_view(request):
    require(request.user, "moderation.view_queue", message=str(QUEUE_REFUSED))
    candidates = submission_queue(viewer=request.user)
    form = BulkApproveForm(request.POST, choices=request.POST.getlist("ideas"))
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return _back(request, "moderation:queue")
    # Only ideas still waiting in this moderator's scope; the service re-checks each one.
    ideas = list(candidates.filter(pk__in=form.cleaned_data["ideas"]))
    approved, refused = ideas_approve_many(ideas=ideas, by=request.user, reason=form.cleaned_data["reason"])
    missing = len(set(form.cleaned_data["ideas"])) - len(ideas)
    if approved:
        messages.success(request, ngettext("%(n)d idea published.", "%(n)d ideas published.", len(approved)) % {"n": len(approved)})
    for idea, reason in refused:
        messages.error(request, _("“%(title)s” was not published: %(reason)s") % {"title": idea.title, "reason": reason})
    if missing:
        messages.warning(request, ngettext(
            "%(n)d idea was no longer waiting for you.", "%(n)d ideas were no longer waiting for you.", missing
        ) % {"n": missing})
    return _back(request, "moderation:queue")
