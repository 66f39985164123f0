"""Creating, reading and delivering notifications. Listeners of the domain events call
`notify`; the notification page calls the read services; cron calls `digests_send`."""

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import BigIntegerField, Count, OuterRef, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from . import emails, live
from .models import Channel, Kind, Notification, Preference, default_channel

User = get_user_model()
logger = logging.getLogger(__name__)


def channels_for(*, user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each person's channel for `kind`: their preference, or the default."""
    user_ids = list(user_ids)
    chosen = dict(Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "channel"))
    return {uid: chosen.get(uid, default_channel(kind)) for uid in user_ids}


def notify(*, kind: str, recipients: Iterable[int], key: str, actor=None, idea=None, comment=None,
           data: dict | None = None) -> list[Notification]:
    """Create one notification of `kind` per recipient, once per `key`: a recipient who
    already has this key gets nothing new. Never the actor. Returns those created."""
    actor_id = getattr(actor, "pk", None)
    wanted = {uid for uid in recipients if uid and uid != actor_id}
    if not wanted:
        return []
    active = set(User.objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True))
    channels = {uid: c for uid, c in channels_for(user_ids=active, kind=kind).items() if c != Channel.OFF}
    if not channels:
        return []
    with transaction.atomic():
        already = set(
            Notification.objects.filter(recipient_id__in=channels, key=key).values_list("recipient_id", flat=True)
        )
        rows = [
            Notification(recipient_id=uid, kind=kind, key=key, actor_id=actor_id, idea=idea, comment=comment,
                         data=data or {}, channel=channel)
            for uid, channel in sorted(channels.items()) if uid not in already
        ]
        # The unique (recipient, key) constraint settles a race between two deliveries.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    created = list(
        Notification.objects.filter(recipient_id__in=[r.recipient_id for r in rows], key=key, emailed_at__isnull=True)
        .exclude(recipient_id__in=already)
        .select_related("recipient", "actor", "idea", "comment")
    )
    _deliver(created)
    return created


def notify_supports(*, idea, vote, up_to_vote_id: int | None = None) -> Notification | None:
    """A support on `idea` tells its author in batches: while their last supports
    notification is unread, not yet in a digest and younger than the window, it counts the
    new supports; otherwise a new one starts. The count is read from the supports
    themselves, so hearing of the same support twice changes nothing. `up_to_vote_id`: the
    latest of several supports heard of together, all counted by this call."""
    author_id = idea.author_id
    if vote.user_id == author_id:
        return None
    from ideas.models import Vote

    window_start = timezone.now() - timedelta(hours=settings.NOTIFICATION_SUPPORTS_WINDOW_HOURS)
    chosen = Preference.objects.filter(user_id=OuterRef("pk"), kind=Kind.SUPPORTS).values("channel")[:1]
    with transaction.atomic():
        # One writer per recipient at a time, so two supports cannot both start a batch; the
        # same query reads whether they are active and how they want to hear of supports.
        author = list(
            User.objects.select_for_update().filter(pk=author_id).annotate(chosen=Subquery(chosen))
            .values_list("is_active", "chosen")
        )
        if not author or not author[0][0]:
            return None
        channel = author[0][1] or default_channel(Kind.SUPPORTS)
        if channel == Channel.OFF:
            return None
        supports = Vote.objects.filter(idea_id=idea.pk, merged_from__isnull=True).exclude(user_id=author_id)
        # The batch comes with the number of supports since its first one (one query).
        since = supports.filter(pk__gte=OuterRef("first_vote")).order_by().values("idea_id").annotate(n=Count("pk"))
        batch = (
            Notification.objects.filter(
                recipient_id=author_id, kind=Kind.SUPPORTS, idea_id=idea.pk, read_at__isnull=True,
                digested_at__isnull=True, created_at__gte=window_start,
            )
            .annotate(first_vote=Coalesce(Cast(KeyTextTransform("first_vote", "data"), BigIntegerField()), vote.pk))
            .annotate(supports_since=Coalesce(Subquery(since.values("n")), 0))
            .order_by("-created_at")
            .first()
        )
        fresh = batch is None
        if fresh:
            counted = Notification.objects.filter(
                recipient_id=author_id, kind=Kind.SUPPORTS, idea_id=idea.pk, data__last_vote__gte=vote.pk
            )
            if counted.exists():
                return None  # this support was already counted in a batch, since read
            batch = Notification.objects.create(
                recipient_id=author_id, kind=Kind.SUPPORTS, key=f"supports:{vote.pk}", idea=idea, actor_id=vote.user_id,
                channel=channel, data={"since": vote.created_at.isoformat(), "first_vote": vote.pk},
            )
            count = supports.filter(pk__gte=vote.pk).count()
        else:
            count = batch.supports_since
        changes = {
            "count": max(count, 1), "actor_id": vote.user_id, "updated_at": timezone.now(),
            "data": {**batch.data, "last_vote": max(vote.pk, up_to_vote_id or 0, batch.data.get("last_vote", 0))},
        }
        Notification.objects.filter(pk=batch.pk).update(**changes)
    for field, value in changes.items():
        setattr(batch, field, value)
    if fresh:
        _deliver([batch])
    else:
        live.send(live.user_group(author_id), "unread", count=unread_count(user_id=author_id))
    return batch


def _deliver(notifications: list[Notification]) -> None:
    """Immediate e-mails for those who asked, then each recipient's bell."""
    for notification in notifications:
        if notification.channel == Channel.EMAIL:
            if emails.send_notification(notification):
                Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    for recipient_id in {n.recipient_id for n in notifications}:
        live.send(live.user_group(recipient_id), "unread", count=unread_count(user_id=recipient_id))


def unread_count(*, user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def notification_mark_read(*, notification: Notification, by) -> bool:
    """Mark one of `by`'s notifications read. Idempotent: False when it already was."""
    if notification.recipient_id != by.pk:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    if changed:
        live.send(live.user_group(by.pk), "unread", count=unread_count(user_id=by.pk))
    return bool(changed)


def notifications_mark_all_read(*, by) -> int:
    changed = Notification.objects.filter(recipient_id=by.pk, read_at__isnull=True).update(read_at=timezone.now())
    if changed:
        live.send(live.user_group(by.pk), "unread", count=0)
    return changed


def preferences_set(*, by, choices: dict[str, str]) -> None:
    """Save `by`'s channel for each kind given; a kind set to its default keeps no row."""
    with transaction.atomic():
        for kind, channel in choices.items():
            Kind(kind), Channel(channel)  # noqa: B018 — refuse unknown values
            if channel == default_channel(kind):
                Preference.objects.filter(user=by, kind=kind).delete()
            else:
                Preference.objects.update_or_create(user=by, kind=kind, defaults={"channel": channel})


def email_unsubscribe(*, user, kinds) -> list[str]:
    """Stop e-mails (at once or in the digest) of `kinds` for `user`: they stay on the site.
    The person proved it is them with a signed link, not a session. Returns the kinds changed."""
    kinds = [kind for kind in kinds if kind in Kind.values]
    mailed = {kind for kind, channel in _channels_of(user, kinds).items() if channel in (Channel.EMAIL, Channel.DIGEST)}
    preferences_set(by=user, choices={kind: Channel.IN_APP for kind in sorted(mailed)})
    return sorted(mailed)


def _channels_of(user, kinds) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(user=user, kind__in=kinds).values_list("kind", "channel"))
    return {kind: chosen.get(kind, default_channel(kind)) for kind in kinds}


def digests_send(*, now=None) -> int:
    """E-mail every person their pending digest notifications, once: a notification is
    marked digested in the same transaction as its e-mail is sent, and a run that finds
    nothing pending sends nothing. An address the mail server refuses (unknown mailbox) is
    logged and its notifications count as digested; a server failing for one person rolls
    back that person's marks (the next run tries again) and the run goes on with the others.
    Returns the number of e-mails sent."""
    now = now or timezone.now()
    sent = 0
    recipients = (
        Notification.objects.filter(channel=Channel.DIGEST, digested_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    for recipient_id in list(recipients):
        try:
            sent += _digest_send_to(recipient_id, now=now)
        except (smtplib.SMTPException, OSError):
            logger.exception("Digest of user %s not sent; it stays pending", recipient_id)
    return sent


def _digest_send_to(recipient_id: int, *, now) -> int:
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(recipient_id=recipient_id, channel=Channel.DIGEST, digested_at__isnull=True)
            .order_by("created_at", "id")
        )
        if not pending:
            return 0
        unread = [n for n in pending if n.read_at is None]
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digested_at=now)
        if unread:
            rows = list(
                Notification.objects.filter(pk__in=[n.pk for n in unread])
                .select_related("recipient", "actor", "idea", "comment")
                .order_by("created_at", "id")
            )
            # A failing mail server rolls the marks back: the next run tries again.
            try:
                emails.send_digest(rows[0].recipient, rows, fail_silently=False)
            except smtplib.SMTPRecipientsRefused as refused:
                # Permanent (unknown mailbox): trying every day would not change it.
                logger.warning("Digest of user %s refused by the mail server: %s", recipient_id,
                               refused.recipients)
                return 0
            return 1
    return 0
