"""Directive definitions the supergraph keeps: executable ones (usable in operations).

A directive with at least one executable location (FIELD, QUERY, ...) is kept when
every subgraph declares each of its arguments with the same type; it keeps only the
executable locations every subgraph defining it agrees on. Type-system directives
are not composed (`@composeDirective` is not supported).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .merge import MergedState
from .model import SArg
from .print import PDirectiveDefinition, PInput

EXECUTABLE_LOCATIONS = {
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
}


@dataclass
class _Merged:
    name: str
    locations: list[str] = field(default_factory=list)
    repeatable: bool = False
    args: dict[str, list[SArg]] = field(default_factory=dict)
    location_sets: list[set[str]] = field(default_factory=list)


def executable_directives(state: MergedState) -> list[PDirectiveDefinition]:
    merged: dict[str, _Merged] = {}
    for graph in state.graphs.values():
        for directive in graph.directives.values():
            if not EXECUTABLE_LOCATIONS & set(directive.locations):
                continue
            entry = merged.setdefault(directive.name, _Merged(directive.name))
            entry.locations.extend(loc for loc in directive.locations if loc not in entry.locations)
            entry.repeatable = entry.repeatable or directive.repeatable
            entry.location_sets.append(set(directive.locations))
            for arg in directive.args.values():
                entry.args.setdefault(arg.name, []).append(arg)
    return [d for d in (_definition(e, len(state.graphs)) for e in merged.values()) if d is not None]


def _definition(entry: _Merged, graph_count: int) -> PDirectiveDefinition | None:
    for declared in entry.args.values():
        if len(declared) != graph_count or len({a.type for a in declared}) > 1:
            return None
    locations = [
        loc
        for loc in entry.locations
        if loc in EXECUTABLE_LOCATIONS and all(loc in found for found in entry.location_sets)
    ]
    if not locations:
        return None
    args = []
    for declared in entry.args.values():
        defaults = [a.default for a in declared if a.default is not None]
        args.append(
            PInput(name=declared[0].name, type=declared[0].type, default=defaults[-1] if defaults else None)
        )
    return PDirectiveDefinition(entry.name, args, entry.repeatable, locations)
