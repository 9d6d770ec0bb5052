"""A Redis cache that degrades to 'no cache' while Redis is unreachable.

Pages must keep rendering when Redis stops: a failed read is a miss, a failed write is
skipped, and the error is logged once per minute rather than for every call.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def _failed(self, operation: str, error: Exception):
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning > 60:
            ResilientRedisCache._last_warning = now
            logger.warning("cache unavailable (%s): %s", operation, error)

    def _safe(self, operation: str, default, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except Exception as error:  # redis.ConnectionError, TimeoutError …
            self._failed(operation, error)
            return default

    def get(self, key, default=None, version=None):
        return self._safe("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("set", None, super().set, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # Fail open: callers use add() as a lock (allauth's rate limits); with no cache there
        # is nothing to contend for, and refusing would lock everyone out of signing in.
        return self._safe("add", True, super().add, key, value, timeout, version)

    def delete(self, key, version=None):
        return self._safe("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._safe("get_many", {}, super().get_many, keys, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("set_many", [], super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._safe("delete_many", None, super().delete_many, keys, version)

    def has_key(self, key, version=None):
        return self._safe("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        return self._safe("incr", None, super().incr, key, delta, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("touch", False, super().touch, key, timeout, version)

    def clear(self):
        return self._safe("clear", None, super().clear)
