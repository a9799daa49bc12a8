"""Per-consumer rate limits through a real gateway, with the in-memory and the Redis buckets:
consumers are independent, buckets refill with time, refusals say when to retry."""

from __future__ import annotations

import contextlib
import logging
import time

import httpx
import pytest
import redis

from gateway.plugins.ratelimit import RateLimitConfig, RateLimitPlugin, RedisStore
from gateway.plugins.ratelimit.buckets import AuthenticatedRate, MemoryBuckets, Rate
from tests.http.harness import closed_url, gateway
from tests.plugins.principal import HeaderPrincipal
from tests.plugins.redis_support import REDIS_URL, forget, fresh_prefix, needs_redis

QUERY = {"query": "{ topProducts(first: 1) { upc } }"}
BACKENDS = ["memory", pytest.param("redis", marks=needs_redis)]


def limited(subgraph_urls: dict[str, str], config: RateLimitConfig) -> contextlib.AbstractContextManager[str]:
    """A gateway whose consumers are told apart by `x-api-key` or `x-test-subject`."""
    return gateway(subgraph_urls, plugins=[HeaderPrincipal(), RateLimitPlugin(config)])


def settings(
    backend: str, anonymous: Rate, authenticated: AuthenticatedRate | None = None
) -> RateLimitConfig:
    return RateLimitConfig(
        enabled=True,
        anonymous=anonymous,
        authenticated=authenticated or AuthenticatedRate(),
        api_key_header="X-Api-Key",
        backend=backend,  # type: ignore[arg-type]
        redis=RedisStore(url=REDIS_URL, key_prefix=fresh_prefix()),
    )


def send(url: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(url, json=QUERY, headers=headers)


@pytest.mark.parametrize("backend", BACKENDS)
def test_consumers_are_independent_and_refusals_say_when_to_retry(
    subgraph_urls: dict[str, str], backend: str
) -> None:
    config = settings(backend, anonymous=Rate(2, 0.5), authenticated=AuthenticatedRate(3, 0.5))
    with limited(subgraph_urls, config) as url:
        alice = {"x-api-key": "alice"}
        assert [send(url, alice).status_code for _ in range(2)] == [200, 200]
        refused = send(url, alice)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "2"  # one token back after 1 / 0.5 s
        error = refused.json()["errors"][0]
        assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 2}
        assert "data" not in refused.json()
        strict = send(url, {**alice, "accept": "application/graphql-response+json"})
        assert strict.status_code == 429
        # Another key, the bare address, an authenticated subject: each its own bucket.
        assert [send(url, {"x-api-key": "bob"}).status_code for _ in range(2)] == [200, 200]
        assert [send(url).status_code for _ in range(2)] == [200, 200]
        ada = {"x-test-subject": "ada", "x-api-key": "alice"}  # the subject wins over the key
        assert [send(url, ada).status_code for _ in range(4)] == [200, 200, 200, 429]
        assert send(url, alice).status_code == 429


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_bucket_refills_with_time(subgraph_urls: dict[str, str], backend: str) -> None:
    with limited(subgraph_urls, settings(backend, anonymous=Rate(1, 4.0))) as url:
        started = time.monotonic()
        assert send(url).status_code == 200
        refused = send(url)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "1"  # 0.25 s, rounded up to whole seconds
        while send(url).status_code == 429:
            time.sleep(0.01)
        waited = time.monotonic() - started
        assert 0.2 <= waited < 0.6, waited


def test_responses_carry_the_bucket_state(subgraph_urls: dict[str, str]) -> None:
    with limited(subgraph_urls, settings("memory", anonymous=Rate(5, 1.0))) as url:
        first, second = send(url), send(url)
        assert (first.headers["ratelimit-limit"], first.headers["ratelimit-remaining"]) == ("5", "4")
        assert second.headers["ratelimit-remaining"] == "3"
        assert second.headers["ratelimit-reset"] == "2"


def test_memory_keeps_at_most_max_buckets_least_recently_used_forgotten() -> None:
    buckets, rate = MemoryBuckets(max_buckets=2), Rate(1, 0.001)
    assert buckets.take_now("a", rate, 0.0).allowed
    assert buckets.take_now("b", rate, 0.0).allowed
    assert not buckets.take_now("a", rate, 0.1).allowed  # a used again: b is the oldest
    assert buckets.take_now("c", rate, 0.2).allowed
    assert len(buckets) == 2
    assert not buckets.take_now("a", rate, 0.3).allowed  # still remembered, still empty
    assert buckets.take_now("b", rate, 0.4).allowed  # forgotten: a full bucket again


def test_redis_down_fails_open_logging_once(
    subgraph_urls: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with closed_url() as nowhere:
        down = nowhere.replace("http://", "redis://").replace("/graphql", "/0")
        config = RateLimitConfig(
            enabled=True, anonymous=Rate(1, 0.001), backend="redis", redis=RedisStore(url=down)
        )
        with (
            caplog.at_level(logging.WARNING, logger="govgraph.ratelimit"),
            limited(subgraph_urls, config) as url,
        ):
            responses = [send(url) for _ in range(5)]
    assert [r.status_code for r in responses] == [200] * 5
    assert all("errors" not in r.json() and "ratelimit-limit" not in r.headers for r in responses)
    warnings = [r for r in caplog.records if r.name == "govgraph.ratelimit"]
    assert len(warnings) == 1 and "failing open" in warnings[0].getMessage()


def test_redis_down_fails_closed_when_configured(subgraph_urls: dict[str, str]) -> None:
    with closed_url() as nowhere:
        down = nowhere.replace("http://", "redis://").replace("/graphql", "/0")
        store = RedisStore(url=down, on_error="closed")
        with limited(subgraph_urls, RateLimitConfig(enabled=True, backend="redis", redis=store)) as url:
            refused = send(url)
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "1"
    assert refused.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


@needs_redis
def test_keys_live_under_the_configured_prefix(subgraph_urls: dict[str, str]) -> None:
    config = settings("redis", anonymous=Rate(3, 1.0))
    prefix = config.redis.key_prefix
    with limited(subgraph_urls, config) as url:
        send(url, {"x-api-key": "secret-key"})
        send(url)
    with redis.Redis.from_url(REDIS_URL) as client:
        keys = sorted(key.decode() for key in client.scan_iter(match=prefix + "*"))
    forget(prefix)
    assert keys[0] == prefix + "addr:127.0.0.1"
    assert keys[1].startswith(prefix + "key:") and "secret-key" not in keys[1]
