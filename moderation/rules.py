"""Who may moderate what. Correspondents act on the submitted ideas of their themes (and
business units); community managers on all; nobody on their own ideas or their team's."""

import rules

from accounts.rules import can_participate, is_active_member
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


rules.add_perm("moderation.view_queue", is_active_member & is_moderator_user)
# Seeing an idea under review (before publication, or its rejection).
rules.add_perm("moderation.review_idea", is_active_member & may_moderate_idea)
rules.add_perm("moderation.approve_idea", can_participate & may_moderate_idea & is_submitted)
rules.add_perm("moderation.request_changes_idea", can_participate & may_moderate_idea & is_submitted)
rules.add_perm("moderation.reject_idea", can_participate & may_moderate_idea & is_submitted)
