"""Warnings and suspensions. A suspended user can still read but cannot post, comment,
support or report until the end of the period (accounts.rules.can_participate)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict
from core.events import send_on_commit
from core.permissions import require

from . import events
from .audit import Action, audit
from .content import _clean_reason
from .models import Sanction


def user_warn(*, user: User, by, reason: str) -> Sanction:
    require(by, "moderation.sanction_user", user, _("Only community managers warn or suspend people."))
    reason = _clean_reason(reason)
    with transaction.atomic():
        sanction = Sanction.objects.create(user=user, kind=Sanction.Kind.WARNING, reason=reason, by=by)
        audit(actor=by, action=Action.WARN, target=user, after={"warning": sanction.pk}, reason=reason)
        send_on_commit(events.user_warned, User, user=user, sanction=sanction, by=by)
    return sanction


def user_suspend(*, user: User, by, days: int, reason: str) -> Sanction:
    require(by, "moderation.sanction_user", user, _("Only community managers warn or suspend people."))
    reason = _clean_reason(reason)
    if not isinstance(days, int) or not 1 <= days <= settings.SUSPENSION_MAX_DAYS:
        raise ValidationError({"days": _("A suspension lasts from 1 to %(max)d days.") % {"max": settings.SUSPENSION_MAX_DAYS}})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        until = timezone.now() + timedelta(days=days)
        before = {"suspended_until": locked.suspended_until.isoformat() if locked.suspended_until else None}
        # A shorter suspension never shortens one already running.
        if locked.suspended_until is None or locked.suspended_until < until:
            locked.suspended_until = until
            locked.save(update_fields=["suspended_until"])
        sanction = Sanction.objects.create(user=locked, kind=Sanction.Kind.SUSPENSION, reason=reason, until=until, by=by)
        audit(
            actor=by, action=Action.SUSPEND, target=locked, before=before,
            after={"suspended_until": locked.suspended_until.isoformat()}, reason=reason,
        )
        send_on_commit(events.user_suspended, User, user=locked, sanction=sanction, by=by, until=locked.suspended_until)
    user.suspended_until = locked.suspended_until
    return sanction


def suspension_lift(*, user: User, by, reason: str = "") -> User:
    require(by, "moderation.sanction_user", user, _("Only community managers warn or suspend people."))
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_suspended:
            raise Conflict(_("This person is not suspended."))
        before = {"suspended_until": locked.suspended_until.isoformat()}
        now = timezone.now()
        locked.suspended_until = None
        locked.save(update_fields=["suspended_until"])
        running = Sanction.objects.filter(user=locked, kind=Sanction.Kind.SUSPENSION, lifted_at__isnull=True, until__gt=now)
        running.update(lifted_at=now, lifted_by=by)
        sanction = Sanction.objects.filter(user=locked, kind=Sanction.Kind.SUSPENSION).first()
        audit(actor=by, action=Action.LIFT_SUSPENSION, target=locked, before=before, after={"suspended_until": None}, reason=reason)
        send_on_commit(events.suspension_lifted, User, user=locked, sanction=sanction, by=by)
    user.suspended_until = None
    return user
