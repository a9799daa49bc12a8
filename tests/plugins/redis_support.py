"""The Redis the rate-limit tests share (`REDIS_URL`, default the local one); tests that need it
skip, saying why, when it does not answer."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_answers() -> bool:
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_timeout=0.5, socket_connect_timeout=0.5)
        with client:
            return bool(client.ping())
    except (redis.RedisError, OSError):
        return False


needs_redis = pytest.mark.skipif(
    not redis_answers(), reason=f"no Redis answers at {REDIS_URL} (set REDIS_URL)"
)


def fresh_prefix() -> str:
    """A key prefix no other test (or run) uses."""
    return f"govgraph-test:{uuid.uuid4().hex[:12]}:"


def forget(prefix: str) -> None:
    with redis.Redis.from_url(REDIS_URL) as client:
        keys = list(client.scan_iter(match=prefix + "*"))
        if keys:
            client.delete(*keys)
