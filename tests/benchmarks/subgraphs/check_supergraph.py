"""Check that the four benchmark SDLs compose to the shared benchmark supergraph.

    .venv/bin/python -m tests.benchmarks.subgraphs.check_supergraph

Composes `sdl/*.graphql` with `tests/tools/compose.mjs` (The Guild's composition)
and compares the result with `tests/benchmarks/workload/supergraph.graphql`
semantically: both are parsed, their definitions sorted by kind and name, and
printed canonically, so only layout and definition order may differ. Types,
fields (in order), arguments, defaults, keys, @join__field requires/provides/
external and the subgraph URLs must all be equal.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

from graphql import DocumentNode, parse, print_ast

from tests.benchmarks.subgraphs.subgraphs import NAMES, SDL_DIR

REPO = Path(__file__).resolve().parents[3]
COMPOSE = REPO / "tests" / "tools" / "compose.mjs"
REFERENCE = REPO / "tests" / "benchmarks" / "workload" / "supergraph.graphql"
URL_BASE = "http://127.0.0.1:4200"


def compose(url_base: str = URL_BASE) -> str:
    """The supergraph SDL our four subgraph SDLs compose to."""
    args = [f"{name}={SDL_DIR / f'{name}.graphql'}@{url_base}/{name}" for name in NAMES]
    out = subprocess.run(["node", str(COMPOSE), *args], capture_output=True, text=True, cwd=REPO)
    if out.returncode != 0:
        raise RuntimeError(f"composition failed:\n{out.stderr}")
    return out.stdout


def canonical(sdl: str) -> str:
    """The SDL printed with its definitions sorted, so layout and order do not matter."""
    document = parse(sdl, no_location=True)

    def sort_key(definition: object) -> tuple[str, str]:
        name = getattr(definition, "name", None)
        return (type(definition).__name__, name.value if name else "")

    ordered = DocumentNode(definitions=tuple(sorted(document.definitions, key=sort_key)))
    return print_ast(ordered)


def differences(composed: str, reference: str) -> list[str]:
    """Unified-diff lines between the canonical forms (empty when equal)."""
    return list(
        difflib.unified_diff(
            canonical(reference).splitlines(),
            canonical(composed).splitlines(),
            "reference",
            "composed",
            lineterm="",
        )
    )


def main() -> int:
    diff = differences(compose(), REFERENCE.read_text())
    if diff:
        print("\n".join(diff))
        return 1
    print("composed supergraph matches", REFERENCE.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
