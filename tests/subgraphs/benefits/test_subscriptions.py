"""Claim changes as subscriptions, end to end without the gateway: the real legacy API publishing to a
real NATS, the benefits subgraph serving graphql-transport-ws at /graphql, clients that present
`x-govgraph-identity` as the gateway would (or forge it, as an attacker would)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from gateway.messages import Principal
from gateway.plugins.identity import IdentitySigner
from subgraphs.benefits.app import create_app
from subgraphs.benefits.legacy.seed import seed
from subgraphs.broker import free_port
from subgraphs.common.identity import HEADER
from subgraphs.datagen.world import Citizen, World
from tests.subgraphs.benefits.conftest import start_legacy, stop
from tests.subgraphs.benefits.transport_ws import HANG_GUARD, TransportWS
from tests.subgraphs.callers import (
    BENEFITS_CREDENTIAL,
    BENEFITS_SERVICE,
    CASEWORKER,
    PRIVATE_KEY,
    PUBLIC_KEY,
    citizen,
    identity,
    official,
)
from tests.support.broker import nats_server
from tests.support.servers import ServerThread

# personal codes of this module only: other tests sharing the machine's NATS publish for their own
CODES = [f"505121299{n:02d}" for n in range(1, 9)]
MINE = "subscription { myBenefitClaimChanged { id kind status amount decidedAt citizen { id } } }"
ANYONES = "subscription($c: ID!) { benefitClaimChanged(citizenId: $c) { id status citizen { id } } }"
BENEFIT_CODES = {"UNEMPLOYMENT": "UB", "PENSION": "PN", "DISABILITY": "DB", "PARENTAL_BENEFIT": "PB"}


def world() -> World:
    people = tuple(Citizen(c, "Given", "Family", date(1985, 1, 1), "F", "H1", (), ()) for c in CODES)
    return World(
        seed=1, reference_date=date(2025, 6, 1), citizens=people, benefit_claims=(), health_insurances=()
    )


class Platform:
    """The legacy API and the subgraph over one NATS."""

    def __init__(self, legacy: str, subgraph: str) -> None:
        self.legacy, self.subgraph = legacy, subgraph
        self.ws = subgraph.replace("http://", "ws://") + "/graphql"

    def apply(self, person: str, kind: str) -> str:
        body = {"personCode": person, "benefitCode": BENEFIT_CODES[kind]}
        response = httpx.post(self.legacy + "/api/v1/applications", json=body, headers=BENEFITS_SERVICE)
        assert response.status_code == 201, response.text
        return str(response.json()["data"]["claimNo"])

    def decide(self, claim_no: str, status: str, amount: str | None = None) -> None:
        body = {"statusCode": status, **({"amount": amount} if amount else {})}
        response = httpx.post(
            f"{self.legacy}/api/v1/claims/{claim_no}/decision", json=body, headers=CASEWORKER
        )
        assert response.status_code == 200, response.text

    async def subscribed(self, count: int) -> None:
        """Wait until the subgraph holds `count` subscriptions the broker confirmed."""
        async with asyncio.timeout(HANG_GUARD), httpx.AsyncClient() as client:
            while (await client.get(self.subgraph + "/health")).json()["subscriptions"] != count:
                await asyncio.sleep(0.05)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    nats = nats_server(tmp_path_factory.mktemp("nats"))
    nats_url = next(nats)
    data_dir = tmp_path_factory.mktemp("benefits-events")
    seed(world(), data_dir)
    proc, legacy_url = start_legacy(data_dir, "--nats-url", nats_url)
    server = ServerThread(
        create_app(legacy_url, PUBLIC_KEY, nats_url=nats_url, credential=BENEFITS_CREDENTIAL), lifespan="on"
    ).start()
    try:
        yield Platform(legacy_url, server.url)
    finally:
        server.stop()
        stop(proc)
        with contextlib.suppress(StopIteration):
            next(nats)


def data(message: dict[str, Any], field: str = "myBenefitClaimChanged") -> dict[str, Any]:
    assert message["type"] == "next", message
    return message["payload"]["data"][field]


def disclosures(message: dict[str, Any]) -> list[dict[str, Any]]:
    return message["payload"]["extensions"]["govgraph"]["disclosures"]


async def test_a_change_reaches_its_citizen_and_no_other(platform: Platform) -> None:
    a, b = CODES[0], CODES[1]
    first, second = platform.apply(a, "UNEMPLOYMENT"), platform.apply(a, "PENSION")
    theirs = platform.apply(b, "UNEMPLOYMENT")
    async with (
        TransportWS.open(platform.ws, headers=citizen("benefits", a)) as alice,
        TransportWS.open(platform.ws, headers=citizen("benefits", b)) as bob,
    ):
        await alice.subscribe("1", MINE)
        await bob.subscribe("1", MINE)
        await platform.subscribed(2)
        platform.decide(theirs, "A", "310.00")  # published before A's: it would come first
        platform.decide(first, "A", "512.40")
        platform.decide(second, "X")
        assert data(await bob.receive())["id"] == theirs  # B's change was published, to B
        approved, rejected = data(await alice.receive()), data(await alice.receive())
        assert approved["id"] == first and rejected["id"] == second  # nothing of B's in between
        assert approved["kind"] == "UNEMPLOYMENT" and approved["status"] == "APPROVED"
        assert approved["amount"] == 512.4 and approved["citizen"] == {"id": a}
        assert approved["decidedAt"].startswith(str(date.today().year))
        assert rejected["status"] == "REJECTED" and rejected["decidedAt"] is not None
    await platform.subscribed(0)  # closing the sockets ended the broker subscriptions


async def test_each_event_reports_what_it_disclosed(platform: Platform) -> None:
    """Two subscriptions on one connection (a caseworker following two citizens): each `next` payload
    names the one citizen whose claim it carries."""
    a, b = CODES[2], CODES[3]
    first, second = platform.apply(a, "DISABILITY"), platform.apply(b, "DISABILITY")
    async with TransportWS.open(platform.ws, headers=official("benefits")) as caseworker:
        await caseworker.subscribe("a", ANYONES, {"c": a})
        await caseworker.subscribe("b", ANYONES, {"c": b})
        await platform.subscribed(2)
        platform.decide(first, "A")
        platform.decide(second, "X")
        for operation, who, claim in (("a", a, first), ("b", b, second)):
            message = await caseworker.receive()
            assert message["id"] == operation
            assert data(message, "benefitClaimChanged")["id"] == claim
            assert disclosures(message) == [{"citizen": who, "fields": ["Subscription.benefitClaimChanged"]}]


async def test_the_broker_fans_out_to_every_subscriber(platform: Platform) -> None:
    """Three connections (as gateway instances would hold): the identity as a handshake header, in the
    connection_init payload, and in both (signed twice: two tokens naming one caller); a new
    application reaches all three."""
    a = CODES[4]
    token = citizen("benefits", a)
    principal = Principal(kind="citizen", subject=a, citizen_id=a, scopes=frozenset())
    resigned = {
        HEADER: IdentitySigner(PRIVATE_KEY, "govgraph-gateway", lifetime=600).token_for(principal, "benefits")
    }
    assert resigned != token
    async with (
        TransportWS.open(platform.ws, headers=token) as one,
        TransportWS.open(platform.ws, payload={"headers": token}) as two,
        TransportWS.open(platform.ws, headers=token, payload={"headers": resigned}) as three,
    ):
        for client in (one, two, three):
            await client.subscribe("1", MINE)
        await platform.subscribed(3)
        claim = platform.apply(a, "PARENTAL_BENEFIT")
        for client in (one, two, three):
            got = data(await client.receive())
            assert (got["id"], got["status"], got["decidedAt"]) == (claim, "SUBMITTED", None)


async def refusal(platform: Platform, query: str, headers: dict[str, str] | None = None, **kw: Any) -> str:
    """The code of the `error` message a subscription is answered with."""
    async with TransportWS.open(platform.ws, headers=headers, payload=kw.get("payload")) as client:
        await client.subscribe("x", query, kw.get("variables"))
        message = await client.receive()
        assert message["type"] == "error" and message["id"] == "x", message
        return str(message["payload"][0]["extensions"]["code"])


async def test_callers_without_a_valid_identity_are_refused(platform: Platform) -> None:
    a, b = CODES[5], CODES[6]
    forged = {"x-govgraph-identity": "e30.e30.AAAA"}
    cases: list[tuple[str, dict[str, Any]]] = [
        ("UNAUTHENTICATED", {}),  # anonymous
        ("UNAUTHENTICATED", {"headers": {"x-citizen-id": a}}),  # a client header is no identity
        ("UNAUTHENTICATED", {"headers": forged}),
        ("UNAUTHENTICATED", {"payload": {"headers": forged}}),
        ("UNAUTHENTICATED", {"headers": citizen("tax", a)}),  # signed for another subgraph
        (
            "UNAUTHENTICATED",
            {"headers": citizen("benefits", a), "payload": {"headers": citizen("benefits", b)}},
        ),
        ("FORBIDDEN", {"headers": official("benefits")}),  # "my" claims are a citizen's
    ]
    for code, how in cases:
        assert await refusal(platform, MINE, how.get("headers"), payload=how.get("payload")) == code, how
    await platform.subscribed(0)


async def test_following_someone_else_needs_the_read_rule(platform: Platform) -> None:
    a, b = CODES[6], CODES[7]
    other = {"c": a}
    assert await refusal(platform, ANYONES, citizen("benefits", b), variables=other) == "FORBIDDEN"
    no_purpose = identity("benefits", scopes=["benefits:read"])
    assert await refusal(platform, ANYONES, no_purpose, variables=other) == "FORBIDDEN"
    wildcard = {"c": ">"}  # would be every citizen's subject
    assert await refusal(platform, ANYONES, official("benefits"), variables=wildcard) == "BAD_USER_INPUT"
    claim = platform.apply(a, "UNEMPLOYMENT")
    async with TransportWS.open(platform.ws, headers=official("benefits")) as caseworker:
        await caseworker.subscribe("1", ANYONES, other)
        await platform.subscribed(1)
        platform.decide(claim, "A")
        message = await caseworker.receive()
        assert data(message, "benefitClaimChanged") == {
            "id": claim,
            "status": "APPROVED",
            "citizen": {"id": a},
        }
        assert disclosures(message) == [{"citizen": a, "fields": ["Subscription.benefitClaimChanged"]}]


async def test_without_the_broker_a_subscription_is_refused_with_a_code(platform: Platform) -> None:
    unreachable = f"nats://127.0.0.1:{free_port()}"
    server = ServerThread(
        create_app(platform.legacy, PUBLIC_KEY, nats_url=unreachable, credential=BENEFITS_CREDENTIAL),
        lifespan="on",
    ).start()
    try:
        alone = Platform(platform.legacy, server.url)
        assert await refusal(alone, MINE, citizen("benefits", CODES[0])) == "BROKER_UNAVAILABLE"
        await alone.subscribed(0)
    finally:
        server.stop()
