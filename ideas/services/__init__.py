"""Every change to ideas, comments and supports goes through these functions."""

from .challenges import (
    challenge_announce_winners,
    challenge_create,
    challenge_shortlist,
    challenge_update,
    idea_reveal_author,
)
from .comments import comment_delete, comment_edit, comment_mark_helpful, comment_post
from .follows import follow_quietly, idea_follow, idea_unfollow
from .ideas import idea_create, idea_delete, idea_submit, idea_update
from .lifecycle import TRANSITIONS, idea_transition
from .votes import vote_cast, vote_withdraw

__all__ = [
    "challenge_announce_winners",
    "challenge_create",
    "challenge_shortlist",
    "challenge_update",
    "idea_reveal_author",
    "TRANSITIONS",
    "comment_delete",
    "comment_edit",
    "comment_mark_helpful",
    "comment_post",
    "follow_quietly",
    "idea_follow",
    "idea_unfollow",
    "idea_create",
    "idea_delete",
    "idea_submit",
    "idea_transition",
    "idea_update",
    "vote_cast",
    "vote_withdraw",
]
