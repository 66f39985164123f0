"""The domain events of the ideas app, sent after commit (see core.events).

Listeners live in other apps (gamification, notifications, live pages); this app never
imports them. Every event is sent with `sender=Idea` (or Comment/Vote) and the payload
named below.
"""

from django.dispatch import Signal

# idea: Idea, by: User
idea_created = Signal()
# idea: Idea, by: User
idea_submitted = Signal()
# idea: Idea, by: User — the correspondent who approved it
idea_published = Signal()
# idea: Idea, by: User, reason: str
idea_changes_requested = Signal()
# idea: Idea, by: User, reason: str
idea_rejected = Signal()
# idea: Idea, by: User, from_stage: str, to_stage: str, reason: str, owner: User | None — every
# transition; owner is who carries the idea after it (pipeline), None when nobody was named
idea_stage_changed = Signal()
# idea: Idea, by: User
idea_edited = Signal()
# idea: Idea, vote: Vote, by: User, support_count: int
vote_cast = Signal()
# idea: Idea, by: User, support_count: int
vote_withdrawn = Signal()
# comment: Comment, idea: Idea, by: User
comment_posted = Signal()
# comment: Comment, idea: Idea, by: User
comment_edited = Signal()
# comment: Comment, idea: Idea, by: User
comment_deleted = Signal()
# idea: Idea, by: User
idea_followed = Signal()
# idea: Idea, by: User
idea_unfollowed = Signal()
# comment: Comment, idea: Idea, by: User, helpful: bool — the idea's author marked (or unmarked) it
comment_marked_helpful = Signal()
# challenge: Challenge, by: User — created or edited by a sponsor or community manager
challenge_created = Signal()
challenge_edited = Signal()
# challenge: Challenge, ideas: list[Idea], by: User — the sponsor's shortlist after closing
challenge_shortlisted = Signal()
# challenge: Challenge, winners: list[Idea], by: User — the challenge is now evaluated
challenge_winners_announced = Signal()
# idea: Idea, by: User — the author put their name back on an idea posted without it
idea_author_revealed = Signal()
