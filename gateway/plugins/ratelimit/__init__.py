"""Per-consumer rate limits: a token bucket per consumer, checked before parsing.

The consumer is the verified principal's subject when the request is authenticated (the
`authenticated` rate), else the value of `api_key_header` when configured and sent, else the
client's address (both at the `anonymous` rate). A request finding the bucket empty is refused
with 429 RATE_LIMITED and `Retry-After` (whole seconds, at least 1); every other response
carries `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (with `headers: true`).

    rate_limit:
      enabled: true
      anonymous: {burst: 60, per_second: 1}
      authenticated: {burst: 300, per_second: 5}
      api_key_header: x-api-key          # only if something in front verifies the keys
      backend: redis                     # memory: per process; redis: one limit for all processes
      redis: {url: "${REDIS_URL:-redis://127.0.0.1:6379/0}", on_error: open}

With `backend: redis` and Redis unreachable, `on_error: open` lets requests through (a
warning at most once a minute, nothing for clients); `closed` refuses them with 503.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from typing import Literal

from ...config.declare import setting
from ...errors import RATE_LIMITED, SERVICE_UNAVAILABLE, error_dict
from ...hooks import Plugin, RequestContext
from ...messages import GraphQLResult
from .buckets import AuthenticatedRate, Buckets, BucketsUnavailable, Decision, MemoryBuckets, Rate
from .redis_store import RedisBuckets

log = logging.getLogger("govgraph.ratelimit")
WARN_EVERY = 60.0  # seconds between warnings that Redis is unreachable


@dataclass(frozen=True)
class RedisStore:
    """Where `backend: redis` keeps the buckets."""

    url: str = setting("redis://127.0.0.1:6379/0", doc="The Redis URL.", example="${REDIS_URL}")
    key_prefix: str = setting("govgraph:ratelimit:", doc="Prefix of the buckets' keys.")
    timeout: float = setting(0.1, doc="Seconds to wait for Redis before treating it as down.", minimum=0.001)
    on_error: Literal["open", "closed"] = setting(
        "open", doc="Redis unreachable: `open` lets requests through (logged), `closed` refuses them (503)."
    )


@dataclass(frozen=True)
class RateLimitConfig:
    """Token buckets per consumer (subject, API key or address)."""

    enabled: bool = setting(False, doc="Limit each consumer's request rate.")
    anonymous: Rate = setting(default_factory=Rate, doc="Per address or API key.")
    authenticated: AuthenticatedRate = setting(
        default_factory=AuthenticatedRate, doc="Per authenticated subject."
    )
    api_key_header: str | None = setting(
        None,
        doc="Tell anonymous consumers apart by this header's value instead of their address (only "
        "when something in front verifies the keys: anyone can send a new one).",
        example="x-api-key",
    )
    backend: Literal["memory", "redis"] = setting(
        "memory", doc="`memory`: each process its own buckets; `redis`: shared by every process."
    )
    max_buckets: int = setting(100_000, doc="`memory`: consumers remembered (LRU).", minimum=1)
    redis: RedisStore = setting(default_factory=RedisStore, doc="`redis`: where and how.")
    headers: bool = setting(True, doc="Send `RateLimit-Limit`, `-Remaining` and `-Reset` headers.")

    @property
    def empty(self) -> bool:
        return not self.enabled


def consumer(ctx: RequestContext, api_key_header: str | None) -> tuple[str, bool]:
    """The bucket's key and whether it is an authenticated consumer's."""
    principal = ctx.principal
    if not principal.anonymous:
        return f"sub:{principal.subject or principal.client_id or principal.kind}", True
    if api_key_header:
        key = ctx.headers.get(api_key_header)
        if key:
            return "key:" + hashlib.sha256(key.encode()).hexdigest()[:32], False  # no secrets in keys
    return f"addr:{ctx.client_address or 'unknown'}", False


class RateLimitPlugin(Plugin):
    name = "rate_limit"
    Config = RateLimitConfig

    def __init__(self, config: RateLimitConfig | None = None) -> None:
        super().__init__(config)
        settings: RateLimitConfig = self.config
        self.api_key_header = settings.api_key_header.lower() if settings.api_key_header else None
        store = settings.redis
        self.buckets: Buckets = (
            RedisBuckets(store.url, store.key_prefix, store.timeout)
            if settings.backend == "redis"
            else MemoryBuckets(settings.max_buckets)
        )
        self._warned_at = -WARN_EVERY

    async def close(self) -> None:
        await self.buckets.close()

    async def on_request(self, ctx: RequestContext) -> GraphQLResult | None:
        key, authenticated = consumer(ctx, self.api_key_header)
        rate = self.config.authenticated if authenticated else self.config.anonymous
        try:
            decision = await self.buckets.take(key, rate)
        except BucketsUnavailable as error:
            return self.unavailable(ctx, error)
        ctx.state["rate_limit"] = decision
        if decision.allowed:
            return None
        ctx.response_headers["retry-after"] = str(decision.retry_after)
        message = f"Too many requests: retry in {decision.retry_after} s."
        error_body = error_dict(message, RATE_LIMITED, retryAfter=decision.retry_after)
        return GraphQLResult(errors=[error_body], executed=False, status=429)

    def unavailable(self, ctx: RequestContext, error: BucketsUnavailable) -> GraphQLResult | None:
        now = time.monotonic()
        if now - self._warned_at >= WARN_EVERY:
            self._warned_at = now
            log.warning("rate limits not enforced (%s): failing %s", error, self.config.redis.on_error)
        if self.config.redis.on_error == "open":
            return None
        ctx.response_headers["retry-after"] = "1"
        message = "The rate limiter is unavailable; retry shortly."
        return GraphQLResult(errors=[error_dict(message, SERVICE_UNAVAILABLE)], executed=False, status=503)

    async def on_response(self, ctx: RequestContext, result: GraphQLResult) -> None:
        decision: Decision | None = ctx.state.get("rate_limit")
        if decision is not None and self.config.headers:
            headers = ctx.response_headers
            headers["ratelimit-limit"] = str(decision.rate.burst)
            headers["ratelimit-remaining"] = str(decision.remaining)
            headers["ratelimit-reset"] = str(decision.reset)
