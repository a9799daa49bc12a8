"""The import rules of the house, checked from the source (no code is run):

- the runtime never imports the build-time tools (`gateway.check`) or the demo (`subgraphs`);
- the composition library imports nothing of the runtime;
- no two modules, and no two packages at any level of `gateway/`, import each other
  (directly or around a circle).

    python -m tests.support.imports        # exit 1 listing every broken rule

`tests/test_imports.py` runs the same check.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "gateway"
BUILD_TIME = ("gateway.check", "gateway.composition", "gateway.cli")  # not the runtime
RUNTIME_FORBIDDEN = ("gateway.check", "subgraphs")
COMPOSITION_ALLOWED = ("gateway.composition", "gateway.federation", "gateway.errors")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((ROOT / PACKAGE).rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: str, path: Path, known: Iterable[str]) -> set[str]:
    """Every module `module` imports anywhere (function bodies and TYPE_CHECKING blocks too)."""
    known = set(known)
    found: set[str] = set()
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path.name == "__init__.py", node)
            subs = {f"{target}.{alias.name}" for alias in node.names}
            named = subs & known
            found.update(named)
            if len(named) < len(subs):
                found.add(target)
    return {name for name in found if name != module}


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(name, path, found) for name, path in found.items()}


def _within(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def layer_violations(edges: dict[str, set[str]]) -> list[str]:
    problems = []
    for source, targets in sorted(edges.items()):
        for target in sorted(targets):
            if not _within(source, BUILD_TIME) and _within(target, RUNTIME_FORBIDDEN):
                problems.append(f"the runtime imports build-time or demo code: {source} -> {target}")
            composition = _within(source, ("gateway.composition",))
            if composition and _within(target, (PACKAGE,)) and not _within(target, COMPOSITION_ALLOWED):
                problems.append(f"composition imports the runtime: {source} -> {target}")
    return problems


def _collapse(name: str, depth: int) -> str:
    return ".".join(name.split(".")[:depth])


def circles(edges: dict[str, set[str]]) -> list[str]:
    """Circles between modules, and between packages at each depth (a package's modules
    importing each other count only at deeper levels)."""
    problems = []
    deepest = max(len(name.split(".")) for name in edges)
    for depth in range(2, deepest + 1):
        collapsed: dict[str, set[str]] = {}
        for source, targets in edges.items():
            if len(source.split(".")) < depth:
                continue
            node = _collapse(source, depth)
            outs = collapsed.setdefault(node, set())
            for target in targets:
                if _within(target, (PACKAGE,)) and len(target.split(".")) >= depth:
                    other = _collapse(target, depth)
                    if other != node and _collapse(other, depth - 1) == _collapse(node, depth - 1):
                        outs.add(other)
        for component in _strongly_connected(collapsed):
            if len(component) > 1:
                problems.append("import circle: " + " <-> ".join(sorted(component)))
    return sorted(set(problems))


def _strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            found.append(component)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def problems() -> list[str]:
    edges = graph()
    return layer_violations(edges) + circles(edges)


def main() -> int:
    found = problems()
    for problem in found:
        print(problem)
    print(f"{len(found)} broken import rules" if found else "imports: ok")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
