"""The pipeline after publication. Moderators (correspondents in scope, community managers)
mark a published idea as having potential; top managers take it through analysis →
project → pilot → deployed, or not retained.

Every step is a lifecycle transition (ideas.services.idea_transition: stage rules,
permission, history row, `idea_stage_changed` event) with, in the same transaction:
a decision note (public, on the idea's timeline), an owner, the measured benefit once
deployed, and an audit entry.

Owner: optional for "has potential" and "analysis" (nobody carries the idea yet), required
from "in project" on — a project, a pilot and a deployment each need someone accountable.
A step that names nobody keeps the idea's current owner.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Conflict, TransitionRefused
from core.permissions import can, require
from ideas.models import Idea, Stage
from ideas.services import idea_transition
from ideas.services.lifecycle import TRANSITIONS, allowed_targets

from .audit import Action, audit

# The steps this module takes; merging has its own service (moderation.merges).
PIPELINE_TARGETS = (Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED, Stage.NOT_RETAINED)
# Stages in which an idea waits for a pipeline decision.
AWAITING_STAGES = (Stage.PUBLISHED, Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT)
OWNER_REQUIRED = frozenset({Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED})
SAVINGS_MAX_EUR = 1_000_000_000


def pipeline_targets(*, idea: Idea, user) -> list[str]:
    """The pipeline steps `user` may take on `idea` now. Asks the database nothing when
    the idea comes with its author and co-authors (the pipeline queue and the idea page)."""
    if idea.hidden_at is not None:
        return []
    return [
        to for to in allowed_targets(idea.stage)
        if to in PIPELINE_TARGETS and can(user, TRANSITIONS[(idea.stage, to)], idea)
    ]


def _snapshot(idea: Idea, *, with_benefit: bool) -> dict:
    state = {
        "stage": idea.stage,
        "owner": idea.owner.display_name if idea.owner_id else "",
        "owner_id": idea.owner_id,
    }
    if with_benefit:
        state["benefit_savings_eur"] = idea.benefit_savings_eur
        state["benefit_quality"] = idea.benefit_quality
    return state


def idea_pipeline_step(
    *, idea: Idea, to_stage: str, by, note: str, owner=None, savings_eur: int | None = None, quality: str = ""
) -> Idea:
    """Take one pipeline step on `idea`, with the decision `note` (required), the `owner`
    (required from project on unless the idea has one), and for a deployed idea the
    measured benefit (`savings_eur` a year and/or a `quality` indicator, at least one).

    Raises TransitionRefused (HTTP 409) when the idea's stage does not lead to `to_stage`,
    PermissionDenied when `by` may not take the step, Conflict when the idea is hidden,
    ValidationError (keyed by note, owner, savings_eur, quality, benefit) when a decision
    detail is missing or wrong. Nothing is written unless everything is.
    """
    note = (note or "").strip()
    quality = (quality or "").strip()
    with transaction.atomic():
        locked = (
            Idea.objects.select_for_update(of=("self",))
            .select_related("author", "author_entity", "theme", "owner")
            .get(pk=idea.pk)
        )
        from_stage = locked.stage
        if to_stage not in PIPELINE_TARGETS or (from_stage, to_stage) not in TRANSITIONS:
            raise TransitionRefused(
                _("An idea that is “%(from)s” cannot become “%(to)s”.")
                % {"from": Stage(from_stage).label, "to": Stage(to_stage).label if to_stage in Stage.values else to_stage}
            )
        require(by, TRANSITIONS[(from_stage, to_stage)], locked,
                _("You are not allowed to move this idea to “%(to)s”.") % {"to": Stage(to_stage).label})
        if locked.hidden_at is not None:
            raise Conflict(_("This idea is hidden by moderation: restore it before deciding on it."))

        errors: dict[str, str] = {}
        if not note:
            errors["note"] = _("Please write a decision note: it is shown on the idea's timeline.")
        if owner is not None and not owner.is_active:
            errors["owner"] = _("The owner must be an active colleague.")
        effective_owner = owner or locked.owner
        if to_stage in OWNER_REQUIRED and effective_owner is None:
            errors["owner"] = _("Name the owner who carries the idea from now on.")
        deployed = to_stage == Stage.DEPLOYED
        if deployed:
            if savings_eur is None and not quality:
                errors["benefit"] = _("Give the measured benefit: annual savings in euros, a quality indicator, or both.")
            elif savings_eur is not None and not 0 <= savings_eur <= SAVINGS_MAX_EUR:
                errors["savings_eur"] = _("Give the annual savings as a whole number of euros.")
        elif savings_eur is not None or quality:
            errors["benefit"] = _("The measured benefit is recorded when the idea is deployed.")
        if errors:
            raise ValidationError(errors)

        before = _snapshot(locked, with_benefit=deployed)
        idea_transition(idea=locked, to_stage=to_stage, by=by, reason=note, owner=effective_owner)
        locked.owner = effective_owner
        if deployed:
            locked.benefit_savings_eur = savings_eur
            locked.benefit_quality = quality
            Idea.objects.filter(pk=locked.pk).update(benefit_savings_eur=savings_eur, benefit_quality=quality)
        audit(
            actor=by, action=Action.STAGE_CHANGE, target=locked,
            before=before, after=_snapshot(locked, with_benefit=deployed), reason=note,
        )

    for field in ("stage", "stage_changed_at", "updated_at", "owner", "benefit_savings_eur", "benefit_quality"):
        setattr(idea, field, getattr(locked, field))
    return idea
