"""Retries on a subscription: each event's entity fetches are retried like a new request's, however
long ago the subscription began (`request_deadline` counts from the event, not the subscribe)."""

from __future__ import annotations

import asyncio

from gateway.plugins import build_plugins
from gateway.plugins.resilience import ResilienceConfig, SubgraphPolicy
from tests.subscriptions.client import CLAIM_CHANGED, WsClient
from tests.subscriptions.support import HUB, platform

DEADLINE = 0.3  # seconds after a request (an event) arrived past which nothing is retried


async def test_an_events_fetch_is_retried_long_after_the_subscription_began() -> None:
    policy = SubgraphPolicy(retries=3, backoff=0.01, max_backoff=0.02)
    config = ResilienceConfig(request_deadline=DEADLINE, subgraphs={"people": policy})
    with platform(build_plugins({"resilience": config})) as running:
        client = await WsClient.open(running.ws)
        await client.subscribe("s", CLAIM_CHANGED)
        await running.wait_for_subscribers(1)
        await asyncio.sleep(2 * DEADLINE)  # the subscription's own deadline is long past
        HUB.people_unavailable = 1  # a transient outage: the first attempt fails, a retry answers
        try:
            running.emit(1)
            event = (await client.recv())["payload"]
        finally:
            HUB.people_unavailable = 0
        await client.close()
    assert "errors" not in event, event
    assert event["data"]["claimChanged"]["applicant"]["name"] == "Person p0"
