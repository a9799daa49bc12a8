"""The transport SDL (as served by `{ _service { sdl } }`) composes with the other agencies' SDLs."""

from __future__ import annotations

import importlib
import shutil
import subprocess
from pathlib import Path

import pytest

from subgraphs.platform import AGENCIES, REPO_ROOT
from tests.subgraphs.transport.conftest import TransportServer

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def _agency_sdl(agency: str) -> str | None:
    if not (REPO_ROOT / "subgraphs" / agency / "schema.py").exists():
        return None
    module = importlib.import_module(f"subgraphs.{agency}.schema")
    result = module.schema.execute_sync("{ _service { sdl } }")
    assert result.errors is None, (agency, result.errors)
    sdl: str = result.data["_service"]["sdl"]
    return sdl


def _compose(sdls: dict[str, str], folder: Path) -> subprocess.CompletedProcess[str]:
    args = []
    for name, sdl in sdls.items():
        path = folder / f"{name}.graphql"
        path.write_text(sdl)
        args.append(f"{name}={path}@http://127.0.0.1:41{AGENCIES.index(name) + 1:02d}/graphql")
    return subprocess.run(
        ["node", "tests/tools/compose.mjs", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )


def test_composes_with_every_agency_that_exists(transport: TransportServer, tmp_path: Path) -> None:
    sdls = {"transport": transport.query("{ _service { sdl } }")["data"]["_service"]["sdl"]}
    for agency in AGENCIES:
        if agency != "transport" and (sdl := _agency_sdl(agency)) is not None:
            sdls[agency] = sdl
    result = _compose(sdls, tmp_path)
    assert result.returncode == 0, result.stderr
    supergraph = result.stdout
    assert 'join__type(graph: TRANSPORT, key: "registrationNumber")' in supergraph
    assert 'join__type(graph: TRANSPORT, key: "id")' in supergraph
    assert "drivingLicence: DrivingLicence @join__field(graph: TRANSPORT)" in supergraph
