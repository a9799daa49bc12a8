"""Adding an agency as the README's "Add an agency" says, in a copy of the project: `govgraph
new-subgraph fisheries`, its generated tests pass, `python -m subgraphs.export_schema` composes it, the
platform (`python -m subgraphs.platform`) starts it, a query through the gateway reaches it, and
`govgraph check` accepts a change to its SDL run from another folder."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from subgraphs.agencies import load_agencies
from tests.subgraphs.test_platform import Platform, _free_ports, _gone

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
QUERY = "{ fisheriesStatus { online } me { givenName fisheriesLicence { number validUntil } } }"


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    args = [str(part) for part in command]
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what `govgraph up` needs, with the fisheries agency scaffolded into it."""
    root = tmp_path_factory.mktemp("project")
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ("subgraphs", "schema"):
        shutil.copytree(REPO / folder, root / folder, ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", root)
    done = run(BIN / "govgraph", "new-subgraph", "fisheries", cwd=root)
    assert "wrote subgraphs/agencies.yaml" in done.stdout
    done = run(sys.executable, "-m", "subgraphs.export_schema", cwd=root)  # before the platform starts
    assert "agencies: registry, tax, transport, benefits, services, fisheries" in done.stderr
    return root


@pytest.fixture
def platform(project: Path, tmp_path: Path) -> Iterator[Platform]:
    names = load_agencies(project / "subgraphs" / "agencies.yaml").ports()
    ports = dict(zip(names, _free_ports(len(names)), strict=True))
    command = [sys.executable, "-m", "subgraphs.platform", "--citizens", "150", "--data-dir", str(tmp_path)]
    command += [f"--port={name}={port}" for name, port in ports.items()]
    command += ["--startup-timeout", "90", "--grace-period", "3"]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    process = subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    running = Platform(process, ports, tmp_path)
    threading.Thread(target=running._read, daemon=True).start()
    try:
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in running.pids.values():
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)


def test_the_scaffold_is_clean_and_its_own_tests_pass(project: Path) -> None:
    generated = [project / "subgraphs" / "fisheries", project / "tests" / "subgraphs" / "fisheries"]
    run(BIN / "ruff", "check", "--config", REPO / "pyproject.toml", *generated, cwd=project)
    run(BIN / "ruff", "format", "--check", "--config", REPO / "pyproject.toml", *generated, cwd=project)
    done = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", generated[1], cwd=project)
    assert re.search(r"^6 passed", done.stdout, re.MULTILINE), done.stdout


def test_a_new_agency_is_composed_started_and_reached_through_the_gateway(
    project: Path, platform: Platform
) -> None:
    supergraph = (project / "schema" / "supergraph.graphql").read_text()
    assert '@join__graph(name: "fisheries", url: "http://127.0.0.1:4106/graphql")' in supergraph

    platform.wait_for("govgraph is up", timeout=150)
    assert "fisheries" in platform.pids
    output = platform.output()
    citizen = re.search(r"Dashboard of citizen (\d{11})", output)
    tokens = re.findall(r"^\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)$", output, re.MULTILINE)
    assert citizen and tokens, output
    headers = {"authorization": f"Bearer {tokens[0]}"}  # the citizen's token, as printed
    url = f"http://127.0.0.1:{platform.ports['gateway']}/graphql"
    body = httpx.post(url, json={"query": QUERY}, headers=headers, timeout=30).json()
    assert "errors" not in body, body
    assert body["data"]["fisheriesStatus"] == {"online": True}
    me = body["data"]["me"]
    assert me["givenName"]  # from the registry, in the same answer as the new agency's field
    assert me["fisheriesLicence"] == {
        "number": f"Fisheries-{citizen.group(1)[-6:]}",
        "validUntil": "2030-12-31",
    }
    platform.process.send_signal(signal.SIGTERM)
    assert platform.wait_exit() == 0
    assert [name for name, pid in platform.pids.items() if not _gone(pid)] == []


def test_check_a_change_to_the_new_agency_from_another_folder(project: Path, tmp_path: Path) -> None:
    sdl = (project / "schema" / "subgraphs" / "fisheries.graphql").read_text()
    proposed = tmp_path / "fisheries.graphql"
    proposed.write_text(sdl.replace("  licencesIssued: Int!\n", "  licencesIssued: Int!\n  office: String\n"))
    assert proposed.read_text() != sdl
    inside = project / "subgraphs" / "fisheries"
    done = run(BIN / "govgraph", "check", "--subgraph", f"fisheries={proposed}", cwd=inside)
    assert f"against {project / 'schema' / 'supergraph.graphql'}" in done.stdout
    assert "FisheriesStatus.office" in done.stdout
    assert done.stdout.splitlines()[-1] == "Result: OK (no breaking changes)"
    elsewhere = run(
        BIN / "govgraph", "check", "--project", project, "--subgraph", f"fisheries={proposed}", cwd=tmp_path
    )
    assert elsewhere.stdout == done.stdout
