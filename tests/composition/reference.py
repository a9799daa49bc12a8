"""Running the reference composition (The Guild's, via `node tests/tools/compose.mjs`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_MJS = ROOT / "tests" / "tools" / "compose.mjs"
NODE = shutil.which("node")
NODE_MODULES = ROOT / "tests" / "tools" / "node_modules" / "@theguild" / "federation-composition"


@dataclass
class ReferenceResult:
    ok: bool
    supergraph: str
    stderr: str

    def codes(self) -> set[str]:
        return {
            line.split(":", 1)[0] for line in self.stderr.splitlines() if line[:1].isupper() and ":" in line
        }


def require_node() -> None:
    if NODE is None:
        pytest.skip("node is not installed: the reference composition (tests/tools/compose.mjs) cannot run")
    if not NODE_MODULES.exists():
        pytest.skip("tests/tools/node_modules is missing (run `npm ci` in tests/tools)")


def run_reference(args: list[str]) -> ReferenceResult:
    require_node()
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(COMPOSE_MJS), *args], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120
    )
    return ReferenceResult(done.returncode == 0, done.stdout, done.stderr)


def reference_for(sdls: dict[str, str], url_base: str = "http://x") -> ReferenceResult:
    """The reference composition of in-memory SDLs, each routed to `<url_base>/<name>`."""
    with tempfile.TemporaryDirectory(prefix="govgraph-reference-") as tmp:
        args = []
        for name, sdl in sdls.items():
            path = Path(tmp) / f"{name}.graphql"
            path.write_text(sdl, encoding="utf-8")
            args.append(f"{name}={path}@{url_base}/{name}")
        return run_reference(args)
