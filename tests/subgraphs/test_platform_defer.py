"""The issue's Dashboard with `@defer` through the real platform (`subgraphs/gateway.yaml` turns it
on): the citizen's fast part first, benefits later, the parts together equal to the Dashboard."""

from __future__ import annotations

import httpx

from subgraphs.platform import DASHBOARD_QUERY
from tests.defer.support import Parts, merge
from tests.subgraphs.test_platform import Platform, _token
from tests.subgraphs.test_platform_cache import _citizens, _post, _url, platform  # noqa: F401

DEFERRED = DASHBOARD_QUERY.replace(
    "benefitClaims { kind status }", '... @defer(label: "slow") { benefitClaims { kind status } }'
)


async def test_the_dashboard_with_its_slow_agency_deferred(platform: Platform) -> None:  # noqa: F811
    citizen, _ = _citizens(platform)
    mine = {"authorization": "Bearer " + _token(platform, "--citizen", citizen)}
    whole = _post(_url(platform), DASHBOARD_QUERY, mine).json()
    headers = {**mine, "accept": "multipart/mixed;deferSpec=20220824, application/json"}
    async with (
        httpx.AsyncClient(timeout=30) as client,
        client.stream("POST", _url(platform), json={"query": DEFERRED}, headers=headers) as response,
    ):
        assert response.headers["content-type"].startswith("multipart/mixed")
        parts = Parts(response)
        first = await parts.next()
        rest = await parts.rest()
    assert first["hasNext"] is True and "benefitClaims" not in first["data"]["me"]
    assert first["data"]["me"]["taxAccount"] == whole["data"]["me"]["taxAccount"]
    assert [item["label"] for item in rest[0]["incremental"]] == ["slow"]
    assert merge(first, rest) == {"data": whole["data"]}
