"""Expert evaluation pages: an expert's evaluations to do, the scoring form, and an idea's
evaluations (community managers name the experts; those who decide read the scores)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import Conflict
from core.forms import add_service_errors
from core.permissions import can
from ideas.models import Coauthor, Idea

from ..evaluation_forms import AssignEvaluatorsForm, EvaluationForm
from ..evaluations import (
    active_criteria, evaluation_submit, evaluation_summary, evaluations_done, evaluations_to_do, evaluators_assign,
)
from ..models import Evaluation


@login_required
@require_GET
def evaluations_view(request):
    """An expert's evaluations: to do (oldest request first), then done."""
    return render(request, "moderation/evaluations.html", {
        "to_do": list(evaluations_to_do(evaluator=request.user)),
        "done": list(evaluations_done(evaluator=request.user)[:50]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_view(request, pk: int):
    """The expert scores the idea; once submitted, they read their scores and the others'."""
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("idea", "idea__theme", "requested_by"), pk=pk, evaluator=request.user
    )
    idea = evaluation.idea
    criteria = active_criteria()
    form = None
    status = 200
    if evaluation.submitted_at is None:
        form = EvaluationForm(request.POST or None, criteria=criteria)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    evaluation_submit(evaluation=evaluation, by=request.user, scores=form.scores(),
                                      comment=form.cleaned_data["comment"])
                except ValidationError as error:
                    add_service_errors(form, error)
                except (Conflict, PermissionDenied) as error:
                    form.add_error(None, getattr(error, "message", None) or str(error))
                    status = 409 if isinstance(error, Conflict) else 403
                else:
                    messages.success(request, _("Thank you: your evaluation is submitted. You can now read the other experts' scores."))
                    return redirect("moderation:evaluation", pk=evaluation.pk)
    elif request.method == "POST":
        messages.error(request, _("This evaluation is already submitted: it cannot be changed."))
        return redirect("moderation:evaluation", pk=evaluation.pk)
    return render(request, "moderation/evaluation.html", {
        "evaluation": evaluation, "idea": idea, "form": form, "may_submit": can(request.user, "moderation.submit_evaluation", evaluation),
        # Scores are read only by those the rule lets (never before one's own is submitted).
        "summary": evaluation_summary(idea=idea, viewer=request.user),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def idea_evaluations_view(request, pk: int):
    """An idea's experts and their scores; community managers ask experts here."""
    idea = get_object_or_404(
        Idea.objects.select_related("theme", "author").prefetch_related(
            Prefetch("coauthors", queryset=Coauthor.objects.only("id", "idea_id", "user_id"))
        ),
        pk=pk,
    )
    if not can(request.user, "ideas.view_idea", idea):
        raise Http404
    # A hidden idea is shown only to those who may read it (its author, moderators).
    if idea.hidden_at is not None and not can(request.user, "moderation.see_hidden_idea", idea):
        raise PermissionDenied(_("This idea is hidden by moderation."))
    may_assign = can(request.user, "moderation.assign_evaluators", idea)
    summary = evaluation_summary(idea=idea, viewer=request.user)
    if not may_assign and summary is None:
        raise PermissionDenied(_("Only community managers and top managers read the experts' scores."))
    form = AssignEvaluatorsForm(request.POST or None) if may_assign else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only community managers ask experts to evaluate ideas."))
        status = 400
        if form.is_valid():
            try:
                created = evaluators_assign(idea=idea, evaluators=form.cleaned_data["evaluators"], by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, ngettext(
                    "%(n)d expert is asked to evaluate the idea.", "%(n)d experts are asked to evaluate the idea.",
                    len(created),
                ) % {"n": len(created)} if created else _("These experts were already asked."))
                return redirect("moderation:idea_evaluations", pk=idea.pk)
    return render(request, "moderation/evaluation_idea.html", {
        "idea": idea, "form": form, "summary": summary,
    }, status=status)
