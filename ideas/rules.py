"""Who may do what with ideas, comments and supports. One permission name per action,
checked alike by views, templates, the API and the services."""

from datetime import timedelta

import rules
from django.conf import settings
from django.utils import timezone

from accounts.rules import can_participate, is_active_member, is_community_manager, is_executive

from .models import EDITABLE_STAGES, OPEN_STAGES, PUBLIC_STAGES, ChallengeStatus, Stage

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


# --- Posting without one's name ---------------------------------------------------------------

@rules.predicate
def is_author_name_hidden(user, idea) -> bool:
    return idea is not None and idea.author_name_hidden


# The author, community managers and the correspondents who may review the idea (never
# the author's line managers: may_review_idea leaves them out) see who posted it; the
# other colleagues, executives included, see "a colleague".
rules.add_perm(
    "ideas.see_idea_author",
    ~is_author_name_hidden | is_idea_author | (is_active_member & (is_community_manager | may_review_idea)),
)
rules.add_perm("ideas.reveal_idea_author", is_active_member & is_idea_author & is_author_name_hidden)


# --- Challenges -------------------------------------------------------------------------------

@rules.predicate
def is_challenge_sponsor(user, challenge) -> bool:
    return challenge is not None and user.is_authenticated and challenge.sponsor_id == user.pk


@rules.predicate
def is_challenge_open(user, challenge) -> bool:
    return challenge is not None and challenge.status == ChallengeStatus.OPEN


@rules.predicate
def is_challenge_closed(user, challenge) -> bool:
    return challenge is not None and challenge.status == ChallengeStatus.CLOSED


@rules.predicate
def is_challenge_evaluated(user, challenge) -> bool:
    return challenge is not None and challenge.evaluated_at is not None


@rules.predicate
def is_in_challenge_audience(user, challenge) -> bool:
    """Nobody targeted means everyone; otherwise the people of those units and below."""
    if challenge is None:
        return False
    targets = [entity.path for entity in challenge.target_entities.all()]
    if not targets:
        return True
    entity = getattr(user, "entity", None)
    return entity is not None and any(entity.path.startswith(path) for path in targets)


may_sponsor = is_active_member & (is_executive | is_community_manager)

rules.add_perm("ideas.view_challenge", is_active_member)
rules.add_perm("ideas.add_challenge", can_participate & may_sponsor)
rules.add_perm(
    "ideas.change_challenge", can_participate & (is_challenge_sponsor | is_community_manager) & ~is_challenge_evaluated
)
rules.add_perm("ideas.answer_challenge", can_participate & is_challenge_open & is_in_challenge_audience)
# After closing, only the sponsor judges: the shortlist, then the winners with a note.
rules.add_perm("ideas.evaluate_challenge", can_participate & is_challenge_sponsor & is_challenge_closed)
