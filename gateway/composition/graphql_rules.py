"""Plain GraphQL validity of one subgraph (code INVALID_GRAPHQL): every type a field,
argument, interface list or union names exists and is of a kind allowed there.
"""

from __future__ import annotations

from .errors import CompositionError
from .merge import named
from .model import ParsedSubgraph, SType

BUILTIN_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}
OUTPUT_KINDS = {"object", "interface", "union", "enum", "scalar"}
INPUT_KINDS = {"input", "enum", "scalar"}


class _References:
    def __init__(self, graph: ParsedSubgraph) -> None:
        self.graph = graph
        self.errors: list[CompositionError] = []

    def error(self, message: str, coordinate: str) -> None:
        name = self.graph.name
        self.errors.append(CompositionError("INVALID_GRAPHQL", f"[{name}] {message}", (name,), coordinate))

    def kind(self, type_name: str) -> str | None:
        if type_name in BUILTIN_SCALARS:
            return "scalar"
        stype = self.graph.types.get(type_name)
        return stype.kind if stype is not None else None

    def expect(self, type_text: str, allowed: set[str], coordinate: str, what: str) -> None:
        base = named(type_text)
        kind = self.kind(base)
        if kind is None:
            self.error(f'Unknown type "{base}" ({what} {coordinate})', coordinate)
        elif kind not in allowed:
            self.error(
                f"The type of {what} {coordinate} must be {' or '.join(sorted(allowed))}, not {kind}",
                coordinate,
            )

    def check(self, stype: SType) -> None:
        for iface in stype.interfaces:
            if self.kind(iface) != "interface":
                self.error(f'Type "{stype.name}" implements "{iface}", which is not an interface', stype.name)
        for member in stype.members:
            if self.kind(member) != "object":
                self.error(
                    f'Union "{stype.name}" has member "{member}", which is not an object type', stype.name
                )
        if stype.kind == "input":
            for sfield in stype.fields.values():
                self.expect(sfield.type, INPUT_KINDS, f"{stype.name}.{sfield.name}", "input field")
            return
        for sfield in stype.fields.values():
            coordinate = f"{stype.name}.{sfield.name}"
            self.expect(sfield.type, OUTPUT_KINDS, coordinate, "field")
            for arg in sfield.args.values():
                self.expect(arg.type, INPUT_KINDS, f"{coordinate}({arg.name}:)", "argument")


def check_references(graph: ParsedSubgraph) -> list[CompositionError]:
    rules = _References(graph)
    for name in graph.unknown_directives:
        rules.error(f'Unknown directive "@{name}".', "")
    for name in graph.unsupported:
        message = f"[{graph.name}] @{name} is not supported by govgraph's composition yet"
        rules.errors.append(CompositionError("UNSUPPORTED_FEATURE", message, (graph.name,), ""))
    for stype in graph.types.values():
        rules.check(stype)
    return rules.errors
