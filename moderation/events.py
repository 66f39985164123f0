"""The domain events of moderation, sent after commit (see core.events) with
`sender` the model class of the target. Decisions on submitted ideas and pipeline steps
are the lifecycle's events, re-exported here under the names moderators use."""

from django.dispatch import Signal

from ideas.events import idea_changes_requested, idea_published, idea_rejected, idea_stage_changed

# idea: Idea, by: User, reason: str — a correspondent published a submitted idea
idea_approved = idea_published
changes_requested = idea_changes_requested
__all__ = [
    "changes_requested",
    "content_flagged",
    "content_hidden",
    "content_restored",
    "idea_approved",
    "idea_rejected",
    "idea_stage_changed",
    "ideas_merged",
    "merge_undone",
    "user_suspended",
    "evaluation_requested",
    "evaluation_submitted",
    "user_warned",
    "suspension_lifted",
]

# flag: Flag, target: Idea | Comment, idea: Idea, by: User, open_flags: int
content_flagged = Signal()
# target: Idea | Comment, idea: Idea, by: User | None (None: hidden by reports), reason: str
content_hidden = Signal()
# target: Idea | Comment, idea: Idea, by: User, reason: str
content_restored = Signal()
# user: User, sanction: Sanction, by: User
user_warned = Signal()
# user: User, sanction: Sanction, by: User, until: datetime
user_suspended = Signal()
# user: User, sanction: Sanction, by: User
suspension_lifted = Signal()
# source: Idea (now merged), target: Idea, by: User, note: str, supports_moved: int
ideas_merged = Signal()
# source: Idea (published again), target: Idea, by: User, reason: str, supports_returned: int
merge_undone = Signal()
# evaluation: Evaluation, idea: Idea, evaluator: User, by: User (the community manager)
evaluation_requested = Signal()
# evaluation: Evaluation, idea: Idea, by: User (the evaluator)
evaluation_submitted = Signal()
