"""What one person may do with each comment of one idea page, asked of the rules registry
as few times as the rules allow.

An idea page with 50 comments asked seven rules per comment: 350 evaluations, most of the
page's time. Yet most answers cannot differ from one comment to the next: whether you may
hide a comment depends on you alone; whether you may report one depends on the idea and on
whether the comment is yours and still there. Each permission below names the few facts
of a comment its rule reads (its *shape*); the rule is asked once per shape and the answer
reused for every comment of that shape. The rules stay the only source of truth, and
tests/ideas/test_comment_permissions.py checks every answer against asking the rule directly.
"""

from dataclasses import dataclass

from core.permissions import can


def _own(user, comment) -> bool:
    return comment.author_id == user.pk


# For each permission: the facts of a comment its rule depends on, beyond the person and
# the idea. Edits depend on the clock (15 minutes), so each of your own comments is asked.
SHAPES = {
    "ideas.change_comment": lambda user, c: ("yours", c.pk) if _own(user, c) else ("not yours",),
    "ideas.delete_comment": lambda user, c: (_own(user, c), c.deleted_at is None),
    "ideas.mark_helpful_comment": lambda user, c: (_own(user, c), c.deleted_at is None, c.hidden_at is None),
    "moderation.flag_comment": lambda user, c: (_own(user, c), c.deleted_at is None, c.hidden_at is None),
    "moderation.hide_content": lambda user, c: (),
    "moderation.see_hidden_comment": lambda user, c: (_own(user, c),),
}


@dataclass(frozen=True)
class CommentActions:
    shows_body: bool  # deleted comments and, to most people, hidden ones show a notice instead
    reply: bool
    edit: bool
    delete: bool
    mark_helpful: bool
    flag: bool
    hide: bool


class CommentPermissions:
    """The answers for one person on one idea; make one per page (they are not kept)."""

    def __init__(self, user, idea):
        self.user = user
        self.idea = idea
        self.reply = can(user, "ideas.comment_idea", idea)
        self._answers: dict[tuple, bool] = {}

    def allows(self, permission: str, comment) -> bool:
        key = (permission, *SHAPES[permission](self.user, comment))
        if key not in self._answers:
            self._answers[key] = can(self.user, permission, comment)
        return self._answers[key]

    def for_comment(self, comment) -> CommentActions:
        hidden = comment.hidden_at is not None
        return CommentActions(
            shows_body=comment.deleted_at is None
            and (not hidden or self.allows("moderation.see_hidden_comment", comment)),
            reply=self.reply,
            edit=self.allows("ideas.change_comment", comment),
            delete=self.allows("ideas.delete_comment", comment),
            mark_helpful=self.allows("ideas.mark_helpful_comment", comment),
            flag=self.allows("moderation.flag_comment", comment),
            hide=self.allows("moderation.hide_content", comment),
        )


def comment_permissions_for(user, idea) -> CommentPermissions:
    """The page's answers, kept on the idea object for the rest of this rendering: every
    comment partial of the page shares them (the idea object lives for one request)."""
    cache = idea.__dict__.setdefault("_comment_permissions", {})
    if user.pk not in cache:
        cache[user.pk] = CommentPermissions(user, idea)
    return cache[user.pk]
