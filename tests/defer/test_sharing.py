"""A streamed response is never cached nor shared: the response cache keeps only whole results,
and concurrent identical multipart requests each get their own parts (de-duplication on)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from gateway.plugins import build_plugins
from gateway.plugins.cache.config import CacheConfig, ResponseCacheConfig
from gateway.plugins.dedup import DedupConfig
from gateway.plugins.defer import DeferConfig
from tests.defer.support import GATE, MULTIPART_ACCEPT, agencies_gateway, merge, streamed

QUERY = '{ me { givenName ... @defer(label: "b") { benefitClaims { kind } } } }'
WHOLE = {"data": {"me": {"givenName": "Ada", "benefitClaims": [{"kind": "child"}, {"kind": "housing"}]}}}


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    sections = {
        "cache": CacheConfig(response=ResponseCacheConfig(enabled=True, default_ttl=60)),
        "dedup": DedupConfig(requests=True, fetches=True),
        "defer": DeferConfig(enabled=True),
    }
    with agencies_gateway(build_plugins(sections)) as found:
        yield found


async def test_the_first_part_is_never_kept_as_the_cached_response(url: str) -> None:
    async with streamed(url, QUERY) as parts:
        first = await parts.next()
        rest = await parts.rest()
    assert merge(first, rest) == WHOLE
    async with httpx.AsyncClient(timeout=30) as client:
        ordinary = await client.post(url, json={"query": QUERY})
        assert ordinary.json() == WHOLE  # not the first part alone
        again = await client.post(url, json={"query": QUERY}, headers={"accept": MULTIPART_ACCEPT})
        assert again.headers.get("age") is not None  # a cache hit: the whole result, as JSON
        assert again.headers["content-type"].startswith("application/json")
        assert again.json() == WHOLE


async def test_concurrent_multipart_requests_each_get_every_part(url: str) -> None:
    query = '{ me { pension ... @defer(label: "b") { benefitClaims { kind } } } }'  # both gated

    async def one() -> dict[str, object]:
        async with streamed(url, query) as parts:
            first = await parts.next()
            return merge(first, await parts.rest())

    GATE.open.clear()
    GATE.entered.clear()
    try:
        requests = [asyncio.create_task(one()) for _ in range(2)]
        assert await asyncio.to_thread(GATE.entered.wait, 30)
        await asyncio.sleep(0.3)  # lets the second request join the first while the primary waits
        GATE.open.set()
        merged = await asyncio.gather(*requests)
    finally:
        GATE.open.set()
    whole = {"data": {"me": {"pension": 42, "benefitClaims": [{"kind": "child"}, {"kind": "housing"}]}}}
    assert merged == [whole, whole]
