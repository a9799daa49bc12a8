"""Token buckets in Redis, shared by every gateway process using the same Redis and prefix.

One Lua script refills and takes a token atomically, on Redis's own clock (`TIME`), so
processes on different hosts agree; a bucket expires once it would be full again. When Redis
cannot be reached, `take` raises `BucketsUnavailable` — and for the next `retry_interval`
seconds raises it at once instead of waiting on Redis again (no added latency in an outage).
"""

from __future__ import annotations

import time
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from .buckets import BucketsUnavailable, Decision, Rate

TAKE = """
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(held[1])
local at = tonumber(held[2])
if tokens == nil or at == nil then
  tokens = burst
else
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return {allowed, tostring(tokens)}
"""


class RedisBuckets:
    def __init__(self, url: str, prefix: str, timeout: float, retry_interval: float = 1.0) -> None:
        self.url = url
        self.prefix = prefix
        self.timeout = timeout
        self.retry_interval = retry_interval
        self._client: Redis | None = None
        self._script: Any = None
        self._down_until = 0.0

    def _connect(self) -> Any:
        """The client and script, made on first use (inside the serving event loop)."""
        if self._script is None:
            self._client = Redis.from_url(
                self.url, socket_timeout=self.timeout, socket_connect_timeout=self.timeout
            )
            self._script = self._client.register_script(TAKE)
        return self._script

    async def take(self, key: str, rate: Rate) -> Decision:
        if self._down_until and time.monotonic() < self._down_until:
            raise BucketsUnavailable(f"Redis at {self.url} was unreachable less than a moment ago")
        try:
            allowed, tokens = await self._connect()(
                keys=[self.prefix + key], args=[rate.burst, rate.per_second]
            )
        except (RedisError, OSError) as error:
            self._down_until = time.monotonic() + self.retry_interval
            raise BucketsUnavailable(f"Redis at {self.url}: {error}") from error
        self._down_until = 0.0
        return Decision(bool(allowed), float(tokens), rate)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = self._script = None
