"""The Redis cache, for a site that must keep working when Redis does not.

Everything the site keeps in the cache can be done without: counters of rate limits (login,
API, writes), cached figures. So while Redis is unreachable each operation answers as an
empty cache would — a miss, nothing stored, a counter starting over — logs a warning at
most every minute per process, and the pages go on; when Redis returns, the cache is used
again at the next request. The price, stated in the README: rate limits are not enforced
while Redis is down (they fail open rather than lock everyone out).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)
WARN_EVERY_SECONDS = 60


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client makes a new redis.Redis object for every operation (a fifth of a
    signed-in request's CPU in bench/floor.py); one per connection pool does the same work.
    redis.Redis is safe to share between threads: each command takes a connection from the
    pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _unreachable(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning >= WARN_EVERY_SECONDS:
            ResilientRedisCache._last_warning = now
            logger.warning("Redis unreachable (%s: %s): answering as an empty cache", operation, error)

    def _guard(self, operation: str, call, fallback):
        try:
            return call()
        except UNREACHABLE as error:
            self._unreachable(operation, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._guard("get", lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._guard("get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guard("has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # As if the key were new: the caller goes on as it would on an empty cache.
        return self._guard("add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), True)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), [])

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._guard("delete", lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def incr(self, key, delta=1, version=None):
        # A counter starting over: the first of its window.
        return self._guard("incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version), delta)

    def decr(self, key, delta=1, version=None):
        return self._guard("decr", lambda: super(ResilientRedisCache, self).decr(key, delta, version), 0)

    def clear(self):
        return self._guard("clear", lambda: super(ResilientRedisCache, self).clear(), None)
