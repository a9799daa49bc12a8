"""The reference clients (npm `graphql-ws` and `graphql-sse`, dev-only in tests/tools) against the
gateway: events with the field from the other subgraph, credentials, a refusal."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.subscriptions.client import CLAIM_CHANGED
from tests.subscriptions.conftest import Secured

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "tools" / "subscribe.mjs"


async def run_client(protocol: str, url: str, count: int, token: str | None, emit: Any) -> list[Any]:
    """The client's lines; `emit()` once the gateway's subscription reached the subgraph."""
    args = [protocol, url, CLAIM_CHANGED, str(count), *([token] if token else [])]
    process = await asyncio.create_subprocess_exec(
        "node", str(SCRIPT), *args, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    assert process.stdout is not None
    lines: list[Any] = []
    try:
        async with asyncio.timeout(60):
            first = json.loads(await process.stdout.readline())
            assert first == {"subscribed": True}
            await emit()
            while line := await process.stdout.readline():
                lines.append(json.loads(line))
            await process.wait()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return lines


@pytest.mark.parametrize("protocol", ["ws", "sse"])
async def test_the_reference_client_receives_events_with_the_other_subgraphs_field(
    secured: Secured, protocol: str
) -> None:
    running = secured.platform
    url = running.ws if protocol == "ws" else running.gateway + "/graphql"

    async def emit() -> None:
        await running.wait_for_subscribers(1)
        running.emit(2)

    lines = await run_client(protocol, url, 2, secured.citizen_token(), emit)
    assert lines[-1] == "complete", lines
    names = [line["data"]["claimChanged"]["applicant"]["name"] for line in lines[:-1]]
    assert names == ["Person p0", "Person p1"]
    await running.wait_for_subscribers(0)  # the client's complete closed the subgraph subscription


async def test_graphql_ws_with_a_forged_token_is_closed_4403(secured: Secured) -> None:
    forged = secured.provider.token("ghost-1", citizen_id="39001010001")

    async def nothing() -> None:
        return None

    lines = await run_client("ws", secured.platform.ws, 1, forged, nothing)
    assert lines == [{"failed": {"code": 4403, "reason": lines[0]["failed"]["reason"]}}]
    assert lines[0]["failed"]["reason"].startswith("Forbidden")
