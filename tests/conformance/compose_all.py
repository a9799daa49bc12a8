"""Dev-only: regenerate every conformance scenario's subgraph SDL and supergraph.

Each scenario folder `tests/conformance/<scenario>/` has `subgraphs.py` exposing
`SCHEMAS: dict[str, strawberry.federation.Schema | graphql.GraphQLSchema-with-_service]`
(or `SDL: dict[str, str]` for subgraphs written without strawberry). This script writes
`<name>.graphql` (the subgraph's `_service { sdl }`) and composes `supergraph.graphql`
with govgraph's composition (`gateway.composition`), each subgraph routed to
http://127.0.0.1:4000/<name>. `--reference` composes with The Guild's composition instead
(`tests/tools/compose.mjs`, needs Node and `npm ci` in tests/tools); both give the same bytes.

    .venv/bin/python -m tests.conformance.compose_all [--reference] [scenario ...]
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

from gateway.composition import SubgraphSource, compose
from gateway.composition.sources import default_url

HERE = Path(__file__).parent
COMPOSE = HERE.parent / "tools" / "compose.mjs"


def service_sdl(schema: Any) -> str:
    result = schema.execute_sync("{ _service { sdl } }")
    if result.errors:
        raise RuntimeError(f"_service query failed: {result.errors}")
    return str(result.data["_service"]["sdl"])


def regenerate(folder: Path, reference: bool = False) -> None:
    module = importlib.import_module(f"tests.conformance.{folder.name}.subgraphs")
    sdls: dict[str, str] = dict(getattr(module, "SDL", {}))
    for name, schema in getattr(module, "SCHEMAS", {}).items():
        sdls[name] = service_sdl(schema)
    args = []
    sources = []
    for name, sdl in sdls.items():
        path = folder / f"{name}.graphql"
        path.write_text(sdl.rstrip() + "\n")
        args.append(f"{name}={path}")
        sources.append(SubgraphSource(name, default_url(name), sdl.rstrip() + "\n"))
    if reference:
        out = subprocess.run(["node", str(COMPOSE), *args], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"{folder.name}: composition failed\n{out.stderr}")
        supergraph = out.stdout
    else:
        result = compose(sources)
        if result.supergraph_sdl is None:
            raise SystemExit(f"{folder.name}: composition failed\n" + "\n".join(map(str, result.errors)))
        supergraph = result.supergraph_sdl
    (folder / "supergraph.graphql").write_text(supergraph)
    print(f"{folder.name}: {len(sdls)} subgraphs composed")


def main(argv: list[str]) -> None:
    reference = "--reference" in argv
    names = [a for a in argv if a != "--reference"]
    names = names or sorted(p.name for p in HERE.iterdir() if (p / "subgraphs.py").exists())
    for name in names:
        regenerate(HERE / name, reference)


if __name__ == "__main__":
    main(sys.argv[1:])
