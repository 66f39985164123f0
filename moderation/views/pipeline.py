"""The pipeline queue (ideas awaiting a pipeline decision) and the decision form for one
idea, also included on the idea page for those who may decide."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import Conflict
from core.forms import add_service_errors
from core.http import local_url, query_text
from core.permissions import can, require
from ideas.models import Coauthor, Idea, Stage

from ..pipeline import idea_pipeline_step, pipeline_targets
from ..pipeline_forms import PipelineFilterForm, PipelineStepForm, canned_not_retained
from ..pipeline_queue import PipelineSort, owner_candidates, pipeline_queue, wait_level

PIPELINE_REFUSED = gettext_lazy("Only moderators and top managers take pipeline decisions.")
STEP_MESSAGES = {
    Stage.POTENTIAL: gettext_lazy("The idea is marked as having potential."),
    Stage.ANALYSIS: gettext_lazy("The idea awaits analysis."),
    Stage.PROJECT: gettext_lazy("The idea is in project."),
    Stage.PILOT: gettext_lazy("The idea is in pilot."),
    Stage.DEPLOYED: gettext_lazy("The idea is deployed: thank you for recording its benefit."),
    Stage.NOT_RETAINED: gettext_lazy("The idea is not retained; the author will read your note."),
}


def _next_url(request, default: str) -> str:
    return local_url(request, request.POST.get("next") or request.GET.get("next")) or default


@login_required
@require_GET
def pipeline_queue_view(request):
    require(request.user, "moderation.view_pipeline", message=str(PIPELINE_REFUSED))
    filter_form = PipelineFilterForm(request.GET)
    filter_form.is_valid()  # a stale value drops only its own filter
    filters = filter_form.cleaned_data
    ideas = pipeline_queue(
        viewer=request.user, theme=filters.get("theme"), stage=filters.get("stage") or "",
        entity=filters.get("entity"), sort=filters.get("sort") or PipelineSort.SUPPORTED,
    )
    level = wait_level(ideas)
    paginator = Paginator(ideas, settings.IDEAS_PER_PAGE)
    paginator.count = level.count  # already counted by the service level
    page = paginator.get_page(request.GET.get("page"))
    canned = canned_not_retained()
    rows = [
        (idea, PipelineStepForm(idea=idea, targets=pipeline_targets(idea=idea, user=request.user), canned=canned))
        for idea in page.object_list
    ]
    return render(request, "moderation/pipeline.html", {
        "filter_form": filter_form, "page_obj": page, "rows": rows, "level": level,
        "next": request.get_full_path(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def pipeline_decide_view(request, pk: int):
    idea = get_object_or_404(
        Idea.objects.select_related("theme", "author", "author_entity", "owner").prefetch_related(
            Prefetch("coauthors", queryset=Coauthor.objects.only("id", "idea_id", "user_id"))
        ),
        pk=pk,
    )
    if not can(request.user, "ideas.view_idea", idea):
        raise Http404
    targets = pipeline_targets(idea=idea, user=request.user)
    # A POST without a step to take still gets the form and its reason (someone decided
    # meanwhile), but only from someone who works the pipeline and may read the idea as it is.
    if not targets and (
        request.method == "GET" or not can(request.user, "moderation.view_pipeline")
        or (idea.hidden_at is not None and not can(request.user, "moderation.see_hidden_idea", idea))
    ):
        raise PermissionDenied(_("You cannot take a pipeline decision on this idea now."))
    form = PipelineStepForm(request.POST or None, idea=idea, targets=targets, canned=canned_not_retained())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                idea_pipeline_step(
                    idea=idea, to_stage=data["to_stage"], by=request.user, note=data["full_note"], owner=data["owner"],
                    savings_eur=data["savings_eur"], quality=data["quality"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except Conflict as error:
                # Wrong stage (someone decided meanwhile) or hidden idea: the state conflicts.
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, str(STEP_MESSAGES[data["to_stage"]]))
                return redirect(_next_url(request, idea.get_absolute_url()))
    return render(request, "moderation/pipeline_decide.html", {
        "idea": idea, "form": form, "next": _next_url(request, ""),
    }, status=status)


@login_required
@require_GET
def owner_search_view(request):
    """Suggestions for the owner picker: at most ten active colleagues, as JSON."""
    require(request.user, "moderation.view_pipeline", message=str(PIPELINE_REFUSED))
    search = query_text(request.GET.get("q"), 100)
    people = owner_candidates(search=search) if len(search) >= 2 else []
    return JsonResponse({"results": [
        {"email": person.email, "name": person.display_name, "entity": person.entity.name if person.entity_id else ""}
        for person in people
    ]})
