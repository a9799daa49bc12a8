"""What the rate limiter adds to a request, measured in-process: its two hooks (`on_request`
takes a token, `on_response` sets the headers) per request, for each store. Printed (run with
`-s`); the bounds only catch a gross regression on a loaded machine."""

from __future__ import annotations

import asyncio
import time

from gateway.hooks import RequestContext
from gateway.messages import GraphQLRequest, GraphQLResult
from gateway.plugins.ratelimit import RateLimitConfig, RateLimitPlugin, RedisStore
from gateway.plugins.ratelimit.buckets import Rate
from tests.plugins.redis_support import REDIS_URL, forget, fresh_prefix, needs_redis

ROUNDS = 2000
REQUEST = GraphQLRequest("{ __typename }")


async def per_request(plugin: RateLimitPlugin) -> float:
    """Median seconds for both hooks, over `ROUNDS` requests from 100 consumers."""
    result = GraphQLResult(data={})
    samples = []
    for i in range(ROUNDS):
        ctx = RequestContext(REQUEST, {}, client_address=f"10.0.0.{i % 100}")
        started = time.perf_counter()
        assert await plugin.on_request(ctx) is None
        await plugin.on_response(ctx, result)
        samples.append(time.perf_counter() - started)
    await plugin.close()
    return sorted(samples)[len(samples) // 2]


def config(backend: str, prefix: str = "") -> RateLimitConfig:
    store = RedisStore(url=REDIS_URL, key_prefix=prefix or fresh_prefix())
    return RateLimitConfig(enabled=True, anonymous=Rate(10**6, 1000.0), backend=backend, redis=store)  # type: ignore[arg-type]


def test_memory_buckets_add_microseconds() -> None:
    median = asyncio.run(per_request(RateLimitPlugin(config("memory"))))
    print(f"\nrate limiter, memory: {median * 1e6:.1f} µs per request (median of {ROUNDS})")
    assert median < 200e-6


@needs_redis
def test_redis_buckets_add_one_round_trip() -> None:
    prefix = fresh_prefix()
    try:
        median = asyncio.run(per_request(RateLimitPlugin(config("redis", prefix))))
    finally:
        forget(prefix)
    print(f"\nrate limiter, redis: {median * 1e6:.1f} µs per request (median of {ROUNDS})")
    assert median < 5e-3


def test_an_unreachable_redis_adds_nothing_after_the_first_failure() -> None:
    store = RedisStore(url="redis://127.0.0.1:1/0", on_error="open")
    plugin = RateLimitPlugin(RateLimitConfig(enabled=True, backend="redis", redis=store))
    median = asyncio.run(per_request(plugin))
    print(f"\nrate limiter, redis down (open): {median * 1e6:.1f} µs per request (median of {ROUNDS})")
    assert median < 200e-6
