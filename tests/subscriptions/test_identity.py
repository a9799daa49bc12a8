"""Credentials on a stream: verified by the identity plugin exactly as for an HTTP request (a test
JWKS on a real server); the subgraph's subscription socket carries the gateway's signed identity."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.subscriptions.client import CLAIM_CHANGED, WsClient, sse_events
from tests.subscriptions.conftest import CITIZEN, Secured
from tests.subscriptions.support import HUB


@pytest.mark.parametrize("where", ["top", "headers"])
async def test_the_subgraph_socket_carries_the_gateways_signed_identity(secured: Secured, where: str) -> None:
    bearer = f"Bearer {secured.citizen_token()}"
    forged_identity = {"x-govgraph-identity": "made-up-by-the-client"}
    init: dict[str, Any] = (
        {"Authorization": bearer, **forged_identity}
        if where == "top"
        else {"headers": {"authorization": bearer, **forged_identity}}
    )
    HUB.seen.clear()
    client = await WsClient.open(secured.platform.ws, init)
    await client.subscribe("s")
    await secured.platform.wait_for_subscribers(1)
    secured.platform.emit(1)
    assert (await client.recv())["type"] == "next"
    seen = HUB.seen[-1]
    assert seen.identity is not None and seen.identity == seen.init_headers["x-govgraph-identity"]
    caller = secured.caller_seen_by_claims({"x-govgraph-identity": seen.identity})
    assert caller is not None and (caller.citizen_id, caller.subject) == (CITIZEN, "citizen-7")
    assert "authorization" not in seen.init_headers  # the client's token is not passed on
    await client.close()
    await secured.platform.wait_for_subscribers(0)


@pytest.mark.parametrize(
    "token",
    [
        lambda s: s.provider.token("ghost-1", citizen_id=CITIZEN),  # a key the provider never published
        lambda s: s.citizen_token(exp=1_000_000, iat=999_000, nbf=999_000),  # long expired
        lambda s: "not-a-jwt",
    ],
    ids=["forged", "expired", "malformed"],
)
async def test_refused_credentials_close_with_4403(secured: Secured, token: Any) -> None:
    client = await WsClient.connect(secured.platform.ws)
    await client.send({"type": "connection_init", "payload": {"Authorization": f"Bearer {token(secured)}"}})
    assert await client.close_code() == 4403
    assert secured.platform.subscribers() == 0


async def test_sse_takes_the_bearer_header_and_refuses_a_forged_one(secured: Secured) -> None:
    url = secured.platform.gateway + "/graphql"
    HUB.seen.clear()
    async with httpx.AsyncClient(timeout=30) as http:
        forged = secured.provider.token("ghost-1", citizen_id=CITIZEN)
        refused = await http.post(
            url,
            json={"query": CLAIM_CHANGED},
            headers={"accept": "text/event-stream", "authorization": f"Bearer {forged}"},
        )
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        headers = {"authorization": f"Bearer {secured.citizen_token()}"}
        stream = sse_events(http, url, {"query": CLAIM_CHANGED}, headers)
        first = asyncio.ensure_future(anext(stream))
        await secured.platform.wait_for_subscribers(1)
        secured.platform.emit(1)
        event, data = await asyncio.wait_for(first, 20)
        await stream.aclose()
    assert event == "next" and data["data"]["claimChanged"]["applicant"]["name"].startswith("Person")
    caller = secured.caller_seen_by_claims({"x-govgraph-identity": HUB.seen[-1].identity or ""})
    assert caller is not None and caller.citizen_id == CITIZEN
