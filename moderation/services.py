"""Decisions of functional correspondents on submitted ideas. Each is a lifecycle
transition, so the stage rules, permissions, history and events are the lifecycle's;
this module adds the audit entry, in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.errors import Conflict
from ideas.models import Idea, Stage
from ideas.services import idea_transition

from .audit import Action, audit


def _decide(*, idea: Idea, by, to_stage: str, action: str, reason: str) -> Idea:
    with transaction.atomic():
        from_stage = Idea.objects.filter(pk=idea.pk).values_list("stage", flat=True).get()
        idea_transition(idea=idea, to_stage=to_stage, by=by, reason=reason)
        audit(actor=by, action=action, target=idea, before={"stage": from_stage}, after={"stage": to_stage}, reason=reason)
    return idea


def idea_approve(*, idea: Idea, by, reason: str = "") -> Idea:
    """Publish a submitted idea; the reason is an optional note to the author."""
    return _decide(idea=idea, by=by, to_stage=Stage.PUBLISHED, action=Action.APPROVE, reason=reason)


def idea_request_changes(*, idea: Idea, by, reason: str) -> Idea:
    return _decide(idea=idea, by=by, to_stage=Stage.CHANGES_REQUESTED, action=Action.REQUEST_CHANGES, reason=reason)


def idea_reject(*, idea: Idea, by, reason: str) -> Idea:
    return _decide(idea=idea, by=by, to_stage=Stage.REJECTED, action=Action.REJECT, reason=reason)


DECISIONS = {
    "approve": idea_approve,
    "request_changes": idea_request_changes,
    "reject": idea_reject,
}


def ideas_approve_many(*, ideas, by, reason: str = "") -> tuple[list[Idea], list[tuple[Idea, str]]]:
    """Approve several ideas, each in its own transaction: one that someone else decided
    meanwhile is reported, not a reason to lose the others. Returns (approved, refused
    with the reason)."""
    approved, refused = [], []
    for idea in ideas:
        try:
            idea_approve(idea=idea, by=by, reason=reason)
        except (Conflict, PermissionDenied, ValidationError) as error:
            message = getattr(error, "message", None) or " ".join(getattr(error, "messages", [str(error)]))
            refused.append((idea, str(message)))
        else:
            approved.append(idea)
    return approved, refused
