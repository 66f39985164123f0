"""Who may moderate what. Correspondents act on the submitted ideas of their themes (and
business units); community managers on all; nobody on their own ideas or their team's."""

import rules

from accounts.roles import manages
from accounts.rules import can_participate, is_active_member, is_administrator, is_executive
from ideas.models import Stage

from .scopes import is_moderator, may_moderate


@rules.predicate
def is_moderator_user(user) -> bool:
    return is_moderator(user)


@rules.predicate
def may_moderate_idea(user, idea) -> bool:
    return idea is not None and may_moderate(user, idea)


@rules.predicate
def is_submitted(user, idea) -> bool:
    return idea is not None and idea.stage == Stage.SUBMITTED


# Pipeline stages after "has potential", decided by top managers.
PIPELINE_STAGES = frozenset({Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT})


@rules.predicate
def is_published(user, idea) -> bool:
    return idea is not None and idea.stage == Stage.PUBLISHED


@rules.predicate
def is_in_pipeline(user, idea) -> bool:
    return idea is not None and idea.stage in PIPELINE_STAGES


@rules.predicate
def is_neither_author_nor_manager(user, idea) -> bool:
    return idea is not None and idea.author_id != user.pk and not manages(user, idea.author)


rules.add_perm("moderation.view_queue", is_active_member & is_moderator_user)
# Seeing an idea under review (before publication, or its rejection).
rules.add_perm("moderation.review_idea", is_active_member & may_moderate_idea)
rules.add_perm("moderation.approve_idea", can_participate & may_moderate_idea & is_submitted)
rules.add_perm("moderation.request_changes_idea", can_participate & may_moderate_idea & is_submitted)
rules.add_perm("moderation.reject_idea", can_participate & may_moderate_idea & is_submitted)
# The lifecycle (ideas.services.lifecycle.TRANSITIONS) names these; "merge_idea" waits for
# a merge service that carries the supports over.
rules.add_perm("moderation.mark_potential_idea", can_participate & may_moderate_idea & is_published)
rules.add_perm(
    "moderation.decide_idea",
    can_participate & (is_executive | is_administrator) & is_neither_author_nor_manager & is_in_pipeline,
)
