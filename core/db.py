"""Heavy reads on a streaming replica, only where asked.

With DATABASE_REPLICA_URL set there is a "replica" database: a standby of the primary that
replays its changes a moment later. Reads go there only inside `reading_from_replica()`,
which the entries of the heavy reads that may lag (the executive report, its exports, their
refresh) put around their work; everything else reads the primary, so a person always sees
what they just wrote. Writes always go to the primary, and inside a transaction on the
primary reads stay there too (a block that writes then reads its own rows).
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections, transaction

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _replica_reachable() -> bool:
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        logger.warning("The read replica cannot be reached: heavy reads go to the primary meanwhile.", exc_info=True)
        return False
    return True


@contextmanager
def reading_from_replica():
    """Send this block's reads (of this thread or task) to the replica, when there is one
    and it answers; also usable as a decorator. Never around a read that must see a write
    the same person has just made."""
    use = replica_configured() and _replica_reachable()
    token = _reading_from_replica.set(use)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def reads_from_replica_now() -> bool:
    return _reading_from_replica.get() and not transaction.get_connection(PRIMARY).in_atomic_block


class ReplicaRouter:
    """Reads to the replica inside `reading_from_replica()`; the rest to the primary."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # related rows from the database the object came from
        return REPLICA if reads_from_replica_now() else PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, first, second, **hints):
        if {first._state.db, second._state.db} <= {PRIMARY, REPLICA}:
            return True  # the same rows, one place or its copy
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is the primary's copy: it is migrated by replaying the primary.
        return db == PRIMARY
