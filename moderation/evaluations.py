"""Expert evaluation of ideas with potential or awaiting analysis.

A community manager asks experts (from any business unit, never the idea's author or
co-authors) to evaluate an idea. Each expert scores every active criterion from 1 to 5
and writes a comment, once: a submitted evaluation is final, so that nobody adjusts their
scores after reading the others'. Until they have submitted, an expert sees nobody else's
scores (rule `moderation.view_evaluation_scores`); top managers and community managers
see each expert's scores and the aggregate, which the pipeline decision page shows.
"""

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict
from core.events import send_on_commit
from core.permissions import can, require
from ideas.models import Coauthor, Idea

from .audit import Action, audit
from .events import evaluation_requested, evaluation_submitted
from .models import SCORE_MAX, SCORE_MIN, Evaluation, EvaluationCriterion, Score

MAX_EVALUATORS = 10
COMMENT_MAX = 5000


def active_criteria() -> list[EvaluationCriterion]:
    return list(EvaluationCriterion.objects.filter(is_active=True).order_by("position", "id"))


# --- Writes ---------------------------------------------------------------------------------

def evaluators_assign(*, idea: Idea, evaluators, by) -> list[Evaluation]:
    """Ask `evaluators` to evaluate `idea`. Experts already asked are left as they are;
    returns the evaluations created. Raises PermissionDenied unless `by` is a community
    manager and the idea has potential or awaits analysis; ValidationError (key
    "evaluators") for the author, a co-author, an inactive account or too many at once."""
    people = list({person.pk: person for person in evaluators}.values())
    with transaction.atomic():
        locked = Idea.objects.select_for_update(of=("self",)).select_related("theme").get(pk=idea.pk)
        require(by, "moderation.assign_evaluators", locked, _("Only community managers ask experts to evaluate "
                                                              "ideas with potential or awaiting analysis."))
        if not people:
            raise ValidationError({"evaluators": _("Name at least one expert.")})
        if len(people) > MAX_EVALUATORS:
            raise ValidationError({"evaluators": _("Ask at most %(n)d experts at once.") % {"n": MAX_EVALUATORS}})
        authors = {locked.author_id, *Coauthor.objects.filter(idea=locked).values_list("user_id", flat=True)}
        errors = []
        for person in people:
            if person.pk in authors:
                errors.append(_("%(name)s wrote this idea and cannot evaluate it.") % {"name": person.display_name})
            elif not person.is_active:
                errors.append(_("%(name)s no longer has an active account.") % {"name": person.display_name})
        if errors:
            raise ValidationError({"evaluators": errors})
        already = set(Evaluation.objects.filter(idea=locked).values_list("evaluator_id", flat=True))
        created = []
        for person in people:
            if person.pk in already:
                continue
            try:
                with transaction.atomic():
                    evaluation = Evaluation.objects.create(idea=locked, evaluator=person, requested_by=by)
            except IntegrityError:  # asked by someone else at the same moment
                continue
            created.append(evaluation)
        if created:
            audit(actor=by, action=Action.ASSIGN_EVALUATORS, target=locked,
                  after={"evaluators": [e.evaluator.display_name for e in created]})
    for evaluation in created:
        send_on_commit(evaluation_requested, Evaluation, evaluation=evaluation, idea=locked,
                       evaluator=evaluation.evaluator, by=by)
    return created


def evaluation_submit(*, evaluation: Evaluation, by, scores: dict, comment: str) -> Evaluation:
    """Record the expert's scores (criterion code → 1..5, every active criterion) and
    comment. Final: raises Conflict if already submitted, PermissionDenied for anyone
    but the expert or once the idea has left potential/analysis, ValidationError (keyed
    by criterion code, or "comment") for a missing or out-of-scale score."""
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update(of=("self",)).select_related("idea").get(pk=evaluation.pk)
        if locked.evaluator_id != by.pk:
            raise PermissionDenied(_("You cannot submit this evaluation."))
        if locked.submitted_at is not None:
            raise Conflict(_("This evaluation is already submitted: it cannot be changed."))
        require(by, "moderation.submit_evaluation", locked, _("You cannot submit this evaluation."))
        criteria = active_criteria()
        errors: dict[str, str] = {}
        values: dict[int, int] = {}
        for criterion in criteria:
            raw = scores.get(criterion.code)
            try:
                value = int(raw)
            except (TypeError, ValueError):
                errors[criterion.code] = _("Give a score from %(min)d to %(max)d.") % {"min": SCORE_MIN, "max": SCORE_MAX}
                continue
            if not SCORE_MIN <= value <= SCORE_MAX:
                errors[criterion.code] = _("Give a score from %(min)d to %(max)d.") % {"min": SCORE_MIN, "max": SCORE_MAX}
            else:
                values[criterion.pk] = value
        if not comment:
            errors["comment"] = _("Explain your scores in a comment: the decision makers read it.")
        elif len(comment) > COMMENT_MAX:
            errors["comment"] = _("Keep the comment under %(n)d characters.") % {"n": COMMENT_MAX}
        if errors:
            raise ValidationError(errors)
        Score.objects.bulk_create([Score(evaluation=locked, criterion_id=pk, value=v) for pk, v in values.items()])
        locked.comment = comment
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["comment", "submitted_at"])
    send_on_commit(evaluation_submitted, Evaluation, evaluation=locked, idea=locked.idea, by=by)
    evaluation.comment, evaluation.submitted_at = locked.comment, locked.submitted_at
    return locked


# --- Reads ----------------------------------------------------------------------------------

def evaluations_of(*, evaluator) -> QuerySet:
    """An expert's evaluations, with their idea and scores."""
    return (
        Evaluation.objects.filter(evaluator=evaluator)
        .select_related("idea", "idea__theme", "requested_by")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )


def evaluations_to_do(*, evaluator) -> QuerySet:
    return evaluations_of(evaluator=evaluator).filter(submitted_at__isnull=True).order_by("requested_at", "id")


def evaluations_done(*, evaluator) -> QuerySet:
    return evaluations_of(evaluator=evaluator).filter(submitted_at__isnull=False).order_by("-submitted_at", "-id")


def pending_evaluations(*, older_than: timedelta, now=None) -> QuerySet:
    """Evaluations asked for more than `older_than` ago and still not submitted, for
    reminders; only on ideas still being evaluated."""
    now = now or timezone.now()
    return (
        Evaluation.objects.filter(submitted_at__isnull=True, requested_at__lte=now - older_than,
                                  idea__stage__in=_evaluated_stages(), idea__hidden_at__isnull=True)
        .select_related("idea", "evaluator")
        .order_by("requested_at", "id")
    )


def _evaluated_stages():
    from .rules import EVALUATED_STAGES

    return sorted(EVALUATED_STAGES)


@dataclass
class CriterionSummary:
    criterion: EvaluationCriterion
    count: int
    mean: float | None
    low: int | None
    high: int | None
    stdev: float | None  # population standard deviation; 0 with a single score


@dataclass
class EvaluationSummary:
    """An idea's expert evaluations as those who decide read them."""

    evaluations: list[Evaluation]
    criteria: list[CriterionSummary] = field(default_factory=list)
    submitted: int = 0
    pending: int = 0

    @property
    def overall_mean(self) -> float | None:
        means = [c.mean for c in self.criteria if c.mean is not None]
        return sum(means) / len(means) if means else None


def evaluation_summary(*, idea: Idea, viewer) -> EvaluationSummary | None:
    """The evaluations of `idea` with the mean, spread and count per criterion, or None
    when `viewer` may not see scores. Three queries whatever the number of experts."""
    if not can(viewer, "moderation.view_evaluation_scores", idea):
        return None
    evaluations = list(
        Evaluation.objects.filter(idea=idea).select_related("evaluator", "evaluator__entity")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("submitted_at", "requested_at", "id")
    )
    return summarise(evaluations)


def summarise(evaluations: list[Evaluation]) -> EvaluationSummary:
    submitted = [e for e in evaluations if e.submitted_at is not None]
    by_criterion: dict[int, tuple[EvaluationCriterion, list[int]]] = {}
    for evaluation in submitted:
        for score in evaluation.scores.all():
            by_criterion.setdefault(score.criterion_id, (score.criterion, []))[1].append(score.value)
    rows = []
    for criterion, values in sorted(by_criterion.values(), key=lambda row: (row[0].position, row[0].pk)):
        rows.append(CriterionSummary(
            criterion=criterion, count=len(values), mean=statistics.fmean(values), low=min(values), high=max(values),
            stdev=statistics.pstdev(values),
        ))
    return EvaluationSummary(
        evaluations=evaluations, criteria=rows, submitted=len(submitted), pending=len(evaluations) - len(submitted),
    )


def with_viewer_evaluation(queryset: QuerySet, viewer) -> QuerySet:
    """Annotates whether `viewer` still has to evaluate each idea, so the score rule asks
    nothing more per row."""
    return queryset.annotate(viewer_evaluation_pending=Exists(
        Evaluation.objects.filter(idea=OuterRef("pk"), evaluator=viewer, submitted_at__isnull=True)
    ))


def evaluation_counts() -> dict:
    """For the console: evaluations pending across the platform and the oldest request."""
    from django.db.models import Count, Min

    return Evaluation.objects.filter(submitted_at__isnull=True).aggregate(count=Count("pk"), oldest=Min("requested_at"))
