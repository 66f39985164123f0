"""Decisions of functional correspondents on submitted ideas. Each is a lifecycle
transition, so the stage rules, permissions, history and events are the lifecycle's."""

from ideas.models import Idea, Stage
from ideas.services import idea_transition


def idea_approve(*, idea: Idea, by, reason: str = "") -> Idea:
    """Publish a submitted idea; the reason is an optional note to the author."""
    return idea_transition(idea=idea, to_stage=Stage.PUBLISHED, by=by, reason=reason)


def idea_request_changes(*, idea: Idea, by, reason: str) -> Idea:
    return idea_transition(idea=idea, to_stage=Stage.CHANGES_REQUESTED, by=by, reason=reason)


def idea_reject(*, idea: Idea, by, reason: str) -> Idea:
    return idea_transition(idea=idea, to_stage=Stage.REJECTED, by=by, reason=reason)


DECISIONS = {
    "approve": idea_approve,
    "request_changes": idea_request_changes,
    "reject": idea_reject,
}
