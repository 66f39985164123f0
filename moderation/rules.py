"""Who may moderate what. Correspondents act on the submitted ideas of their themes (and
business units); community managers on all; nobody on their own ideas or their team's."""

import rules

from accounts.rules import can_participate, is_active_member, is_administrator, is_community_manager, is_executive
from ideas.models import OPEN_STAGES, Stage

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
def is_author_or_coauthor(user, idea) -> bool:
    if idea is None or not user.is_authenticated:
        return False
    # Reads the prefetched co-authors when a page has them, so a list asks once.
    return idea.author_id == user.pk or any(c.user_id == user.pk for c in idea.coauthors.all())


@rules.predicate
def is_direct_manager_of_author(user, idea) -> bool:
    return idea is not None and user.is_authenticated and idea.author.manager_id == user.pk


rules.add_perm("moderation.view_queue", is_active_member & is_moderator_user)
# Seeing an idea under review (before publication, or its rejection).
rules.add_perm("moderation.review_idea", is_active_member & may_moderate_idea)
rules.add_perm("moderation.approve_idea", can_participate & may_moderate_idea & is_submitted)
rules.add_perm("moderation.request_changes_idea", can_participate & may_moderate_idea & is_submitted)
rules.add_perm("moderation.reject_idea", can_participate & may_moderate_idea & is_submitted)
# The lifecycle (ideas.services.lifecycle.TRANSITIONS) names these; merging goes through
# moderation.merges, which carries the supports over.
rules.add_perm("moderation.mark_potential_idea", can_participate & may_moderate_idea & is_published)
# Line-manager censorship is a validation concern (see may_moderate): top managers decide on
# the whole pipeline, so only the author, co-authors and the author's direct line manager
# are kept out of the decision, not every manager up to the CEO.
rules.add_perm(
    "moderation.decide_idea",
    can_participate & (is_executive | is_administrator) & ~is_author_or_coauthor & ~is_direct_manager_of_author
    & is_in_pipeline,
)


# --- Reports, hiding, sanctions, merges ---------------------------------------------------

@rules.predicate
def is_own_content(user, target) -> bool:
    return target is not None and user.is_authenticated and target.author_id == user.pk


@rules.predicate
def may_see_idea(user, idea) -> bool:
    return idea is not None and rules.has_perm("ideas.view_idea", user, idea)


@rules.predicate
def may_see_comment(user, comment) -> bool:
    # A hidden comment exists only for those who may read it (its author and moderators):
    # the report form shows the comment, so nobody else gets that far.
    return (
        comment is not None and comment.deleted_at is None
        and rules.has_perm("ideas.view_idea", user, comment.idea)
        and (comment.hidden_at is None or rules.has_perm("moderation.see_hidden_comment", user, comment))
    )


@rules.predicate
def is_public_open(user, idea) -> bool:
    return idea is not None and idea.stage in OPEN_STAGES and idea.hidden_at is None


@rules.predicate
def is_self(user, other) -> bool:
    return other is not None and user.pk == other.pk


@rules.predicate
def is_merged(user, idea) -> bool:
    return idea is not None and idea.stage == Stage.MERGED and idea.merged_into_id is not None


rules.add_perm("moderation.flag_idea", can_participate & may_see_idea & is_public_open & ~is_own_content)
rules.add_perm("moderation.flag_comment", can_participate & may_see_comment & ~is_own_content)
rules.add_perm("moderation.view_flags", is_active_member & is_community_manager)
rules.add_perm("moderation.hide_content", can_participate & is_community_manager)
rules.add_perm("moderation.restore_content", can_participate & is_community_manager)
rules.add_perm("moderation.sanction_user", can_participate & is_community_manager & ~is_self)
rules.add_perm("moderation.merge_idea", can_participate & may_moderate_idea & is_published)
rules.add_perm("moderation.merge_into_idea", can_participate & may_moderate_idea & is_public_open)
rules.add_perm("moderation.undo_merge", can_participate & is_community_manager & is_merged)
@rules.predicate
def may_moderate_comment_idea(user, comment) -> bool:
    return comment is not None and may_moderate(user, comment.idea)


# Hidden content stays readable by its author and by those who moderate it.
rules.add_perm("moderation.see_hidden_idea", is_active_member & (is_own_content | is_community_manager | may_moderate_idea))
rules.add_perm(
    "moderation.see_hidden_comment", is_active_member & (is_own_content | is_community_manager | may_moderate_comment_idea)
)


# --- Pipeline queue and audit log -------------------------------------------------------

# Who finds the pipeline queue: those who mark ideas as having potential (moderators) and
# those who decide the next steps (top managers, administrators).
rules.add_perm("moderation.view_pipeline", is_active_member & (is_moderator_user | is_executive | is_administrator))
rules.add_perm("moderation.view_audit_log", is_active_member & (is_community_manager | is_administrator))


@rules.predicate
def is_revisable(user, idea) -> bool:
    # Before the author's own edits (draft, changes requested) it is theirs to change.
    return idea is not None and idea.stage in ({Stage.SUBMITTED, Stage.PUBLISHED} | PIPELINE_STAGES)


# Correct a theme or remove personal data without the author; always audited.
rules.add_perm("moderation.revise_idea", can_participate & may_moderate_idea & is_revisable)


# --- Expert evaluation ------------------------------------------------------------------

# Ideas experts score: those with potential, and those awaiting analysis.
EVALUATED_STAGES = frozenset({Stage.POTENTIAL, Stage.ANALYSIS})


@rules.predicate
def is_evaluable(user, idea) -> bool:
    return idea is not None and idea.stage in EVALUATED_STAGES and idea.hidden_at is None


@rules.predicate
def is_own_evaluation(user, evaluation) -> bool:
    return evaluation is not None and user.is_authenticated and evaluation.evaluator_id == user.pk


@rules.predicate
def is_pending_evaluation(user, evaluation) -> bool:
    return evaluation is not None and evaluation.submitted_at is None


@rules.predicate
def evaluation_idea_is_evaluable(user, evaluation) -> bool:
    return evaluation is not None and is_evaluable(user, evaluation.idea)


@rules.predicate
def has_pending_evaluation(user, idea) -> bool:
    """`user` was asked to evaluate `idea` and has not submitted yet: they must not see
    anyone's scores (independence), whatever their role."""
    if idea is None or not user.is_authenticated:
        return False
    pending = getattr(idea, "viewer_evaluation_pending", None)
    if pending is not None:  # annotated by the page that lists it
        return pending
    from .models import Evaluation

    return Evaluation.objects.filter(idea=idea, evaluator=user, submitted_at__isnull=True).exists()


@rules.predicate
def has_submitted_evaluation(user, idea) -> bool:
    if idea is None or not user.is_authenticated:
        return False
    from .models import Evaluation

    return Evaluation.objects.filter(idea=idea, evaluator=user, submitted_at__isnull=False).exists()


rules.add_perm("moderation.assign_evaluators", can_participate & is_community_manager & is_evaluable)
rules.add_perm(
    "moderation.submit_evaluation",
    can_participate & is_own_evaluation & is_pending_evaluation & evaluation_idea_is_evaluable,
)
# The scores of an idea (each expert's and the aggregate): top managers and community
# managers, who decide; an expert once they have submitted their own. Never an expert
# still scoring, nor other employees.
rules.add_perm(
    "moderation.view_evaluation_scores",
    is_active_member & ~has_pending_evaluation
    & (is_community_manager | is_executive | is_administrator | has_submitted_evaluation),
)
