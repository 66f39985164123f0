"""Domain events: Django signals sent only once the transaction that caused them commits,
so that listeners (points, notifications, live pages) never see a rolled-back change.

Two kinds of listener:
- connected with `signal.connect(...)`: side effects (points, notifications, live updates,
  rollups). The event is written to the outbox in the action's transaction and its
  listeners run after commit: in the web process without a broker, on a Celery worker
  with one (core/outbox.py). They must be idempotent: a delivery can run twice.
- connected with `connect_immediate(...)`: what the very next page must already reflect
  (cache invalidation). They run in the web process right after commit, never deferred.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

_immediate: dict[int, dict[str, object]] = {}


def connect_immediate(signal: Signal, receiver, *, dispatch_uid: str) -> None:
    """Run `receiver(sender=..., signal=..., **payload)` in the web process right after commit."""
    _immediate.setdefault(id(signal), {})[dispatch_uid] = receiver


def _send_immediate(signal: Signal, sender, payload: dict) -> None:
    for uid, receiver in list(_immediate.get(id(signal), {}).items()):
        try:
            receiver(sender=sender, signal=signal, **payload)
        except Exception:
            logger.exception("Immediate listener %s failed on %s", uid, sender)


def _send_in_process(signal: Signal, sender, payload: dict) -> None:
    # A failing listener must not turn a committed action into an error for the user.
    for receiver, result in signal.send_robust(sender=sender, **payload):
        if isinstance(result, Exception):
            logger.error("Listener %r failed on %s", receiver, sender, exc_info=result)


def send_on_commit(signal: Signal, sender, **payload) -> None:
    from . import outbox

    event = outbox.record(signal, sender, payload)

    def send():
        _send_immediate(signal, sender, payload)
        if event is None:
            _send_in_process(signal, sender, payload)
        else:
            outbox.hand_over(event, signal=signal, sender=sender, payload=payload)

    transaction.on_commit(send)
