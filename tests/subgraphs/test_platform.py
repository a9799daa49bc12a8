"""`govgraph up`'s supervisor: the real agency processes start, answer health, and leave no orphans.

Each test starts `python -m subgraphs.platform` as a subprocess on ports chosen by the OS, with
its own generated data. The gateway is a stand-in (`python -m http.server`) unless the real
gateway (`gateway/__main__.py`) and `schema/supergraph.graphql` exist.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest

from subgraphs.broker import reachable
from subgraphs.platform import (
    DEFAULT_GATEWAY_COMMAND,
    DEFAULT_PORTS,
    REPO_ROOT,
    PlatformOptions,
    data_missing,
    gateway_spec,
    legacy_specs,
    local_supergraph,
    subgraph_specs,
)
from subgraphs.tax.client import build_envelope

GATEWAY_COMMAND = DEFAULT_GATEWAY_COMMAND
STARTED_RE = re.compile(r"govgraph: started (\S+) \(pid (\d+)\)")


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _gone(pid: int) -> bool:
    """No such process, or only a zombie waiting for init to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def _children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


@dataclass
class Platform:
    process: subprocess.Popen[str]
    ports: dict[str, int]
    data_dir: Path
    lines: list[str] = field(default_factory=list)
    pids: dict[str, int] = field(default_factory=dict)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            match = STARTED_RE.search(line)
            if match:
                self.pids[match.group(1)] = int(match.group(2))

    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            if self.process.poll() is not None and not any(text in line for line in self.lines):
                time.sleep(0.3)  # let the reader catch up with the last lines
                if any(text in line for line in self.lines):
                    return
                raise AssertionError(f"platform exited ({self.process.returncode}):\n{self.output()}")
            assert time.monotonic() < deadline, f"no {text!r} after {timeout}s:\n{self.output()}"
            time.sleep(0.1)

    def wait_exit(self, timeout: float = 30) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"platform did not exit:\n{self.output()}") from None


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("platform-data")


def _start(
    data_dir: Path, gateway_command: str | None = None, *extra: str, env: dict[str, str] | None = None
) -> Platform:
    """`env`: added to the platform's environment (e.g. pinned legacy credentials)."""
    ports = dict(zip(DEFAULT_PORTS, _free_ports(len(DEFAULT_PORTS)), strict=True))
    command = [sys.executable, "-m", "subgraphs.platform", "--citizens", "150", "--data-dir", str(data_dir)]
    command += extra
    command += [f"--port={name}={port}" for name, port in ports.items()]
    command += ["--startup-timeout", "90", "--grace-period", "3"]
    command += [
        "--gateway-command",
        gateway_command or GATEWAY_COMMAND,
    ]
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | (env or {})
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    platform = Platform(process, ports, data_dir)
    threading.Thread(target=platform._read, daemon=True).start()
    return platform


@contextlib.contextmanager
def running_platform(
    data_dir: Path, gateway_command: str | None = None, *extra: str, env: dict[str, str] | None = None
) -> Iterator[Platform]:
    """`_start`, and afterwards nothing left running, even when a test failed."""
    running = _start(data_dir, gateway_command, *extra, env=env)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()
        for pid in running.pids.values():  # never leave anything behind, even when a test failed
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def platform(data_dir: Path) -> Iterator[Platform]:
    with running_platform(data_dir) as running:
        yield running


def _expected_children(platform: Platform) -> set[str]:
    options = PlatformOptions(ports=platform.ports)
    broker = set() if reachable(options.nats_url) else {"nats"}  # started when none answers
    return (
        {spec.name for spec in legacy_specs(options) + subgraph_specs(options)}
        | {"gateway", "issuer"}
        | broker
    )


def test_up_answers_health_and_sigint_leaves_no_processes(platform: Platform) -> None:
    platform.wait_for("govgraph is up", timeout=150)
    running = {name: pid for name, pid in platform.pids.items() if name != "datagen"}  # datagen ran first
    assert set(running) == _expected_children(platform)
    assert {"transport", "gateway"} <= set(running)
    assert set(running.values()) == _children_of(platform.process.pid)
    for name in running:
        if name != "gateway":
            response = httpx.get(f"http://127.0.0.1:{platform.ports[name]}/health", timeout=5)
            assert response.status_code == 200, name

    # The printed first query names a real generated citizen who owns a vehicle.
    output = platform.output()
    assert f"http://127.0.0.1:{platform.ports['gateway']}/graphql" in output
    citizen = re.search(r"Dashboard of citizen (\d{11})", output)
    assert citizen, output
    body = {
        "query": "query ($r: [_Any!]!) { _entities(representations: $r) {"
        " ... on Citizen { vehicles { make } } } }",
        "variables": {"r": [{"__typename": "Citizen", "id": citizen.group(1)}]},
    }
    transport = f"http://127.0.0.1:{platform.ports['transport']}/graphql"
    answer = httpx.post(transport, json=body, timeout=5).json()  # around the gateway: no identity
    assert answer["data"]["_entities"] == [{"vehicles": None}], answer
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    platform.process.send_signal(signal.SIGINT)
    assert platform.wait_exit() == 0
    assert [name for name, pid in platform.pids.items() if not _gone(pid)] == []


def test_a_gateway_that_fails_to_start_fails_the_platform(data_dir: Path) -> None:
    failing = _start(data_dir, gateway_command="{python} -c 'import sys; sys.exit(3)'")
    try:
        assert failing.wait_exit(timeout=150) == 1
        failing.wait_for("exited with code 3", timeout=5)
        assert re.search(r"gateway \(pid \d+\) exited with code 3; stopping the platform", failing.output())
        assert [name for name, pid in failing.pids.items() if not _gone(pid)] == []
    finally:
        if failing.process.poll() is None:
            failing.process.kill()


def test_children_die_with_a_killed_supervisor(platform: Platform) -> None:
    platform.wait_for("govgraph is up", timeout=150)
    platform.process.kill()  # SIGKILL: no chance to clean up; the kernel's parent-death signal does it
    platform.process.wait()
    deadline = time.monotonic() + 15
    while any(not _gone(pid) for pid in platform.pids.values()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [name for name, pid in platform.pids.items() if not _gone(pid)] == []


def test_supergraph_urls_follow_the_ports(tmp_path: Path) -> None:
    supergraph = tmp_path / "supergraph.graphql"
    supergraph.write_text(
        'enum join__Graph {\n  REGISTRY @join__graph(name: "registry", url: "http://127.0.0.1:4101/graphql")\n'
        '  TRANSPORT @join__graph(name: "transport", url: "http://127.0.0.1:4103/graphql")\n}\n'
    )
    ports = dict(DEFAULT_PORTS, transport=5103, gateway=5000)
    options = PlatformOptions(data_dir=tmp_path / "data", ports=ports, supergraph=supergraph)
    local = local_supergraph(options)
    assert local != supergraph
    assert '"http://127.0.0.1:5103/graphql"' in local.read_text()
    assert '"http://127.0.0.1:4101/graphql"' in local.read_text()
    spec = gateway_spec(options)
    assert spec.command[-6:] == ["--supergraph", str(local), "--host", "127.0.0.1", "--port", "5000"]
    assert spec.health_url == "http://127.0.0.1:5000/health"
    assert local_supergraph(PlatformOptions(data_dir=tmp_path / "d2", supergraph=supergraph)) == supergraph


def test_dashboard_through_the_real_gateway(platform: Platform) -> None:
    platform.wait_for("govgraph is up", timeout=150)
    citizen = re.search(r"Dashboard of citizen (\d{11})", platform.output())
    assert citizen, platform.output()
    curl_body = re.search(r"-d '(\{.*\})'", platform.output())
    bearer = re.search(r"-H 'authorization: (Bearer [\w.-]+)'", platform.output())
    assert curl_body and bearer, platform.output()
    response = httpx.post(
        f"http://127.0.0.1:{platform.ports['gateway']}/graphql",
        content=curl_body.group(1),  # exactly what the welcome message tells people to run
        headers={"content-type": "application/json", "authorization": bearer.group(1)},
        timeout=30,
    )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    me = body["data"]["me"]
    assert me["givenName"] and me["address"]["city"]
    assert isinstance(me["taxAccount"]["balance"], float | int)
    assert me["vehicles"] and all(v["make"] and v["inspectionValidUntil"] for v in me["vehicles"])
    assert isinstance(me["benefitClaims"], list) and me["eligibleServices"]
    _vehicle_owner_as_documented(platform, citizen.group(1), me["vehicles"][0]["registrationNumber"])
    _welcome_tokens_work(platform, citizen.group(1))
    _audit_trail_records_the_reads(platform, citizen.group(1))
    _legacy_ports_refuse_strangers(platform, citizen.group(1))
    platform.process.send_signal(signal.SIGTERM)
    assert platform.wait_exit() == 0
    assert [name for name, pid in platform.pids.items() if not _gone(pid)] == []


def _token(platform: Platform, *args: str) -> str:
    """`govgraph token ...` against the platform's dev issuer."""
    issuer = f"http://127.0.0.1:{platform.ports['issuer']}"
    command = [sys.executable, "-m", "gateway", "token", *args, "--issuer-url", issuer]
    minted = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=True)
    return minted.stdout.strip()


def _vehicle_owner_as_documented(platform: Platform, owner: str, plate: str) -> None:
    """Vehicle.owner through the gateway: to the owner, to an official with transport:read who states a
    purpose, and to nobody else (client headers asserting an identity count for nothing)."""
    url = f"http://127.0.0.1:{platform.ports['gateway']}/graphql"
    query = {"query": "query($p: String!) { vehicle(registrationNumber: $p) { owner { id } } }"}
    query["variables"] = {"p": plate}  # type: ignore[assignment]

    def owner_as(headers: dict[str, str]) -> dict[str, object]:
        return dict(httpx.post(url, json=query, headers=headers, timeout=30).json())

    clerk = {
        "authorization": "Bearer " + _token(platform, "--official", "Clerk", "--scope", "transport:read")
    }
    assert owner_as(clerk | {"x-purpose": "roadside check"})["data"] == {"vehicle": {"owner": {"id": owner}}}
    mine = {"authorization": "Bearer " + _token(platform, "--citizen", owner)}
    assert owner_as(mine)["data"] == {"vehicle": {"owner": {"id": owner}}}
    for headers in ({}, {"x-govgraph-role": "official", "x-citizen-id": owner}, clerk):
        refused = owner_as(headers)
        assert refused["data"] == {"vehicle": {"owner": None}}, headers
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # type: ignore[index]
    assert "x-purpose" in owner_as(clerk)["errors"][0]["message"]  # type: ignore[index]


def _audit_trail_records_the_reads(platform: Platform, citizen: str) -> None:
    """Every read above is in the audit log, whose hash chain is intact."""
    log = str(platform.data_dir / "audit.sqlite")
    audit = [sys.executable, "-m", "gateway", "audit"]
    verified = subprocess.run(
        [*audit, "verify", "--file", log], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    records = _audit_records(platform, citizen)
    assert {r["reader_kind"] for r in records} >= {"citizen", "official"}, records
    clerk = [r for r in records if r["reader_kind"] == "official"]
    assert clerk[0]["purpose"] == "roadside check" and "Vehicle.owner" in clerk[0]["fields"]
    fields = {f for r in records for f in r["fields"]}
    assert {"Citizen.givenName", "Citizen.taxAccount", "Citizen.vehicles", "Citizen.benefitClaims"} <= fields


def _audit_records(platform: Platform, citizen: str) -> list[dict[str, Any]]:
    """`govgraph audit show --citizen`: the records of whose data was read, newest first."""
    log = str(platform.data_dir / "audit.sqlite")
    shown = subprocess.run(
        [sys.executable, "-m", "gateway", "audit", "show", "--citizen", citizen, "--file", log],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [json.loads(line) for line in shown.stdout.splitlines() if line.strip()]


def _welcome_tokens_work(platform: Platform, citizen: str) -> None:
    """The welcome message's dev tokens pass the gateway's verification; a tampered one does not."""
    output = platform.output()
    citizen_token, official_token = re.findall(r"^\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)$", output, re.MULTILINE)
    assert jwt.decode(citizen_token, options={"verify_signature": False})["citizen_id"] == citizen
    assert jwt.decode(official_token, options={"verify_signature": False})["role"] == "official"
    url = f"http://127.0.0.1:{platform.ports['gateway']}/graphql"
    query = {"query": "{ me { givenName } }"}
    response = httpx.post(url, json=query, headers={"authorization": f"Bearer {citizen_token}"}, timeout=30)
    assert response.status_code == 200 and response.json()["data"]["me"]["givenName"], response.text
    response = httpx.post(url, json=query, headers={"authorization": f"Bearer {official_token}"}, timeout=30)
    assert response.status_code == 200 and response.json()["data"]["me"] is None, response.text
    tampered = citizen_token[:-6] + ("AAAAAA" if not citizen_token.endswith("AAAAAA") else "BBBBBB")
    response = httpx.post(url, json=query, headers={"authorization": f"Bearer {tampered}"}, timeout=30)
    assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Bearer error=")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    fresh = {"authorization": f"Bearer {_token(platform, '--citizen', citizen)}"}
    response = httpx.post(url, json=query, headers=fresh, timeout=30)
    assert response.status_code == 200, response.text


def _legacy_ports_refuse_strangers(platform: Platform, citizen: str) -> None:
    """Straight at the legacy servers' ports, around the gateway: without the run's service credential
    (generated by `govgraph up`, known only to each legacy server and its subgraph) nothing is served."""
    tax = f"http://127.0.0.1:{platform.ports['tax-legacy']}/TaxService"
    for credential in (None, "guess"):
        refused = httpx.post(tax, content=build_envelope("GetTaxAccount", [citizen], None, credential))
        assert refused.status_code == 500 and b"FailedAuthentication" in refused.content
        assert citizen.encode() not in refused.content
    benefits = f"http://127.0.0.1:{platform.ports['benefits-legacy']}/api/v1/claims"
    for headers in ({}, {"authorization": "Bearer guess"}):
        answer = httpx.get(benefits, params={"citizen_ids": citizen}, headers=headers, timeout=5)
        assert answer.status_code == 401 and citizen not in answer.text
    printed = re.search(r"benefits-caseworker → benefits-legacy .*=(\S+)$", platform.output(), re.MULTILINE)
    assert printed, platform.output()  # the welcome names the caseworker system's credential, and it works:
    caseworker = {"authorization": f"Bearer {printed.group(1)}"}
    decided = httpx.post(f"{benefits}/NO-SUCH-CLAIM/decision", json={"statusCode": "A"}, headers=caseworker)
    assert decided.json()["error"]["code"] == "CLAIM_NOT_FOUND"  # past the credential check


def test_each_legacy_credential_reaches_its_system_and_subgraph_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new random credential per run, or the one the environment pins; never on a command line."""
    monkeypatch.delenv("GOVGRAPH_TAX_LEGACY_CREDENTIAL", raising=False)
    monkeypatch.setenv("GOVGRAPH_BENEFITS_LEGACY_CREDENTIAL", "pinned-by-the-deployment")
    options = PlatformOptions()
    specs = {spec.name: spec for spec in legacy_specs(options) + subgraph_specs(options)}
    tax = specs["tax-legacy"].env["GOVGRAPH_TAX_LEGACY_CREDENTIAL"]
    assert len(tax) >= 40 and tax != legacy_specs(PlatformOptions())[0].env["GOVGRAPH_TAX_LEGACY_CREDENTIAL"]
    assert specs["tax"].env["GOVGRAPH_TAX_LEGACY_CREDENTIAL"] == tax  # the same within one run
    pinned = {"GOVGRAPH_BENEFITS_LEGACY_CREDENTIAL": "pinned-by-the-deployment"}
    assert (
        pinned.items() <= specs["benefits-legacy"].env.items()
        and pinned.items() <= specs["benefits"].env.items()
    )
    holders = {name for name, spec in specs.items() if any(k.endswith("_CREDENTIAL") for k in spec.env)}
    assert holders == {"tax-legacy", "tax", "benefits-legacy", "benefits"}
    caseworker = "GOVGRAPH_BENEFITS_CASEWORKER_CREDENTIAL"  # an outside caller's: only the legacy checks it
    assert caseworker in specs["benefits-legacy"].env and caseworker not in specs["benefits"].env
    assert not any(k.endswith("_CREDENTIAL") for k in gateway_spec(options).env)
    assert all(tax not in " ".join(spec.command) for spec in specs.values())


def test_a_busy_port_is_named_before_anything_starts(data_dir: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        ports = dict(zip(DEFAULT_PORTS, _free_ports(len(DEFAULT_PORTS)), strict=True), transport=port)
        command = [sys.executable, "-m", "subgraphs.platform", "--data-dir", str(data_dir)]
        command += [f"--port={name}={p}" for name, p in ports.items()]
        result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"port {port} for transport is not free" in result.stdout
    assert "started" not in result.stdout


def test_data_is_generated_when_missing_or_cut_short(tmp_path: Path) -> None:
    options = PlatformOptions(data_dir=tmp_path / "data")
    assert data_missing(options)
    options.data_dir.mkdir()
    (options.data_dir / "supergraph.local.graphql").write_text("")
    (options.data_dir / "identity").mkdir()
    assert data_missing(options)  # only our own files (and keys): nothing generated yet
    (options.data_dir / "transport").mkdir()
    assert not data_missing(options)
    (options.data_dir / ".generating").write_text("")
    assert data_missing(options)  # an earlier generation was interrupted
    (options.data_dir / ".generating").unlink()
    assert data_missing(PlatformOptions(data_dir=options.data_dir, regenerate=True))
