"""Domain events: Django signals sent only once the transaction that caused them commits,
so that listeners (points, notifications, live pages) never see a rolled-back change.

Two kinds of listener:
- connected with `signal.connect(...)`: side effects (points, notifications, live updates,
  rollups). They are run after commit; with the worker tier, by a worker.
- connected with `connect_immediate(...)`: what the very next page must already reflect
  (cache invalidation). They run in the web process right after commit, never deferred.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

_immediate: dict[int, dict[str, object]] = {}


def connect_immediate(signal: Signal, receiver, *, dispatch_uid: str) -> None:
    """Run `receiver(sender=..., **payload)` in the web process right after commit."""
    _immediate.setdefault(id(signal), {})[dispatch_uid] = receiver


def _send_immediate(signal: Signal, sender, payload: dict) -> None:
    for uid, receiver in list(_immediate.get(id(signal), {}).items()):
        try:
            receiver(sender=sender, signal=signal, **payload)
        except Exception:
            logger.exception("Immediate listener %s failed on %s", uid, sender)


def send_on_commit(signal: Signal, sender, **payload) -> None:
    def send():
        _send_immediate(signal, sender, payload)
        # A failing listener must not turn a committed action into an error for the user.
        for receiver, result in signal.send_robust(sender=sender, **payload):
            if isinstance(result, Exception):
                logger.error("Listener %r failed on %s", receiver, sender, exc_info=result)

    transaction.on_commit(send)
