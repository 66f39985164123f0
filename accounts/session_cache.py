"""Signed-in requests that ask the database nothing: the session and the signed-in person
read from the cache (Redis), the database staying the reference.

Every request of a signed-in person used to read its session row and its user row before
the page did anything. With SESSION_CACHE_SECONDS > 0 (the default when REDIS_URL is set):

- `SessionStore` (SESSION_ENGINE "accounts.session_cache") keeps each session in the
  database as before and a copy in the cache for at most SESSION_CACHE_SECONDS: reads come
  from the copy, every save and delete goes to the database then replaces or removes it.
- `CachedAuthenticationMiddleware` keeps a copy of the signed-in person under the version
  of their row: any save or delete of a user (and the directory sync's bulk updates) gives
  it a new version after commit, so a copy read before a change is never used after it.
  The checks Django makes on each request are made on the copy too: the session's
  password hash, an active account; anything else goes the ordinary way.

Both only with a cache every server process shares: with the local-memory cache a sign-out
or a deactivation in one process would not reach the copies in another, so the setting
defaults to 0 there (the ordinary database reads). While Redis is unreachable the cache
answers as an empty one (core/cache.py) and every request reads the database; a change
made during the outage whose removal of a copy was lost is caught within
SESSION_CACHE_SECONDS after Redis returns (docs/security.md).
"""

import logging
import uuid
from contextlib import contextmanager

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.core.cache import caches
from django.db import OperationalError, connections, router, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from .identity import SEEN_AT_KEY

logger = logging.getLogger(__name__)

SESSION_PREFIX = "accounts:session:"
USER_PREFIX = "accounts:signed-in:"
VERSION_PREFIX = "accounts:signed-in-version:"
VERSION_SECONDS = 24 * 3600


def _seconds() -> int:
    return max(0, int(getattr(settings, "SESSION_CACHE_SECONDS", 0)))


def _cache():
    return caches[settings.SESSION_CACHE_ALIAS]


# How long a save whose only change is the last-seen time waits for SQLite's write lock.
LAST_SEEN_LOCK_WAIT_MS = 100
_MISSING = object()


@contextmanager
def _short_lock_wait(using: str):
    """On SQLite, wait LAST_SEEN_LOCK_WAIT_MS for the write lock instead of the busy timeout."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    previous = connection.connection.execute("PRAGMA busy_timeout").fetchone()[0]
    connection.connection.execute(f"PRAGMA busy_timeout = {LAST_SEEN_LOCK_WAIT_MS}")
    try:
        yield
    finally:
        connection.connection.execute(f"PRAGMA busy_timeout = {int(previous)}")


class SessionStore(db.SessionStore):
    """Database sessions with a short-lived copy of each in the cache.

    A save whose only change is the last-seen time (SessionExpiryMiddleware's refresh, on a
    page that is otherwise a reading) does not wait for a busy SQLite: it gives up after
    LAST_SEEN_LOCK_WAIT_MS and the next request refreshes it. SQLite has one writer at a
    time and its busy handler serves waiters in no order, so under a burst of writes a
    reading could otherwise wait up to the busy timeout (30 s) for a write it does not need."""

    _expire_date = None
    _loaded = None

    def _get_session_from_db(self):
        row = super()._get_session_from_db()
        self._expire_date = row.expire_date if row else None
        return row

    def _copy_seconds(self, until=None) -> int:
        left = (until - timezone.now()).total_seconds() if until else self.get_expiry_age()
        return int(min(_seconds(), left))

    def load(self):
        data = self._load()
        self._loaded = dict(data)
        return data

    def _load(self):
        if not _seconds():
            return super().load()
        if self.session_key:
            data = _cache().get(SESSION_PREFIX + self.session_key)
            if data is not None:
                return data
        data = super().load()
        if self.session_key and self._expire_date and (seconds := self._copy_seconds(self._expire_date)) > 0:
            _cache().set(SESSION_PREFIX + self.session_key, data, seconds)
        return data

    def _only_last_seen_changed(self) -> bool:
        if self._loaded is None or self.session_key is None:
            return False
        keys = set(self._session) | set(self._loaded)
        return {key for key in keys if self._session.get(key, _MISSING) != self._loaded.get(key, _MISSING)} == {
            SEEN_AT_KEY}

    def save(self, must_create=False):
        if not must_create and self._only_last_seen_changed():
            try:
                with _short_lock_wait(router.db_for_write(self.model)):
                    super().save()
            except UpdateError as error:
                # Django's store turns any database error of an update into UpdateError.
                cause = error.__context__
                if not (isinstance(cause, OperationalError) and "locked" in str(cause)):
                    raise
                logger.info("Session last-seen time not refreshed (database busy): the next request will try again")
                return
        else:
            super().save(must_create=must_create)
        self._loaded = dict(self._session)
        if _seconds() and self.session_key and (seconds := self._copy_seconds()) > 0:
            _cache().set(SESSION_PREFIX + self.session_key, self._session, seconds)

    def delete(self, session_key=None):
        session_key = session_key or self.session_key
        super().delete(session_key)
        if session_key:
            _cache().delete(SESSION_PREFIX + session_key)

    # The async paths go through the same reads and writes, copy included.
    async def aload(self):
        return await sync_to_async(self.load)()

    async def asave(self, must_create=False):
        return await sync_to_async(self.save)(must_create=must_create)

    async def adelete(self, session_key=None):
        return await sync_to_async(self.delete)(session_key)


# --- the signed-in person ---------------------------------------------------------------

def forget_user(pk) -> None:
    """A new version for this person's copy, now and after the current transaction commits
    (a request reading the row before the commit must not keep its copy afterwards)."""

    def bump():
        _cache().set(VERSION_PREFIX + str(pk), uuid.uuid4().hex, VERSION_SECONDS)

    bump()
    transaction.on_commit(bump)


def forget_user_on_change(sender, instance, **kwargs):
    forget_user(instance.pk)


def _user_id(request):
    return auth.get_user_model()._meta.pk.to_python(request.session[SESSION_KEY])


def get_user(request):
    """auth.get_user(request), from the cached copy of the person when it is current."""
    if not _seconds():
        return auth.get_user(request)
    session = request.session
    try:
        user_id = _user_id(request)
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    cache = _cache()
    entry_key, version_key = USER_PREFIX + str(user_id), VERSION_PREFIX + str(user_id)
    found = cache.get_many([entry_key, version_key])
    version = found.get(version_key)
    entry = found.get(entry_key)
    if version is not None and entry is not None and entry[0] == version:
        user = entry[1]
        session_hash = session.get(HASH_SESSION_KEY)
        if (user.pk == user_id and user.is_active and session_hash
                and constant_time_compare(session_hash, user.get_session_auth_hash())):
            user.backend = backend_path
            return user
    if version is None:
        cache.add(version_key, uuid.uuid4().hex, VERSION_SECONDS)
        version = cache.get(version_key)
    # The ordinary way: the row, its checks, the session flushed when they fail.
    user = auth.get_user(request)
    if user.is_authenticated and version is not None:
        cache.set(entry_key, (version, user), _seconds())
    return user


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, the person read through `get_user` above."""

    def process_request(self, request):
        super().process_request(request)

        def lazy_user():
            if not hasattr(request, "_cached_user"):
                request._cached_user = get_user(request)
            return request._cached_user

        request.user = SimpleLazyObject(lazy_user)
