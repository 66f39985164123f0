"""The idea lifecycle: which stage may follow which, and who may move it there.

    draft → submitted → published ──→ potential → analysis → project → pilot → deployed
                │  ↑         │              └───────────→ not retained (with reason)
                │  └ changes requested      └→ merged into another idea
                └→ rejected (reason shown to the author)
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import TransitionRefused
from core.events import send_on_commit
from core.permissions import can

from .. import events
from ..models import Idea, Stage, StageChange

# (from, to) → the permission the acting user needs on the idea.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Stage.DRAFT, Stage.SUBMITTED): "ideas.submit_idea",
    (Stage.CHANGES_REQUESTED, Stage.SUBMITTED): "ideas.submit_idea",
    (Stage.SUBMITTED, Stage.PUBLISHED): "moderation.approve_idea",
    (Stage.SUBMITTED, Stage.CHANGES_REQUESTED): "moderation.request_changes_idea",
    (Stage.SUBMITTED, Stage.REJECTED): "moderation.reject_idea",
    (Stage.PUBLISHED, Stage.POTENTIAL): "moderation.mark_potential_idea",
    (Stage.PUBLISHED, Stage.MERGED): "moderation.merge_idea",
    (Stage.POTENTIAL, Stage.ANALYSIS): "moderation.decide_idea",
    (Stage.ANALYSIS, Stage.PROJECT): "moderation.decide_idea",
    (Stage.PROJECT, Stage.PILOT): "moderation.decide_idea",
    (Stage.PROJECT, Stage.DEPLOYED): "moderation.decide_idea",
    (Stage.PILOT, Stage.DEPLOYED): "moderation.decide_idea",
    (Stage.POTENTIAL, Stage.NOT_RETAINED): "moderation.decide_idea",
    (Stage.ANALYSIS, Stage.NOT_RETAINED): "moderation.decide_idea",
    (Stage.PROJECT, Stage.NOT_RETAINED): "moderation.decide_idea",
    (Stage.PILOT, Stage.NOT_RETAINED): "moderation.decide_idea",
}

# Decisions the author must be able to understand.
REASON_REQUIRED = frozenset({Stage.CHANGES_REQUESTED, Stage.REJECTED, Stage.NOT_RETAINED, Stage.MERGED})

STAGE_EVENTS = {
    Stage.SUBMITTED: events.idea_submitted,
    Stage.PUBLISHED: events.idea_published,
    Stage.CHANGES_REQUESTED: events.idea_changes_requested,
    Stage.REJECTED: events.idea_rejected,
}


def allowed_targets(stage: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == stage]


def idea_transition(
    *, idea: Idea, to_stage: str, by, reason: str = "", merged_into: Idea | None = None, owner=None
) -> Idea:
    """Move an idea to another stage, recording who, when, from where and why.

    `owner`, when given, is the person who carries the idea from this step on (pipeline):
    it is set on the idea and recorded on the history row; None leaves the idea's owner as
    it is and records none.

    Raises TransitionRefused when the idea's current stage does not lead to `to_stage`,
    PermissionDenied when `by` may not take this step, ValidationError when a reason is
    required and missing. The caller's `idea` object is refreshed.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Idea.objects.select_for_update(of=("self",)).select_related("author", "author_entity", "theme").get(pk=idea.pk)
        from_stage = locked.stage
        permission = TRANSITIONS.get((from_stage, to_stage))
        if permission is None:
            raise TransitionRefused(
                _("An idea that is “%(from)s” cannot become “%(to)s”.")
                % {"from": Stage(from_stage).label, "to": Stage(to_stage).label}
            )
        if not can(by, permission, locked):
            raise PermissionDenied(_("You are not allowed to move this idea to “%(to)s”.") % {"to": Stage(to_stage).label})
        if (to_stage == Stage.MERGED) != (merged_into is not None):
            # Merging moves supports and followers: only moderation.merges does it.
            raise TransitionRefused(_("An idea is merged into another through the merge action."))
        if to_stage in REASON_REQUIRED and not reason:
            raise ValidationError({"reason": _("Please give a reason: the author will read it.")})

        now = timezone.now()
        locked.stage = to_stage
        locked.stage_changed_at = now
        fields = ["stage", "stage_changed_at", "updated_at"]
        if to_stage == Stage.SUBMITTED:
            locked.submitted_at = now
            fields.append("submitted_at")
        if to_stage == Stage.PUBLISHED and locked.published_at is None:
            locked.published_at = now
            fields.append("published_at")
        if merged_into is not None:
            locked.merged_into = merged_into
            fields.append("merged_into")
        if owner is not None:
            locked.owner = owner
            fields.append("owner")
        locked.save(update_fields=fields)
        StageChange.objects.create(
            idea=locked, from_stage=from_stage, to_stage=to_stage, actor=by, reason=reason, owner=owner
        )

        send_on_commit(
            events.idea_stage_changed, Idea, idea=locked, by=by, from_stage=from_stage, to_stage=to_stage, reason=reason,
            owner=locked.owner,
        )
        if to_stage in STAGE_EVENTS:
            send_on_commit(STAGE_EVENTS[to_stage], Idea, idea=locked, by=by, reason=reason)

    for field in ("stage", "stage_changed_at", "submitted_at", "published_at", "updated_at", "merged_into_id", "owner_id"):
        setattr(idea, field, getattr(locked, field))
    return idea
