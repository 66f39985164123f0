"""Keeping the space healthy: employees report ideas and comments; content reported by
enough different people is hidden until a community manager reviews it; community
managers hide or restore content themselves. Hidden content is never deleted: colleagues
see "hidden by moderation" and the reason, its author and moderators still see it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict
from core.events import send_on_commit
from core.permissions import require
from ideas.fragments import content_changed
from ideas.models import Comment, Idea

from . import events
from .audit import Action, audit
from .models import Flag

REASON_MAX_LENGTH = 1000


def _clean_reason(reason: str, *, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Please give a reason.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({field: _("A reason is limited to %(max)d characters.") % {"max": REASON_MAX_LENGTH}})
    return reason


def _idea_of(target) -> Idea:
    return target if isinstance(target, Idea) else target.idea


def _locked(target):
    model = type(target)
    return model.objects.select_for_update().get(pk=target.pk)


def content_flag(*, target: Idea | Comment, by, reason: str) -> Flag:
    """Report an idea or a comment, once per person and item. The report that reaches
    FLAG_HIDE_THRESHOLD distinct people hides the content pending review."""
    kind = "idea" if isinstance(target, Idea) else "comment"
    require(by, f"moderation.flag_{kind}", target, _("You cannot report this."))
    reason = _clean_reason(reason)
    try:
        with transaction.atomic():
            locked = _locked(target)
            flag = Flag.objects.create(user=by, reason=reason, **{kind: locked})
            open_flags = Flag.objects.filter(resolved_at__isnull=True, **{kind: locked}).count()
            send_on_commit(
                events.content_flagged, type(locked), flag=flag, target=locked, idea=_idea_of(locked), by=by,
                open_flags=open_flags,
            )
            if open_flags >= settings.FLAG_HIDE_THRESHOLD and locked.hidden_at is None:
                _hide(locked, by=None, reason=_("Hidden pending review after several reports."))
    except IntegrityError:
        raise Conflict(_("You have already reported this."))
    return flag


def _hide(locked, *, by, reason: str) -> None:
    before = {"hidden": False}
    locked.hidden_at = timezone.now()
    locked.hidden_reason = reason
    locked.save(update_fields=["hidden_at", "hidden_reason"])
    content_changed(_idea_of(locked).pk)
    if isinstance(locked, Comment) and locked.deleted_at is None:
        # The idea's comment count is what colleagues can read.
        Idea.objects.filter(pk=locked.idea_id).update(comment_count=F("comment_count") - 1)
    audit(actor=by, action=Action.HIDE, target=locked, before=before, after={"hidden": True}, reason=reason)
    send_on_commit(events.content_hidden, type(locked), target=locked, idea=_idea_of(locked), by=by, reason=reason)


def content_hide(*, target: Idea | Comment, by, reason: str):
    """A community manager hides content (or confirms a hiding by reports); open reports
    on it are settled."""
    require(by, "moderation.hide_content", target, _("Only community managers hide content."))
    reason = _clean_reason(reason)
    with transaction.atomic():
        locked = _locked(target)
        if locked.hidden_at is None:
            _hide(locked, by=by, reason=reason)
        else:
            before = {"hidden_reason": locked.hidden_reason}
            locked.hidden_reason = reason
            locked.save(update_fields=["hidden_reason"])
            content_changed(_idea_of(locked).pk)
            audit(actor=by, action=Action.HIDE, target=locked, before=before, after={"hidden_reason": reason}, reason=reason)
        _settle_flags(locked, by=by)
    target.hidden_at, target.hidden_reason = locked.hidden_at, locked.hidden_reason
    return target


def content_restore(*, target: Idea | Comment, by, reason: str = ""):
    """A community manager shows hidden content again, or keeps reported content visible:
    either way the open reports on it are settled."""
    require(by, "moderation.restore_content", target, _("Only community managers restore content."))
    reason = (reason or "").strip()[:REASON_MAX_LENGTH]
    with transaction.atomic():
        locked = _locked(target)
        settled = _settle_flags(locked, by=by)
        if locked.hidden_at is not None:
            locked.hidden_at = None
            locked.hidden_reason = ""
            locked.save(update_fields=["hidden_at", "hidden_reason"])
            content_changed(_idea_of(locked).pk)
            if isinstance(locked, Comment) and locked.deleted_at is None:
                Idea.objects.filter(pk=locked.idea_id).update(comment_count=F("comment_count") + 1)
            audit(actor=by, action=Action.RESTORE, target=locked, before={"hidden": True}, after={"hidden": False}, reason=reason)
            send_on_commit(events.content_restored, type(locked), target=locked, idea=_idea_of(locked), by=by, reason=reason)
        elif settled:
            audit(actor=by, action=Action.DISMISS_FLAGS, target=locked, after={"reports": settled}, reason=reason)
        else:
            raise Conflict(_("This content is neither hidden nor reported."))
    target.hidden_at, target.hidden_reason = None, ""
    return target


def _settle_flags(locked, *, by) -> int:
    kind = "idea" if isinstance(locked, Idea) else "comment"
    return Flag.objects.filter(resolved_at__isnull=True, **{kind: locked}).update(resolved_at=timezone.now(), resolved_by=by)
