"""Merging duplicates, and undoing a merge exactly.

Merging A into B copies A's supporters and followers onto B (skipping those B already
has, and B's own author) and credits A's author as co-author of B. Every copied row
carries `merged_from=A`, and A keeps its own rows: undoing the merge deletes exactly the
copies, so both ideas get back their own supporters, whatever happened in between (a
copied support later withdrawn is simply gone; a support given to B after the merge is
the supporter's own and stays)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, TransitionRefused
from core.events import send_on_commit
from core.permissions import can, require
from ideas.models import OPEN_STAGES, Coauthor, Follow, Idea, Stage, StageChange, Vote
from ideas.services import idea_transition
from ideas.services.trending import recent_supports_recount

from . import events
from .audit import Action, audit
from .content import _clean_reason


def _lock_pair(first: Idea, second: Idea) -> tuple[Idea, Idea]:
    # Always in id order, as every writer does, so that two merges cannot deadlock.
    locked = {
        idea.pk: idea
        for idea in Idea.objects.select_for_update(of=("self",)).select_related("author", "author_entity", "theme")
        .filter(pk__in=[first.pk, second.pk]).order_by("pk")
    }
    return locked[first.pk], locked[second.pk]


def ideas_merge(*, source: Idea, target: Idea, by, note: str) -> Idea:
    """Merge `source` into `target`; returns the refreshed target."""
    note = _clean_reason(note, field="note")
    if source.pk == target.pk:
        raise ValidationError({"target": _("An idea cannot be merged into itself.")})
    given_source, given_target = source, target
    with transaction.atomic():
        source, target = _lock_pair(source, target)
        if not can(by, "moderation.merge_idea", source):
            raise PermissionDenied(_("You cannot merge this idea."))
        if target.stage not in OPEN_STAGES or target.hidden_at is not None:
            raise TransitionRefused(
                _("An idea can only be merged into a published idea that is still open, not into one that is “%(stage)s”.")
                % {"stage": Stage(target.stage).label}
            )
        if not can(by, "moderation.merge_into_idea", target):
            raise PermissionDenied(_("You cannot merge ideas into “%(title)s”.") % {"title": target.title})

        supporters = set(Vote.objects.filter(idea=source).values_list("user_id", flat=True))
        supporters -= set(Vote.objects.filter(idea=target).values_list("user_id", flat=True))
        supporters.discard(target.author_id)
        Vote.objects.bulk_create([Vote(idea=target, user_id=uid, merged_from=source) for uid in sorted(supporters)])
        if supporters:
            Idea.objects.filter(pk=target.pk).update(support_count=F("support_count") + len(supporters))
            recent_supports_recount(idea_ids=[target.pk])

        followers = set(Follow.objects.filter(idea=source).values_list("user_id", flat=True))
        followers -= set(Follow.objects.filter(idea=target).values_list("user_id", flat=True))
        Follow.objects.bulk_create([Follow(idea=target, user_id=uid, merged_from=source) for uid in sorted(followers)])

        credited = False
        if source.author_id != target.author_id and not Coauthor.objects.filter(idea=target, user_id=source.author_id).exists():
            Coauthor.objects.create(idea=target, user_id=source.author_id, merged_from=source)
            credited = True

        idea_transition(idea=source, to_stage=Stage.MERGED, by=by, reason=note, merged_into=target)

        audit(
            actor=by, action=Action.MERGE, target=source,
            before={"stage": Stage.PUBLISHED, "support_count": source.support_count},
            after={"merged_into": target.pk, "supports_copied": len(supporters), "followers_copied": len(followers),
                   "coauthor_credited": credited},
            reason=note,
        )
        target.refresh_from_db()
        send_on_commit(
            events.ideas_merged, Idea, source=source, target=target, by=by, note=note, supports_moved=len(supporters)
        )
    given_source.refresh_from_db()
    given_target.refresh_from_db()
    return given_target


def merge_undo(*, source: Idea, by, reason: str) -> Idea:
    """Give a merged idea back its life: it is published again and the merge's copies are
    removed from the idea it went into. Returns the refreshed source."""
    reason = _clean_reason(reason)
    given_source = source
    with transaction.atomic():
        merged_into_id = Idea.objects.filter(pk=source.pk).values_list("merged_into_id", flat=True).get()
        if merged_into_id is None:
            raise Conflict(_("This idea is not merged."))
        source, target = _lock_pair(source, Idea(pk=merged_into_id))
        require(by, "moderation.undo_merge", source, _("Only community managers undo merges."))
        if source.stage != Stage.MERGED or source.merged_into_id != target.pk:
            raise Conflict(_("This idea is not merged."))
        if target.stage == Stage.MERGED:
            raise Conflict(
                _("“%(title)s” has itself been merged since: undo that merge first.") % {"title": target.title}
            )

        returned, _rows = Vote.objects.filter(idea=target, merged_from=source).delete()
        if returned:
            Idea.objects.filter(pk=target.pk).update(support_count=F("support_count") - returned)
            recent_supports_recount(idea_ids=[target.pk])
        unfollowed, _rows = Follow.objects.filter(idea=target, merged_from=source).delete()
        Coauthor.objects.filter(idea=target, merged_from=source).delete()

        now = timezone.now()
        Idea.objects.filter(pk=source.pk).update(
            stage=Stage.PUBLISHED, merged_into=None, stage_changed_at=now, updated_at=now
        )
        StageChange.objects.create(idea=source, from_stage=Stage.MERGED, to_stage=Stage.PUBLISHED, actor=by, reason=reason)
        audit(
            actor=by, action=Action.UNMERGE, target=source,
            before={"merged_into": target.pk},
            after={"stage": Stage.PUBLISHED, "supports_returned": returned, "followers_returned": unfollowed},
            reason=reason,
        )
        source.refresh_from_db()
        target.refresh_from_db()
        send_on_commit(
            events.idea_stage_changed, Idea, idea=source, by=by, from_stage=Stage.MERGED, to_stage=Stage.PUBLISHED,
            reason=reason, owner=source.owner,
        )
        send_on_commit(
            events.merge_undone, Idea, source=source, target=target, by=by, reason=reason, supports_returned=returned
        )
    given_source.refresh_from_db()
    return given_source
