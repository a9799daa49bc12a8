"""Demand control on a subscription: each event is its own result, counted against
`max_actual_cost` and `max_response_bytes` on its own, however long the subscription runs."""

from __future__ import annotations

import pytest

from gateway.plugins import build_plugins
from gateway.plugins.demand import DemandConfig
from tests.subscriptions.client import CLAIM_CHANGED, WsClient
from tests.subscriptions.support import platform


@pytest.mark.parametrize("ceiling", ["max_actual_cost", "max_response_bytes"])
async def test_every_event_of_a_long_subscription_has_the_whole_budget(ceiling: str) -> None:
    config = DemandConfig(enabled=True, **{ceiling: 600 if ceiling == "max_response_bytes" else 5})
    with platform(build_plugins({"demand_control": config})) as running:
        client = await WsClient.open(running.ws)
        await client.subscribe("s", CLAIM_CHANGED)
        await running.wait_for_subscribers(1)
        running.emit(8)  # together far over either ceiling, each event well under it
        events = [(await client.recv())["payload"] for _ in range(8)]
        await client.close()
    assert [e.get("errors") for e in events] == [None] * 8, events[-1]
    assert len({e["data"]["claimChanged"]["id"] for e in events}) == 8  # eight events, none withheld
    costs = {e["extensions"]["cost"]["actual"] for e in events}
    assert len(costs) == 1 and costs.pop() > 0, events
