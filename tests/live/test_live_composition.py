"""`govgraph serve --subgraph ...`: the gateway composes running subgraphs and follows their changes.

A subgraph is redeployed with a new field while a slow request is in flight: the gateway serves
the new field after a poll, without a restart, and the slow request still completes. A
redeployment that does not compose is not applied: the last good schema keeps serving.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gateway.live.manager import CompositionSource
from tests.live import subgraphs
from tests.live.harness import Live, live_gateway, running
from tests.live.subgraphs import Swappable

PERSON = '{ person(id: "1") { name reviews } }'
EMAIL = '{ person(id: "2") { name email reviews } }'


@pytest.fixture()
def apps() -> dict[str, Swappable]:
    return {"people": Swappable(subgraphs.people_v1()), "reviews": Swappable(subgraphs.reviews())}


@pytest.fixture()
def live(apps: dict[str, Swappable]) -> Iterator[Live]:
    with running(apps) as urls, live_gateway(CompositionSource(urls)) as gateway:
        yield gateway


def serves_email(live: Live) -> bool:
    return "errors" not in live.query(EMAIL)


def test_serves_the_composed_subgraphs(live: Live) -> None:
    assert live.query(PERSON) == {"data": {"person": {"name": "Ada", "reviews": ["clear", "kind"]}}}
    assert live.manager.generation == 1
    [error] = live.query(EMAIL)["errors"]
    assert error["message"] == "Cannot query field 'email' on type 'Person'."


def test_new_field_is_served_without_restart_or_failing_an_in_flight_request(
    live: Live, apps: dict[str, Swappable], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="govgraph.supergraph")
    outcome: dict[str, Any] = {}

    def slow_request() -> None:
        with httpx.Client(timeout=30) as client:
            outcome["body"] = client.post(live.url, json={"query": "{ slow(seconds: 3) }"}).json()

    subgraphs.slow_started.clear()
    slow = threading.Thread(target=slow_request)
    slow.start()
    assert subgraphs.slow_started.wait(10), "the slow request never reached the subgraph"
    old_gateway = live.manager.current

    apps["people"].swap(subgraphs.people_v2())
    live.wait_for(lambda: serves_email(live))

    assert slow.is_alive(), "the slow request finished before the swap: the test proves nothing"
    assert live.manager.current is not old_gateway
    assert live.query(EMAIL) == {
        "data": {"person": {"name": "Grace", "email": "grace@example.org", "reviews": ["precise"]}}
    }
    slow.join(20)
    assert outcome["body"] == {"data": {"slow": "done"}}
    assert live.manager.generation == 2
    assert live.manager.last_error is None
    # Warmed before the swap: the operation the old gateway had compiled was compiled again.
    assert "new gateway compiled 1 of 1 recent operations" in caplog.messages


def test_a_schema_that_does_not_compose_is_not_applied(live: Live, apps: dict[str, Swappable]) -> None:
    before = live.manager.current
    apps["reviews"].swap(subgraphs.reviews_broken())
    live.wait_for(lambda: live.manager.last_error is not None)

    assert "missing" in (live.manager.last_error or "")
    assert live.manager.current is before
    assert live.manager.generation == 1
    assert live.query(PERSON) == {"data": {"person": {"name": "Ada", "reviews": ["clear", "kind"]}}}

    # Fixed and redeployed, together with people's new field: applied on the next poll.
    apps["reviews"].swap(subgraphs.reviews())
    apps["people"].swap(subgraphs.people_v2())
    live.wait_for(lambda: serves_email(live))
    assert live.manager.last_error is None
    assert live.manager.generation == 2


def test_a_subgraph_that_goes_down_keeps_the_last_schema(live: Live, apps: dict[str, Swappable]) -> None:
    async def down(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 503, "headers": []})
        await send({"type": "http.response.body", "body": b"maintenance"})

    apps["people"].swap(down)
    live.wait_for(lambda: live.manager.last_error is not None)
    assert "people" in (live.manager.last_error or "")
    assert live.manager.generation == 1
    apps["people"].swap(subgraphs.people_v1())
    assert live.query(PERSON)["data"] == {"person": {"name": "Ada", "reviews": ["clear", "kind"]}}
