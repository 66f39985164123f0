"""Who may do what with ideas, comments and supports. One permission name per action,
checked alike by views, templates, the API and the services."""

from datetime import timedelta

import rules
from django.conf import settings
from django.utils import timezone

from accounts.rules import can_participate, is_active_member, is_community_manager

from .models import EDITABLE_STAGES, OPEN_STAGES, PUBLIC_STAGES, Stage

REVIEW_STAGES = frozenset({Stage.SUBMITTED, Stage.CHANGES_REQUESTED, Stage.REJECTED})


@rules.predicate
def is_idea_author(user, idea) -> bool:
    return idea is not None and user.is_authenticated and idea.author_id == user.pk


@rules.predicate
def is_public_idea(user, idea) -> bool:
    return idea is not None and idea.stage in PUBLIC_STAGES


@rules.predicate
def is_editable_idea(user, idea) -> bool:
    return idea is not None and idea.stage in EDITABLE_STAGES


@rules.predicate
def is_draft(user, idea) -> bool:
    return idea is not None and idea.stage == Stage.DRAFT


@rules.predicate
def is_open_idea(user, idea) -> bool:
    return idea is not None and idea.stage in OPEN_STAGES


@rules.predicate
def is_in_review(user, idea) -> bool:
    return idea is not None and idea.stage in REVIEW_STAGES


@rules.predicate
def may_review_idea(user, idea) -> bool:
    # Correspondent scopes live in the moderation app; ask by permission name so that
    # this app does not import it.
    return rules.has_perm("moderation.review_idea", user, idea)


@rules.predicate
def is_hidden_idea(user, idea) -> bool:
    return idea is not None and idea.hidden_at is not None


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return comment is not None and user.is_authenticated and comment.author_id == user.pk


@rules.predicate
def is_comment_live(user, comment) -> bool:
    return comment is not None and comment.deleted_at is None


@rules.predicate
def is_within_edit_window(user, comment) -> bool:
    window = timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)
    return comment is not None and timezone.now() - comment.created_at <= window


@rules.predicate
def is_comment_idea_open(user, comment) -> bool:
    return comment is not None and comment.idea.stage in OPEN_STAGES and comment.idea.hidden_at is None


@rules.predicate
def is_comment_hidden(user, comment) -> bool:
    return comment is not None and comment.hidden_at is not None


@rules.predicate
def is_author_of_comment_idea(user, comment) -> bool:
    return comment is not None and user.is_authenticated and comment.idea.author_id == user.pk


can_view_idea = is_active_member & (
    is_public_idea | is_idea_author | (is_in_review & (may_review_idea | is_community_manager))
)

rules.add_perm("ideas.view_idea", can_view_idea)
rules.add_perm("ideas.add_idea", can_participate)
rules.add_perm("ideas.change_idea", can_participate & is_idea_author & is_editable_idea)
rules.add_perm("ideas.delete_idea", can_participate & is_idea_author & is_draft)
rules.add_perm("ideas.submit_idea", can_participate & is_idea_author & is_editable_idea)
# A hidden idea takes no supports or comments until a community manager restores it.
rules.add_perm("ideas.support_idea", can_participate & is_open_idea & ~is_hidden_idea & ~is_idea_author)
rules.add_perm("ideas.withdraw_support", can_participate & is_open_idea & ~is_hidden_idea)
rules.add_perm("ideas.comment_idea", can_participate & is_open_idea & ~is_hidden_idea)
rules.add_perm("ideas.follow_idea", is_active_member & can_view_idea & ~is_hidden_idea)
rules.add_perm(
    "ideas.change_comment",
    can_participate & is_comment_author & is_comment_live & ~is_comment_hidden & is_within_edit_window
    & is_comment_idea_open,
)
rules.add_perm(
    "ideas.mark_helpful_comment",
    can_participate & is_author_of_comment_idea & ~is_comment_author & is_comment_live & ~is_comment_hidden
    & is_comment_idea_open,
)
rules.add_perm("ideas.delete_comment", is_active_member & is_comment_live & (is_comment_author | is_community_manager))
