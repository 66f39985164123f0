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


def _references(value, found: dict[str, set]) -> dict[str, set]:
    if isinstance(value, list):
        for item in value:
            _references(item, found)
    elif isinstance(value, dict):
        if "$model" in value:
            found.setdefault(value["$model"], set()).add(value["pk"])
        else:
            for item in value.values():
                _references(item, found)
    return found


def _objects_named(payloads: list) -> dict[tuple[str, object], models.Model]:
    """Every object the payloads name, read with one query per model."""
    known = {}
    for label, pks in _references(payloads, {}).items():
        model = apps.get_model(label)
        for pk, instance in model._base_manager.in_bulk(list(pks)).items():
            known[(label, pk)] = instance
    return known


def _decode(value, known: dict | None = None):
    if isinstance(value, list):
        return [_decode(item, known) for item in value]
    if isinstance(value, dict):
        if "$model" in value:
            model = apps.get_model(value["$model"])
            if known is not None:
                instance = known.get((value["$model"], value["pk"]))
            else:
                instance = model._base_manager.filter(pk=value["pk"]).first()
            if instance is None:
                raise ObjectGone(f"{model._meta.label} {value['pk']} no longer exists")
            return instance
        if "$datetime" in value:
            return datetime.datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return datetime.date.fromisoformat(value["$date"])
        return {key: _decode(item, known) for key, item in value.items()}
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
    taken = _owed_now(now).filter(pk=event_id).update(
        leased_until=now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS), attempts=models.F("attempts") + 1)
    if not taken:
        return None
    return OutboxEvent.objects.filter(pk=event_id).first()


def _owed_now(now):
    return OutboxEvent.objects.filter(
        models.Q(leased_until__isnull=True) | models.Q(leased_until__lt=now),
        delivered_at__isnull=True, failed_at__isnull=True,
    )


def _lease_with_backlog(event_id: int) -> list[OutboxEvent]:
    """Take the event and up to OUTBOX_BATCH - 1 owed events of the same kind queued behind
    it, in one transaction; their rows stay locked meanwhile so that two workers never take
    the same one (PostgreSQL skips rows another worker is taking; SQLite writes one at a time)."""
    now = timezone.now()
    with transaction.atomic():
        first = (_owed_now(now).filter(pk=event_id).select_for_update(skip_locked=True)
                 .values_list("name", "sender").first())
        if first is None:
            return []
        name, sender = first
        behind = list(
            _owed_now(now).filter(name=name, sender=sender).exclude(pk=event_id).order_by("pk")
            .select_for_update(skip_locked=True).values_list("pk", flat=True)[:max(0, settings.OUTBOX_BATCH - 1)]
        )
        ids = [event_id, *behind]
        OutboxEvent.objects.filter(pk__in=ids).update(
            leased_until=now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS), attempts=models.F("attempts") + 1)
    return list(OutboxEvent.objects.filter(pk__in=ids).order_by("pk"))


def delivered_together(many):
    """Mark a receiver whose effect for several events of its signal at once is `many`
    (called with `signal`, `sender` and `payloads`, a list of the events' keyword arguments):
    a recount done once for the people and ideas a whole backlog names, instead of once per
    event. The receiver itself still serves a single event."""
    def mark(receiver):
        receiver.deliver_many = many
        return receiver
    return mark


def deliver(event_id: int, *, loaded: tuple | None = None) -> Outcome | None:
    """Run the listeners still owed for the event. `loaded` carries the signal, sender and
    payload when the caller has them (in-process delivery): nothing is read again."""
    event = _lease(event_id)
    if event is None:
        return None
    if loaded is not None:
        signal, sender, payload = loaded
        return _run(signal, sender, [(event, payload)])[event.pk]
    return _deliver_leased([event])[event.pk]


def deliver_with_backlog(event_id: int) -> Outcome | None:
    """A worker's delivery: the event and the owed events of its kind behind it, together.
    Listeners marked `delivered_together` run once for all of them; the others once per
    event, in order. Returns the outcome of `event_id`'s event (None if not owed or held)."""
    events = _lease_with_backlog(event_id)
    if not events:
        return None
    return _deliver_leased(events)[event_id]


def _deliver_leased(events: list[OutboxEvent]) -> dict[int, Outcome]:
    """Deliver events of one kind and sender, leased by this delivery."""
    outcomes: dict[int, Outcome] = {}
    signal = signal_named(events[0].name)
    if signal is None:
        return {event.pk: _finish(event, note=f"unknown event {event.name}: nothing to run") for event in events}
    try:
        sender = _sender_from(events[0].sender)
    except LookupError as gone:
        return {event.pk: _finish(event, note=str(gone)[:300]) for event in events}
    known = _objects_named([event.payload for event in events])
    loaded = []
    for event in events:
        try:
            loaded.append((event, _decode(event.payload, known)))
        except ObjectGone as gone:
            logger.info("Event %s (%s) ends without effect: %s", event.pk, event.name, gone)
            outcomes[event.pk] = _finish(event, note=str(gone)[:300])
    if loaded:
        outcomes.update(_run(signal, sender, loaded))
    return outcomes


def _run(signal: Signal, sender, loaded: list[tuple[OutboxEvent, dict]]) -> dict[int, Outcome]:
    failed: dict[int, list[str]] = {event.pk: [] for event, _ in loaded}
    errors: dict[int, list[str]] = {event.pk: [] for event, _ in loaded}
    for name, receiver in listeners(signal, sender):
        owed = [(event, payload) for event, payload in loaded
                if not event.pending_listeners or name in event.pending_listeners]
        if not owed:
            continue
        many = getattr(receiver, "deliver_many", None)
        runs = ([(owed, lambda: many(signal=signal, sender=sender, payloads=[p for _, p in owed]))]
                if many is not None and len(owed) > 1 else
                [([(event, payload)], lambda payload=payload: receiver(signal=signal, sender=sender, **payload))
                 for event, payload in owed])
        for concerned, call in runs:
            try:
                call()
            except ObjectGone as gone:
                logger.info("Listener %s of events %s ends without effect: %s", name,
                            [event.pk for event, _ in concerned], gone)
            except Exception as error:
                logger.error("Listener %s failed on events %s (%s)", name, [event.pk for event, _ in concerned],
                             concerned[0][0].name, exc_info=error)
                text = f"{name}: {''.join(traceback.format_exception_only(error)).strip()}"
                for event, _ in concerned:
                    failed[event.pk].append(name)
                    errors[event.pk].append(text)
    outcomes = {}
    finished = [event for event, _ in loaded if not failed[event.pk]]
    if finished:
        OutboxEvent.objects.filter(pk__in=[event.pk for event in finished]).update(
            delivered_at=timezone.now(), leased_until=None, pending_listeners=[], note="")
        outcomes.update({event.pk: Outcome(delivered=True, failed_listeners=[]) for event in finished})
    for event, _ in loaded:
        if not failed[event.pk]:
            continue
        gave_up = event.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        OutboxEvent.objects.filter(pk=event.pk).update(
            pending_listeners=failed[event.pk], last_error="\n".join(errors[event.pk])[:5000], leased_until=None,
            failed_at=timezone.now() if gave_up else None,
        )
        if gave_up:
            logger.error("Event %s (%s) gave up after %s attempts: %s", event.pk, event.name, event.attempts,
                         failed[event.pk])
        outcomes[event.pk] = Outcome(delivered=False, failed_listeners=failed[event.pk], gave_up=gave_up)
    return outcomes


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
