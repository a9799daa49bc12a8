"""Dev-only: regenerate every conformance scenario's subgraph SDL and supergraph.

Each scenario folder `tests/conformance/<scenario>/` has `subgraphs.py` exposing
`SCHEMAS: dict[str, strawberry.federation.Schema | graphql.GraphQLSchema-with-_service]`
(or `SDL: dict[str, str]` for subgraphs written without strawberry). This script writes
`<name>.graphql` (the subgraph's `_service { sdl }`) and composes `supergraph.graphql`
with The Guild's composition (`tests/tools/compose.mjs`, needs `npm ci` in tests/tools).

    .venv/bin/python -m tests.conformance.compose_all [scenario ...]
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
COMPOSE = HERE.parent / "tools" / "compose.mjs"


def service_sdl(schema: Any) -> str:
    result = schema.execute_sync("{ _service { sdl } }")
    if result.errors:
        raise RuntimeError(f"_service query failed: {result.errors}")
    return str(result.data["_service"]["sdl"])


def regenerate(folder: Path) -> None:
    module = importlib.import_module(f"tests.conformance.{folder.name}.subgraphs")
    sdls: dict[str, str] = dict(getattr(module, "SDL", {}))
    for name, schema in getattr(module, "SCHEMAS", {}).items():
        sdls[name] = service_sdl(schema)
    args = []
    for name, sdl in sdls.items():
        path = folder / f"{name}.graphql"
        path.write_text(sdl.rstrip() + "\n")
        args.append(f"{name}={path}")
    out = subprocess.run(["node", str(COMPOSE), *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{folder.name}: composition failed\n{out.stderr}")
    (folder / "supergraph.graphql").write_text(out.stdout)
    print(f"{folder.name}: {len(sdls)} subgraphs composed")


def main(argv: list[str]) -> None:
    names = argv or sorted(p.name for p in HERE.iterdir() if (p / "subgraphs.py").exists())
    for name in names:
        regenerate(HERE / name)


if __name__ == "__main__":
    main(sys.argv[1:])
