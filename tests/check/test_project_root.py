"""`govgraph check` and `govgraph compose` from any folder: default paths are the project root's
(found upwards from the working directory, or `--project`), and a folder outside any project gets a
clear error. Runs the installed command as a person would, from other folders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schema"


def govgraph(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "gateway", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def _unchanged_tax(tmp_path: Path) -> Path:
    proposed = tmp_path / "tax.graphql"
    proposed.write_text((SCHEMA / "subgraphs" / "tax.graphql").read_text())
    return proposed


def test_check_from_a_subfolder_finds_the_project(tmp_path: Path) -> None:
    done = govgraph("check", "--subgraph", f"tax={_unchanged_tax(tmp_path)}", cwd=ROOT / "docs")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"against {SCHEMA / 'supergraph.graphql'}" in done.stdout.splitlines()[0]
    assert done.stdout.splitlines()[-1] == "Result: OK (no breaking changes)"


def test_check_outside_the_project_with_project_dir(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    proposed = _unchanged_tax(tmp_path)
    done = govgraph("check", "--subgraph", f"tax={proposed}", cwd=outside)
    assert done.returncode == 2
    assert done.stderr.startswith(f"govgraph: no project found at or above {outside}")
    assert "give --project DIR" in done.stderr
    done = govgraph("check", "--project", str(ROOT), "--subgraph", f"tax={proposed}", cwd=outside)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"against {SCHEMA / 'supergraph.graphql'}" in done.stdout.splitlines()[0]


def test_compose_with_no_subgraphs_composes_the_project(tmp_path: Path) -> None:
    out = tmp_path / "supergraph.graphql"
    done = govgraph("compose", "--project", str(ROOT), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_text() == (SCHEMA / "supergraph.graphql").read_text()  # the URLs come from it
    assert "warning" not in done.stderr
    done = govgraph("compose", "-o", str(out), "--check", cwd=ROOT / "schema" / "subgraphs")
    assert done.returncode == 0, done.stderr


def test_compose_warns_when_a_file_has_no_routing_url(tmp_path: Path) -> None:
    files = [f"{p.stem}={p}" for p in sorted((SCHEMA / "subgraphs").glob("*.graphql"))]
    done = govgraph("compose", *files[:-1], f"{files[-1]}@http://transport:4103/graphql", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    warned = [line for line in done.stderr.splitlines() if "warning" in line]
    assert len(warned) == len(files) - 1
    assert "subgraph benefits has no routing URL" in warned[0]
    assert "--subgraph-url benefits=URL" in warned[0]
    assert '@join__graph(name: "benefits", url: "")' in done.stdout
    assert '@join__graph(name: "transport", url: "http://transport:4103/graphql")' in done.stdout
