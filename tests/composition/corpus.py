"""The agreement corpus and the semantic normal form both supergraphs are compared in.

Each case names its subgraph SDL files, the URLs the committed reference supergraph
was composed with (as `compose_all.py`, `export_schema.py` and the benchmark check
call `tests/tools/compose.mjs`), and the committed supergraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import DocumentNode, parse, print_ast
from graphql.language import DirectiveNode, Node

from gateway.composition import SubgraphSource

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT / "tests" / "conformance"
BENCH_SDL = ROOT / "tests" / "benchmarks" / "subgraphs" / "sdl"
AGENCY_PORTS = {"registry": 4101, "tax": 4102, "transport": 4103, "benefits": 4104, "services": 4105}


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, Path]  # subgraph name -> SDL file
    urls: dict[str, str]
    reference: Path

    def sources(self) -> list[SubgraphSource]:
        return [SubgraphSource(n, self.urls[n], p.read_text(encoding="utf-8")) for n, p in self.files.items()]

    def reference_args(self) -> list[str]:
        """Arguments for `node tests/tools/compose.mjs`."""
        return [f"{n}={p}@{self.urls[n]}" for n, p in self.files.items()]


def conformance_cases() -> list[Case]:
    cases = []
    for folder in sorted(p for p in CONFORMANCE.iterdir() if (p / "supergraph.graphql").exists()):
        files = {p.stem: p for p in sorted(folder.glob("*.graphql")) if p.name != "supergraph.graphql"}
        urls = {n: f"http://127.0.0.1:4000/{n}" for n in files}
        cases.append(Case(f"conformance/{folder.name}", files, urls, folder / "supergraph.graphql"))
    return cases


def benchmark_case() -> Case:
    files = {p.stem: p for p in sorted(BENCH_SDL.glob("*.graphql"))}
    urls = {n: f"http://127.0.0.1:4200/{n}" for n in files}
    return Case("benchmarks", files, urls, ROOT / "tests" / "benchmarks" / "workload" / "supergraph.graphql")


def agencies_case() -> Case:
    folder = ROOT / "schema" / "subgraphs"
    files = {p.stem: p for p in sorted(folder.glob("*.graphql"))}
    urls = {n: f"http://127.0.0.1:{AGENCY_PORTS[n]}/graphql" for n in files}
    return Case("agencies", files, urls, ROOT / "schema" / "supergraph.graphql")


def all_cases() -> list[Case]:
    return [*conformance_cases(), benchmark_case(), agencies_case()]


# --- normal form ------------------------------------------------------------------
_LISTS = ("definitions", "fields", "arguments", "values", "directives", "interfaces", "types", "locations")


def _sorted_node(node: Any) -> Any:
    if isinstance(node, tuple | list):
        items = [_sorted_node(n) for n in node]
        return tuple(sorted(items, key=_sort_key))
    if not isinstance(node, Node):
        return node
    values = {key: getattr(node, key) for key in node.keys if key != "loc"}
    for key, value in values.items():
        nested = isinstance(value, Node) and not isinstance(node, DirectiveNode)
        if (key in _LISTS and value is not None) or nested:
            values[key] = _sorted_node(value)
    return node.__class__(**values)


def _sort_key(node: Any) -> tuple[str, str]:
    name = getattr(getattr(node, "name", None), "value", None)
    return (
        type(node).__name__,
        name if name is not None else "",
        print_ast(node) if isinstance(node, Node) else str(node),
    )


def normal_form(sdl: str) -> str:
    """The supergraph printed with every list sorted: only meaning is left to compare."""
    document = parse(sdl, no_location=True)
    ordered = _sorted_node(document)
    assert isinstance(ordered, DocumentNode)
    return print_ast(ordered)
