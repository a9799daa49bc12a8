"""`govgraph up` in production: a crashed child is restarted without the gateway (a crash loop stops
the platform), and a retried application through the gateway never files twice.

Started as in test_platform.py (`_start`, the `platform` fixture: ports chosen by the OS).
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from subgraphs.supervisor import Healer, PlatformError, RestartPolicy
from tests.subgraphs.test_platform import Platform, _gone, running_platform


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("production-data")


@pytest.fixture
def platform(data_dir: Path) -> Iterator[Platform]:
    with running_platform(data_dir) as running:
        yield running


def _vehicles_through_gateway(platform: Platform) -> dict[str, object]:
    """The welcome citizen's vehicles: a query the gateway can answer only with the transport subgraph."""
    bearer = re.search(r"-H 'authorization: (Bearer [\w.-]+)'", platform.output())
    assert bearer, platform.output()
    url = f"http://127.0.0.1:{platform.ports['gateway']}/graphql"
    query = {"query": "{ me { vehicles { registrationNumber make } } }"}
    try:
        response = httpx.post(url, json=query, headers={"authorization": bearer.group(1)}, timeout=30)
        return dict(response.json())
    except (httpx.HTTPError, ValueError) as exc:
        return {"errors": [{"message": repr(exc)}]}


def test_a_killed_subgraph_is_restarted_and_the_gateway_reaches_it_again(platform: Platform) -> None:
    platform.wait_for("govgraph is up", timeout=150)
    before = _vehicles_through_gateway(platform)
    assert "errors" not in before and before["data"]["me"]["vehicles"], before  # type: ignore[index]
    others = {name: pid for name, pid in platform.pids.items() if name not in ("transport", "datagen")}
    victim = platform.pids["transport"]
    os.kill(victim, signal.SIGKILL)
    platform.wait_for(f"transport (pid {victim}) was killed by SIGKILL; restarting transport in 0.5s", 10)
    deadline = time.monotonic() + 60
    while platform.pids["transport"] == victim:
        assert time.monotonic() < deadline, platform.output()
        time.sleep(0.1)
    answer = _vehicles_through_gateway(platform)
    while "errors" in answer and time.monotonic() < deadline:  # until the new process listens
        time.sleep(0.5)
        answer = _vehicles_through_gateway(platform)
    assert answer == before, answer
    assert platform.process.poll() is None and _gone(victim)
    assert {name: platform.pids[name] for name in others} == others  # nobody else was restarted
    assert [name for name, pid in others.items() if _gone(pid)] == []
    platform.process.send_signal(signal.SIGTERM)
    assert platform.wait_exit() == 0
    assert [name for name, pid in platform.pids.items() if not _gone(pid)] == []


def test_a_child_that_keeps_crashing_stops_the_platform_and_names_it(data_dir: Path, tmp_path: Path) -> None:
    """A stand-in gateway that serves the first time and exits at once on every restart."""
    script = tmp_path / "flaky_gateway.py"
    script.write_text(
        "import os, pathlib, sys\n"
        f"marker = pathlib.Path({str(tmp_path / 'started')!r})\n"
        "if marker.exists():\n"
        "    sys.exit(3)\n"
        "marker.write_text('')\n"
        "serve = ['-m', 'http.server', sys.argv[1], '--bind', '127.0.0.1']\n"
        "os.execv(sys.executable, [sys.executable, *serve])\n"
    )
    with running_platform(data_dir, f"{{python}} {script} {{port}}") as flaky:
        flaky.wait_for("govgraph is up", timeout=150)
        first = flaky.pids["gateway"]
        os.kill(first, signal.SIGKILL)
        assert flaky.wait_exit(timeout=90) == 1
        flaky.wait_for("stopping the platform", timeout=5)
        output = flaky.output()
        assert f"gateway (pid {first}) was killed by SIGKILL; restarting gateway in 0.5s" in output
        restarts = r"gateway \(pid \d+\) exited with code 3; restarting gateway in ([\d.]+)s"
        delays = re.findall(restarts, output)
        assert delays == ["1", "2", "4"], output  # the backoff doubles
        assert re.search(
            r"gateway \(pid \d+\) exited with code 3: crashed 5 times within 60s, giving up on gateway;"
            " stopping the platform",
            output,
        ), output
        assert [name for name, pid in flaky.pids.items() if not _gone(pid)] == []


APPLY = (
    "mutation($input: BenefitApplicationInput!) { applyForBenefit(input: $input) {"
    " success claim { id kind status } errors { code } } }"
)


def _gateway(platform: Platform, body: dict[str, object], headers: dict[str, str]) -> dict[str, object]:
    url = f"http://127.0.0.1:{platform.ports['gateway']}/graphql"
    return dict(httpx.post(url, json=body, headers=headers, timeout=60).json())


def test_a_retried_application_through_the_gateway_gets_the_first_claim(platform: Platform) -> None:
    platform.wait_for("govgraph is up", timeout=150)
    output = platform.output()
    citizen = re.search(r"Dashboard of citizen (\d{11})", output)
    bearer = re.search(r"-H 'authorization: (Bearer [\w.-]+)'", output)
    admin = re.search(r"Legacy test hooks \(/_admin, /_stats\): -H 'authorization: (Bearer \S+)'", output)
    assert citizen and bearer and admin, output
    me = {"authorization": bearer.group(1)}
    claims = _gateway(platform, {"query": "{ me { benefitClaims { id kind status } } }"}, me)
    held = {c["kind"] for c in claims["data"]["me"]["benefitClaims"]}  # type: ignore[index]
    kind = next(k for k in ("PENSION", "DISABILITY", "UNEMPLOYMENT", "PARENTAL_BENEFIT") if k not in held)
    legacy = f"http://127.0.0.1:{platform.ports['benefits-legacy']}"
    slow = {"application_delay": 6}  # stored at once, confirmed after the subgraph's 3 s timeout
    httpx.post(
        legacy + "/_admin/config", json=slow, headers={"authorization": admin.group(1)}
    ).raise_for_status()
    apply = {"query": APPLY, "variables": {"input": {"citizenId": citizen.group(1), "kind": kind}}}

    lost = _gateway(platform, apply, {**me, "idempotency-key": "dashboard-form-1"})
    code = lost["errors"][0]["extensions"]["code"]  # type: ignore[index]
    assert lost["data"] is None and code == "LEGACY_TIMEOUT", lost  # the subgraph gave up on the board
    retry = _gateway(platform, apply, {**me, "x-idempotency-key": "dashboard-form-1"})
    result = retry["data"]["applyForBenefit"]  # type: ignore[index]
    assert result["success"] and result["claim"]["kind"] == kind, retry

    claims = _gateway(platform, {"query": "{ me { benefitClaims { id kind status } } }"}, me)
    filed = [c for c in claims["data"]["me"]["benefitClaims"] if c["kind"] == kind]  # type: ignore[index]
    assert filed == [result["claim"]], filed  # exactly one claim: the one the lost request made


def test_crashes_older_than_the_window_are_forgotten() -> None:
    healer: Healer[str] = Healer(RestartPolicy(first_delay=0.5, max_delay=10, max_crashes=5, window=60))
    delays = [healer.crashed("tax", "spec", "tax exited", now=float(t)) for t in range(0, 40, 10)]
    assert [line.split(" in ")[1].split("s ")[0] for line in delays] == ["0.5", "1", "2", "4"]
    assert healer.due(now=29.0) == ["spec", "spec", "spec"] and healer.due(now=100.0) == ["spec"]
    assert "in 2s (crash 3 of 5" in healer.crashed("tax", "spec", "tax exited", now=75.0)  # 0 s, 10 s gone
    assert "crash 1 of 5" in healer.crashed("tax", "spec", "tax exited", now=500.0)  # a quiet spell resets
    for t in range(501, 504):
        healer.crashed("tax", "spec", "tax exited", now=float(t))
    with pytest.raises(PlatformError, match="tax exited: crashed 5 times within 60s, giving up on tax"):
        healer.crashed("tax", "spec", "tax exited", now=504.0)
    assert healer.policy.delay(9) == 10.0  # the doubling stops at max_delay
