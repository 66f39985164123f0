"""Following an idea. Authors, commenters and supporters follow automatically and may
unfollow; following twice is a no-op, enforced by the database."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.events import send_on_commit
from core.permissions import require

from .. import events
from ..models import Follow, Idea


def follow_quietly(*, idea: Idea, user) -> None:
    """Make `user` follow `idea` as a side effect of an action already checked (posting,
    commenting, supporting): one INSERT that does nothing if they already follow."""
    Follow.objects.bulk_create([Follow(idea_id=idea.pk, user=user)], ignore_conflicts=True)


def idea_follow(*, idea: Idea, by) -> bool:
    """Follow an idea. Idempotent: returns False when `by` already followed it."""
    require(by, "ideas.follow_idea", idea, _("You cannot follow this idea."))
    try:
        with transaction.atomic():
            Follow.objects.create(idea_id=idea.pk, user=by)
            created = True
    except IntegrityError:
        created = False
    if created:
        send_on_commit(events.idea_followed, Idea, idea=idea, by=by)
    return created


def idea_unfollow(*, idea: Idea, by) -> bool:
    """Stop following. Idempotent: returns False when `by` did not follow it."""
    require(by, "ideas.view_idea", idea, _("You cannot see this idea."))
    deleted, _rows = Follow.objects.filter(idea_id=idea.pk, user=by).delete()
    if deleted:
        send_on_commit(events.idea_unfollowed, Idea, idea=idea, by=by)
    return bool(deleted)
