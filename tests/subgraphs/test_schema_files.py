"""The committed SDL under schema/ (and its copy for the Kubernetes ConfigMap) is what the
code produces today: a stale file fails here, so it fails CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gateway.supergraph import load_supergraph
from subgraphs.agencies import load_agencies
from subgraphs.export_schema import agency_sdls, expected_files

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_files_are_current() -> None:
    sdls, problems = agency_sdls()
    assert problems == []
    assert tuple(sdls) == load_agencies().names  # every agency of subgraphs/agencies.yaml, in its order
    for path, text in expected_files(sdls).items():
        assert path.exists(), f"missing {path.relative_to(ROOT)}: run python -m subgraphs.export_schema"
        assert path.read_text(encoding="utf-8") == text, (
            f"stale {path.relative_to(ROOT)}: run python -m subgraphs.export_schema"
        )


def test_check_command_exits_zero_and_the_supergraph_loads() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "subgraphs.export_schema", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    supergraph = load_supergraph((ROOT / "schema" / "supergraph.graphql").read_text())
    assert "Citizen" in supergraph.types and supergraph.is_entity("Citizen")
