"""`compose(subgraphs)`: subgraph SDLs -> supergraph SDL, or the reasons it cannot be built."""

from __future__ import annotations

from ..federation.supergraph_specs import JOIN_GRAPH, JOIN_GRAPH_ENUM
from .cost_rules import settle
from .directives import executable_directives
from .errors import CompositionError, CompositionResult, SubgraphSource
from .header import header, max_version
from .join import normalize_field_sets
from .merge import KIND_ORDER, MergedState, merge
from .model import ParsedSubgraph
from .objects import ObjectBuilder
from .other_types import enum_type, input_type, interface_type, scalar_type, union_type
from .print import PDirective, PDirectiveDefinition, PType, PValue, print_document, string
from .requires_usage import RequiresUsage
from .satisfiability import check_satisfiability
from .subgraph import read_subgraph
from .validate import check_kinds, validate_merged, validate_subgraph


def compose(subgraphs: list[SubgraphSource]) -> CompositionResult:
    """Compose Federation 1 and 2 subgraphs into a supergraph (`@link` v1.0, join v0.3+)."""
    errors: list[CompositionError] = []
    parsed: list[ParsedSubgraph] = []
    names = [s.name for s in subgraphs]
    for source in sorted(subgraphs, key=lambda s: s.name):
        if names.count(source.name) > 1:
            message = f"two subgraphs are named {source.name}"
            errors.append(CompositionError("DUPLICATE_SUBGRAPH_NAME", message, (source.name,)))
            continue
        graph, read_errors = read_subgraph(source.name, source.url, source.sdl)
        errors.extend(read_errors)
        if graph is not None:
            errors.extend(validate_subgraph(graph))
            parsed.append(graph)
    if not parsed and not errors:
        errors.append(CompositionError("NO_SUBGRAPHS", "nothing to compose: no subgraphs given"))
    errors.extend(check_kinds(parsed))
    if errors:
        return CompositionResult(None, _sorted(errors))
    state = merge(parsed)
    errors = validate_merged(state) + _settle_demand(state)
    if not errors:
        errors = check_satisfiability(state)
    if errors:
        return CompositionResult(None, _sorted(errors))
    return CompositionResult(print_supergraph(state))


def _sorted(errors: list[CompositionError]) -> list[CompositionError]:
    unique = list(dict.fromkeys(errors))
    return sorted(unique, key=lambda e: (e.code, e.coordinate, e.subgraphs, e.message))


def print_supergraph(state: MergedState) -> str:
    normalize_field_sets(state)
    usage = RequiresUsage(state)
    definitions: list[PType | PDirectiveDefinition] = [_graph_enum(state), *executable_directives(state)]
    for kind in KIND_ORDER:
        for mtype in state.of_kind(kind):
            definitions.append(_definition(state, usage, mtype.kind, mtype.name))
    roots: list[str] = [r for r in ("Query", "Mutation", "Subscription") if r in state.types]
    version = max_version([g.version for g in state.graphs.values()])
    tag = any(_uses(state, "tags"))
    inaccessible = any(_uses(state, "inaccessible"))
    authorization = frozenset().union(*(g.authorization for g in state.graphs.values()))
    top = header(version, roots, tag, inaccessible, authorization, state.cost_names)
    return print_document(top, definitions)


def _settle_demand(state: MergedState) -> list[CompositionError]:
    errors: list[CompositionError] = []

    def report(code: str, message: str, coordinate: str) -> None:
        parent, _, name = coordinate.partition(".")
        mfield = state.types[parent].fields[name]
        subgraphs = tuple(sorted(state.graphs[gid].name for gid in mfield.by_graph))
        errors.append(CompositionError(code, message, subgraphs, coordinate))

    objects = {t.name: t for t in state.of_kind("object")}
    settle(state.types.values(), objects, state.cost_names, report)
    return errors


def _definition(state: MergedState, usage: RequiresUsage, kind: str, name: str) -> PType:
    mtype = state.types[name]
    if kind == "object":
        return ObjectBuilder(state, usage, mtype).build()
    if kind == "interface":
        return interface_type(state, mtype)
    if kind == "union":
        return union_type(mtype)
    if kind == "enum":
        return enum_type(mtype)
    if kind == "input":
        return input_type(mtype)
    return scalar_type(mtype)


def _uses(state: MergedState, attribute: str) -> list[bool]:
    found = []
    for mtype in state.types.values():
        found.append(bool(getattr(mtype, attribute)))
        for mfield in mtype.fields.values():
            found.append(bool(getattr(mfield, attribute)))
            found.extend(bool(getattr(a, attribute)) for a in mfield.args.values())
        found.extend(bool(getattr(v, attribute)) for v in mtype.values.values())
    return found


def _graph_enum(state: MergedState) -> PType:
    values = []
    for gid, g in state.graphs.items():
        graph = PDirective(JOIN_GRAPH.default_name, [("name", string(g.name)), ("url", string(g.url))])
        values.append(PValue(gid, directives=[graph]))
    return PType(keyword="enum", name=JOIN_GRAPH_ENUM.name, values=values)
