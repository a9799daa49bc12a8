"""Token buckets: a consumer may send `burst` requests at once, and gets `per_second` back each
second. Two stores share the interface: `MemoryBuckets` (this process; at most `max_buckets`
consumers, the least recently seen forgotten first) and `RedisBuckets` (`redis_store.py`: every
gateway process sharing one Redis shares one limit)."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

from ...config.declare import setting


@dataclass(frozen=True)
class Rate:
    """A token bucket's size and refill."""

    burst: int = setting(60, doc="Requests allowed at once (the bucket's size).", minimum=1)
    per_second: float = setting(1.0, doc="Requests given back per second.", minimum=0.001)


@dataclass(frozen=True)
class AuthenticatedRate(Rate):
    """A token bucket's size and refill, for authenticated consumers."""

    burst: int = setting(300, doc="Requests allowed at once (the bucket's size).", minimum=1)
    per_second: float = setting(5.0, doc="Requests given back per second.", minimum=0.001)


@dataclass(frozen=True, slots=True)
class Decision:
    """One request's answer from a bucket, and what the bucket holds after it."""

    allowed: bool
    tokens: float  # left after this request
    rate: Rate

    @property
    def retry_after(self) -> int:
        """Whole seconds until one token is back (at least 1), for `Retry-After`."""
        return max(1, math.ceil((1.0 - self.tokens) / self.rate.per_second))

    @property
    def remaining(self) -> int:
        return max(0, math.floor(self.tokens))

    @property
    def reset(self) -> int:
        """Whole seconds until the bucket is full again."""
        return max(0, math.ceil((self.rate.burst - self.tokens) / self.rate.per_second))


class BucketsUnavailable(Exception):
    """The shared store cannot be reached: the caller applies its fail-open/closed policy."""


class Buckets(Protocol):
    async def take(self, key: str, rate: Rate) -> Decision:
        """Take one token from `key`'s bucket if it holds one."""

    async def close(self) -> None:
        """Release connections."""


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class MemoryBuckets:
    """Buckets in this process, at most `max_buckets` (least recently used forgotten first: a
    forgotten consumer starts again with a full bucket)."""

    def __init__(self, max_buckets: int) -> None:
        self.max_buckets = max_buckets
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take_now(self, key: str, rate: Rate, now: float) -> Decision:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(rate.burst), now)
            if len(self._buckets) > self.max_buckets:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            bucket.tokens = min(float(rate.burst), bucket.tokens + (now - bucket.at) * rate.per_second)
            bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return Decision(True, bucket.tokens, rate)
        return Decision(False, bucket.tokens, rate)

    async def take(self, key: str, rate: Rate) -> Decision:
        return self.take_now(key, rate, time.monotonic())

    async def close(self) -> None:
        self._buckets.clear()
