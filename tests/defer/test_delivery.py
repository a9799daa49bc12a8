"""`@defer` over HTTP against real subgraphs: the first part before the slow agency answers,
the parts merged equal to the ordinary response, null propagation stopping at the fragment."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.defer.support import GATE, agencies_gateway, merge, streamed

DASHBOARD = """query Dashboard { me { givenName taxAccount { balance }
  ... @defer(label: "slow") { benefitClaims { kind status } } } }"""


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with agencies_gateway() as found:
        yield found


async def ordinary(url: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(url, json={"query": query, "variables": variables or {}})
    assert response.headers["content-type"].startswith("application/json")
    return dict(response.json())


async def test_the_first_part_arrives_before_the_slow_agency_answers(url: str) -> None:
    GATE.open.clear()
    GATE.entered.clear()
    try:
        async with streamed(url, DASHBOARD) as parts:
            first = await parts.next()
            assert not GATE.open.is_set()  # benefits has not answered: it cannot have
            assert first == {
                "data": {"me": {"givenName": "Ada", "taxAccount": {"balance": 102}}},
                "hasNext": True,
            }
            assert await asyncio.to_thread(GATE.entered.wait, 30)  # the deferred call is waiting
            GATE.open.set()
            rest = await parts.rest()
    finally:
        GATE.open.set()
    assert rest == [
        {
            "incremental": [
                {
                    "data": {
                        "benefitClaims": [
                            {"kind": "child", "status": "paid"},
                            {"kind": "housing", "status": "open"},
                        ]
                    },
                    "path": ["me"],
                    "label": "slow",
                }
            ],
            "hasNext": False,
        }
    ]
    assert merge(first, rest) == await ordinary(url, DASHBOARD)
