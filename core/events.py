"""Domain events: Django signals sent only once the transaction that caused them commits,
so that listeners (points, notifications, live pages) never see a rolled-back change."""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)


def send_on_commit(signal: Signal, sender, **payload) -> None:
    def send():
        # A failing listener must not turn a committed action into an error for the user.
        for receiver, result in signal.send_robust(sender=sender, **payload):
            if isinstance(result, Exception):
                logger.error("Listener %r failed on %s", receiver, sender, exc_info=result)

    transaction.on_commit(send)
