"""The correspondents' validation queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.errors import Conflict
from core.permissions import can, require
from ideas.forms import DecisionForm
from ideas.models import Idea

from .selectors import submission_queue
from .services import DECISIONS

DECISION_MESSAGES = {
    "approve": gettext_lazy("The idea is published."),
    "request_changes": gettext_lazy("The author was asked for changes."),
    "reject": gettext_lazy("The idea was rejected."),
}


@login_required
@require_GET
def queue_view(request):
    require(request.user, "moderation.view_queue", message=_("Only functional correspondents and community managers moderate ideas."))
    page = Paginator(submission_queue(viewer=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "moderation/queue.html", {"page_obj": page, "ideas": page.object_list, "form": DecisionForm()})


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
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("moderation:queue")
    try:
        DECISIONS[decision](idea=idea, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(DECISION_MESSAGES[decision]))
    return redirect(request.POST.get("next") if request.POST.get("next") == idea.get_absolute_url() else "moderation:queue")
