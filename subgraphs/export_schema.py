"""Write the agencies' subgraph SDLs and the composed supergraph into `schema/`.

    python -m subgraphs.export_schema           # (re)write schema/subgraphs/<agency>.graphql + supergraph
    python -m subgraphs.export_schema --check   # exit 1 when a committed file differs from the code

Each SDL is what the subgraph answers to `{ _service { sdl } }`, for the agencies of
`subgraphs/agencies.yaml` whose `<module>/schema.py` exists. Composition is govgraph's own
(`gateway.composition`), with each subgraph at its port of the agencies file (http://127.0.0.1:PORT/graphql);
`--reference` uses the dev tool `tests/tools/compose.mjs` (The Guild's composition; needs Node
and `npm ci` in tests/tools) instead. Both give the same bytes.
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from subgraphs.agencies import load_agencies

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"
COMPOSE = ROOT / "tests" / "tools" / "compose.mjs"
AGENCIES = load_agencies().agencies
PORTS = {agency.name: agency.port for agency in AGENCIES}


def service_sdl(schema: Any) -> str:
    result = schema.execute_sync("{ _service { sdl } }")
    if result.errors:
        raise RuntimeError(f"_service query failed: {result.errors}")
    return str(result.data["_service"]["sdl"]).rstrip() + "\n"


def agency_sdls() -> tuple[dict[str, str], list[str]]:
    """SDL of every agency whose schema module exists; plus the problems met on the way."""
    sdls: dict[str, str] = {}
    problems: list[str] = []
    for agency in AGENCIES:
        name = agency.name
        if not ROOT.joinpath(*agency.package.split("."), "schema.py").exists():
            continue
        try:
            module = importlib.import_module(f"{agency.package}.schema")
            sdls[name] = service_sdl(module.schema)
        except Exception as exc:  # a broken agency must not hide the others
            problems.append(f"{name}: {type(exc).__name__}: {exc}")
    return sdls, problems


def compose(sdls: dict[str, str], reference: bool = False) -> str:
    """Supergraph SDL of `sdls`: govgraph's composition, or the reference tool's."""
    if not reference:
        from gateway.composition import SubgraphSource
        from gateway.composition import compose as govgraph_compose

        sources = [SubgraphSource(n, f"http://127.0.0.1:{PORTS[n]}/graphql", sdl) for n, sdl in sdls.items()]
        result = govgraph_compose(sources)
        if result.supergraph_sdl is None:
            raise RuntimeError("composition failed:\n" + "\n".join(map(str, result.errors)))
        return result.supergraph_sdl
    with tempfile.TemporaryDirectory(prefix="govgraph-schema-") as tmp:
        args = []
        for name, sdl in sdls.items():
            path = Path(tmp) / f"{name}.graphql"
            path.write_text(sdl, encoding="utf-8")
            args.append(f"{name}={path}@http://127.0.0.1:{PORTS[name]}/graphql")
        done = subprocess.run(
            ["node", str(COMPOSE), *args], capture_output=True, text=True, cwd=ROOT, check=False
        )
    if done.returncode != 0:
        raise RuntimeError(f"composition failed:\n{done.stderr.strip()}")
    return done.stdout


def expected_files(sdls: dict[str, str], reference: bool = False) -> dict[Path, str]:
    files = {SCHEMA_DIR / "subgraphs" / f"{name}.graphql": sdl for name, sdl in sdls.items()}
    if sdls:
        supergraph = compose(sdls, reference)
        files[SCHEMA_DIR / "supergraph.graphql"] = supergraph
        files[ROOT / "deploy" / "k8s" / "supergraph.graphql"] = supergraph  # kustomize reads only its folder
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.export_schema", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when files are stale")
    parser.add_argument(
        "--reference", action="store_true", help="compose with The Guild's composition (node) instead"
    )
    args = parser.parse_args(argv)
    sdls, problems = agency_sdls()
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    try:
        files = expected_files(sdls, args.reference)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale or problems else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
    print(f"agencies: {', '.join(sdls) or 'none'}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
