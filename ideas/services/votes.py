"""Supports. The count shown everywhere is a counter kept with F() updates in the same
transaction as the vote rows, and both writers lock the idea row first, in the same
order, so that concurrent supports and withdrawals neither lose updates nor deadlock."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from core.errors import Conflict
from core.events import send_on_commit
from core.permissions import require

from .. import events
from ..models import OPEN_STAGES, Idea, Vote
from .follows import follow_quietly
from .trending import trending_window_start


def vote_cast(*, idea: Idea, by) -> bool:
    """Support an idea. Idempotent: returns False when `by` already supported it."""
    require(by, "ideas.support_idea", idea, _("You cannot support this idea."))
    vote = None
    try:
        with transaction.atomic():
            # The conditional update locks the idea row and re-checks its stage at once.
            if not Idea.objects.filter(pk=idea.pk, stage__in=OPEN_STAGES).update(
                support_count=F("support_count") + 1, recent_support_count=F("recent_support_count") + 1
            ):
                raise Conflict(_("This idea no longer accepts support."))
            # A support already given refuses the insert and the whole block rolls back,
            # counters included: the insert needs no savepoint of its own.
            vote = Vote.objects.create(idea_id=idea.pk, user=by)
            count = Idea.objects.filter(pk=idea.pk).values_list("support_count", flat=True).get()
            follow_quietly(idea=idea, user=by)
            send_on_commit(events.vote_cast, Vote, idea=idea, vote=vote, by=by, support_count=count)
    except IntegrityError:
        if vote is not None:
            raise
        idea.support_count = Idea.objects.filter(pk=idea.pk).values_list("support_count", flat=True).get()
        return False
    idea.support_count = count
    return True


def vote_withdraw(*, idea: Idea, by) -> bool:
    """Withdraw a support. Idempotent: returns False when there was none."""
    require(by, "ideas.withdraw_support", idea, _("You cannot withdraw your support from this idea."))
    with transaction.atomic():
        # Lock the idea row first, as vote_cast does, then re-check its stage.
        if not list(Idea.objects.select_for_update().filter(pk=idea.pk, stage__in=OPEN_STAGES).values_list("pk")):
            raise Conflict(_("This idea no longer accepts support."))
        # A support still inside the trending window also leaves the recent count (most
        # withdrawals come soon after the support: then one statement does it).
        mine = Vote.objects.filter(idea_id=idea.pk, user=by)
        recent, _rows = mine.filter(created_at__gte=trending_window_start()).delete()
        deleted = recent or mine.delete()[0]
        if deleted:
            Idea.objects.filter(pk=idea.pk).update(
                support_count=F("support_count") - 1,
                # Never below zero, whatever wrote the rows (the hourly recount corrects it).
                recent_support_count=Greatest(F("recent_support_count") - (1 if recent else 0), 0),
            )
        count = Idea.objects.filter(pk=idea.pk).values_list("support_count", flat=True).get()
        if deleted:
            send_on_commit(events.vote_withdrawn, Vote, idea=idea, by=by, support_count=count)
    idea.support_count = count
    return bool(deleted)
