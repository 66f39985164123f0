"""The transactional outbox: how a domain event's side effects survive a broker or a worker
that fails.

`core.events.send_on_commit` writes an `OutboxEvent` row in the transaction of the action
(so the event exists exactly when the action committed), then, after commit:
- without a broker (the embedded default), delivers it in the web process at once;
- with one, hands its id to a Celery task (`core.tasks.outbox_deliver`). If the broker is
  down at that moment, nothing is lost: the sweep (`outbox_sweep`, every few seconds on
  beat) hands over again every event still owed.

Delivering runs the event's listeners (the ordinary receivers of its signal), each in its
own transaction as it chooses. Listeners are idempotent (the ledger reconciles, a
notification has a unique key), so running one again after a worker died changes nothing;
a lease on the row keeps two workers from delivering the same event at once. A listener
that fails is retried with backoff; after `OUTBOX_MAX_ATTEMPTS` the event is marked failed,
listed for administrators with a retry action, never dropped. An event whose objects were
deleted meanwhile (an idea erased, a support withdrawn) ends quietly, with a note.

Durable events are the signals of each app's `events` module, named `<app>.<attribute>`; a
signal defined elsewhere (a test's) is sent in-process after commit, as before.
"""

import datetime
import importlib
import logging
import time
import traceback
import weakref
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.dispatch import Signal
from django.dispatch.dispatcher import NONE_ID, _make_id
from django.utils import timezone

from .models import OutboxEvent

logger = logging.getLogger(__name__)

_registry: dict[str, Signal] | None = None
_names: dict[int, str] = {}


# --- Which events are durable -------------------------------------------------------------

def _load_registry() -> dict[str, Signal]:
    global _registry
    if _registry is None:
        found = {}
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.events")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.events":
                    raise
                continue
            for attribute, value in vars(module).items():
                if isinstance(value, Signal):
                    found[f"{config.label}.{attribute}"] = value
        _names.update({id(signal): name for name, signal in found.items()})
        _registry = found
    return _registry


def event_name(signal: Signal) -> str | None:
    _load_registry()
    return _names.get(id(signal))


def signal_named(name: str) -> Signal | None:
    return _load_registry().get(name)


# --- Payloads: model instances travel as (model, pk) and are read again on delivery --------

class ObjectGone(Exception):
    """An object named in the payload no longer exists."""


def _encode(value):
    if isinstance(value, models.Model):
        return {"$model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _encode(item) for key, item in value.items()}
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    # Lazy translations, enums of TextChoices...: their text.
    return str(value)


def _decode(value):
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        if "$model" in value:
            model = apps.get_model(value["$model"])
            instance = model._base_manager.filter(pk=value["pk"]).first()
            if instance is None:
                raise ObjectGone(f"{model._meta.label} {value['pk']} no longer exists")
            return instance
        if "$datetime" in value:
            return datetime.datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return datetime.date.fromisoformat(value["$date"])
        return {key: _decode(item) for key, item in value.items()}
    return value


def _sender_label(sender) -> str:
    if isinstance(sender, type) and issubclass(sender, models.Model):
        return sender._meta.label_lower
    return ""


def _sender_from(label: str):
    return apps.get_model(label) if label else None


# --- Listeners ------------------------------------------------------------------------------

def listeners(signal: Signal, sender) -> list[tuple[str, object]]:
    """The receivers of `signal` for `sender`, each with a name that is the same in every
    process (its dispatch_uid, else its module and name)."""
    sender_key = _make_id(sender)
    found = []
    with signal.lock:
        entries = list(signal.receivers)
    for (receiver_key, receiver_sender_key), reference, _is_async in entries:
        if receiver_sender_key not in (NONE_ID, sender_key):
            continue
        receiver = reference() if isinstance(reference, weakref.ReferenceType) else reference
        if receiver is None:
            continue
        name = receiver_key if isinstance(receiver_key, str) else \
            f"{getattr(receiver, '__module__', '')}.{getattr(receiver, '__qualname__', repr(receiver))}"
        found.append((name, receiver))
    return found


# --- Writing and handing over ---------------------------------------------------------------

def broker_in_use() -> bool:
    return settings.TASKS_MODE == "worker"


def record(signal: Signal, sender, payload: dict) -> OutboxEvent | None:
    """Write the event in the current transaction; None for a signal that is not durable."""
    name = event_name(signal)
    if name is None:
        return None
    return OutboxEvent.objects.create(name=name, sender=_sender_label(sender), payload=_encode(payload))


# After a failed hand-over, the next ones skip the broker for a few seconds: while it is
# down, each action would otherwise wait for a connection timeout.
_broker_down_until = 0.0


def queue_delivery(event_id: int) -> bool:
    """Queue the event for a worker; False (and the sweep will do it) if the broker is down."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return False
    from .tasks import outbox_deliver

    try:
        # No retries here: the person's answer must not wait for a broker that is down.
        outbox_deliver.apply_async((event_id,), retry=False)
    except Exception:
        _broker_down_until = time.monotonic() + settings.OUTBOX_BROKER_BACKOFF_SECONDS
        logger.warning("Broker unreachable: event %s waits for the sweep", event_id, exc_info=True)
        return False
    return True


def hand_over(event: OutboxEvent, *, signal: Signal, sender, payload: dict) -> None:
    """After commit: deliver in-process, or queue for a worker (the sweep covers a failure)."""
    if broker_in_use():
        queue_delivery(event.pk)
        return
    try:
        deliver(event.pk, loaded=(signal, sender, payload))
    except Exception:
        # The action has committed: its answer stands; the event stays owed.
        logger.exception("Delivering event %s in-process failed", event.pk)


# --- Delivering -----------------------------------------------------------------------------

@dataclass
class Outcome:
    delivered: bool
    failed_listeners: list[str]
    note: str = ""
    gave_up: bool = False


def _lease(event_id: int) -> OutboxEvent | None:
    """Take the event for this delivery, unless it is delivered, given up, or held by a
    delivery still running elsewhere."""
    now = timezone.now()
    taken = OutboxEvent.objects.filter(
        models.Q(leased_until__isnull=True) | models.Q(leased_until__lt=now),
        pk=event_id, delivered_at__isnull=True, failed_at__isnull=True,
    ).update(leased_until=now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
             attempts=models.F("attempts") + 1)
    if not taken:
        return None
    return OutboxEvent.objects.filter(pk=event_id).first()


def deliver(event_id: int, *, loaded: tuple | None = None) -> Outcome | None:
    """Run the listeners still owed for the event. `loaded` carries the signal, sender and
    payload when the caller has them (in-process delivery): nothing is read again."""
    event = _lease(event_id)
    if event is None:
        return None
    if loaded is not None:
        signal, sender, payload = loaded
    else:
        signal = signal_named(event.name)
        if signal is None:
            return _finish(event, note=f"unknown event {event.name}: nothing to run")
        try:
            sender, payload = _sender_from(event.sender), _decode(event.payload)
        except (ObjectGone, LookupError) as gone:
            logger.info("Event %s (%s) ends without effect: %s", event.pk, event.name, gone)
            return _finish(event, note=str(gone)[:300])

    owed = set(event.pending_listeners)
    failed, errors = [], []
    for name, receiver in listeners(signal, sender):
        if owed and name not in owed:
            continue
        try:
            receiver(signal=signal, sender=sender, **payload)
        except ObjectGone as gone:
            logger.info("Listener %s of event %s ends without effect: %s", name, event.pk, gone)
        except Exception as error:
            logger.error("Listener %s failed on event %s (%s)", name, event.pk, event.name, exc_info=error)
            failed.append(name)
            errors.append(f"{name}: {''.join(traceback.format_exception_only(error)).strip()}")
    if not failed:
        return _finish(event)
    gave_up = event.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    OutboxEvent.objects.filter(pk=event.pk).update(
        pending_listeners=failed, last_error="\n".join(errors)[:5000], leased_until=None,
        failed_at=timezone.now() if gave_up else None,
    )
    if gave_up:
        logger.error("Event %s (%s) gave up after %s attempts: %s", event.pk, event.name, event.attempts, failed)
    return Outcome(delivered=False, failed_listeners=failed, gave_up=gave_up)


def _finish(event: OutboxEvent, *, note: str = "") -> Outcome:
    OutboxEvent.objects.filter(pk=event.pk).update(
        delivered_at=timezone.now(), leased_until=None, pending_listeners=[], note=note
    )
    return Outcome(delivered=True, failed_listeners=[], note=note)


def owed_events(*, older_than: timedelta, limit: int):
    """Events still owed (not delivered, not given up, not held), the oldest first."""
    now = timezone.now()
    return (
        OutboxEvent.objects.filter(delivered_at__isnull=True, failed_at__isnull=True, created_at__lt=now - older_than)
        .filter(models.Q(leased_until__isnull=True) | models.Q(leased_until__lt=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_retry(*, event_ids) -> int:
    """An administrator's retry of failed events: owed again, from their failed listeners."""
    with transaction.atomic():
        count = OutboxEvent.objects.filter(pk__in=list(event_ids), delivered_at__isnull=True).update(
            failed_at=None, attempts=0, leased_until=None
        )
    ids = list(event_ids)

    def again():
        for event_id in ids:
            if broker_in_use():
                queue_delivery(event_id)
            else:
                deliver(event_id)

    transaction.on_commit(again)
    return count


def outbox_purge(*, older_than: timedelta) -> int:
    """Delivered events are kept a while for inspection, then removed."""
    deleted, _rows = OutboxEvent.objects.filter(
        delivered_at__isnull=False, delivered_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
