"""Parsed subgraphs -> one merged state: every type, field, argument and value with
where it comes from. `join.py` turns the state into `@join__*` directives.

Merge rules (the federation ones): output field types merge to the most general
(nullable wins), argument and input types to the most restrictive (non-null
wins); arguments and input fields are kept only when every subgraph that has the
field (the input type) declares them; the first description wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .access import Access
from .cost import CostNames, Demand
from .model import ParsedSubgraph, SArg, SEnumValue, SField, SType

KIND_ORDER = ("scalar", "object", "interface", "union", "enum", "input")


@dataclass
class MArg:
    name: str
    type: str
    default: str | None = None
    description: str | None = None
    deprecated: str | None = None
    inaccessible: bool = False
    tags: list[str] = field(default_factory=list)
    by_graph: dict[str, SArg] = field(default_factory=dict)
    demand: Demand = field(default_factory=Demand)


@dataclass
class MField:
    name: str
    type: str
    description: str | None = None
    deprecated: str | None = None
    inaccessible: bool = False
    tags: list[str] = field(default_factory=list)
    used_as_key: bool = False
    seen_non_external: bool = False
    default: str | None = None
    by_graph: dict[str, SField] = field(default_factory=dict)
    args: dict[str, MArg] = field(default_factory=dict)
    access: Access = field(default_factory=Access)
    demand: Demand = field(default_factory=Demand)


@dataclass
class MValue:
    name: str
    description: str | None = None
    deprecated: str | None = None
    inaccessible: bool = False
    tags: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)


@dataclass
class MType:
    name: str
    kind: str
    description: str | None = None
    inaccessible: bool = False
    tags: list[str] = field(default_factory=list)
    has_definition: bool = False
    has_interface_object: bool = False
    specified_by: str | None = None
    used_in_input: bool = False
    used_in_output: bool = False
    by_graph: dict[str, SType] = field(default_factory=dict)
    fields: dict[str, MField] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    values: dict[str, MValue] = field(default_factory=dict)
    access: Access = field(default_factory=Access)
    demand: Demand = field(default_factory=Demand)


@dataclass
class MergedState:
    graphs: dict[str, ParsedSubgraph]  # graph id -> subgraph, sorted by id
    types: dict[str, MType] = field(default_factory=dict)
    cost_names: CostNames = field(default_factory=CostNames)

    def of_kind(self, kind: str) -> list[MType]:
        return [t for t in self.types.values() if t.kind == kind]

    def graph_id_of(self, name: str) -> str | None:
        for gid, graph in self.graphs.items():
            if graph.name == name:
                return gid
        return None


def _add_tags(target: list[str], tags: list[str]) -> None:
    for tag in tags:
        if tag not in target:
            target.append(tag)


def graph_order(graph_id: str) -> str:
    """Sort key ordering graph ids as the reference does (`_` before digits and letters)."""
    return graph_id.replace("_", "\x00")


def unique_graph_ids(subgraphs: list[ParsedSubgraph]) -> None:
    """Names that map to one enum value (`a-b`, `a_b`) get `_1`, `_2`, ... (in name order)."""
    by_id: dict[str, list[ParsedSubgraph]] = {}
    for graph in sorted(subgraphs, key=lambda g: g.name):
        by_id.setdefault(graph.graph_id, []).append(graph)
    for same in by_id.values():
        if len(same) > 1:
            for number, graph in enumerate(same, start=1):
                graph.graph_id = f"{graph.graph_id}_{number}"


def merge(subgraphs: list[ParsedSubgraph]) -> MergedState:
    unique_graph_ids(subgraphs)
    ordered = sorted(subgraphs, key=lambda g: graph_order(g.graph_id))
    state = MergedState(graphs={g.graph_id: g for g in ordered})
    for gid, graph in state.graphs.items():
        state.cost_names.add(graph.cost_names)
        for stype in graph.types.values():
            _merge_type(state, gid, graph, stype)
    _interfaces_require_their_implementations(state)
    return state


def _interfaces_require_their_implementations(state: MergedState) -> None:
    """An interface (and each of its fields) requires what any implementation requires."""
    for iface in state.of_kind("interface"):
        implementations = [t for t in state.of_kind("object") if iface.name in t.interfaces]
        for obj in implementations:
            iface.access.add(obj.access)
        for ifield in iface.fields.values():
            for obj in implementations:
                ofield = obj.fields.get(ifield.name)
                if ofield is not None:
                    ifield.access.add(ofield.access)


def _merge_type(state: MergedState, gid: str, graph: ParsedSubgraph, stype: SType) -> None:
    mtype = state.types.get(stype.name)
    if mtype is None:
        mtype = state.types[stype.name] = MType(name=stype.name, kind=stype.kind)
    mtype.by_graph[gid] = stype
    if stype.description and not mtype.description:
        mtype.description = stype.description
    mtype.inaccessible = mtype.inaccessible or stype.inaccessible
    _add_tags(mtype.tags, stype.tags)
    mtype.access.add(stype.access)
    mtype.demand.add(stype.demand)
    mtype.has_interface_object = mtype.has_interface_object or stype.interface_object
    mtype.used_in_input = mtype.used_in_input or stype.used_in_input
    mtype.used_in_output = mtype.used_in_output or stype.used_in_output
    mtype.specified_by = mtype.specified_by or stype.specified_by
    if stype.is_definition and not (graph.fed1 and stype.extends_directive):
        mtype.has_definition = True
    _add_tags(mtype.interfaces, stype.interfaces)
    _add_tags(mtype.members, stype.members)
    for value in stype.values.values():
        _merge_value(mtype, gid, value)
    for sfield in stype.fields.values():
        _merge_field(mtype, gid, graph, stype, sfield)


def _merge_value(mtype: MType, gid: str, value: SEnumValue) -> None:
    mvalue = mtype.values.get(value.name)
    if mvalue is None:
        mvalue = mtype.values[value.name] = MValue(name=value.name)
    mvalue.description = mvalue.description or value.description
    if mvalue.deprecated is None:
        mvalue.deprecated = value.deprecated
    mvalue.inaccessible = mvalue.inaccessible or value.inaccessible
    _add_tags(mvalue.tags, value.tags)
    mvalue.graphs.append(gid)


def _merge_field(mtype: MType, gid: str, graph: ParsedSubgraph, stype: SType, sfield: SField) -> None:
    mfield = mtype.fields.get(sfield.name)
    if mfield is None:
        mfield = mtype.fields[sfield.name] = MField(name=sfield.name, type=sfield.type)
    _add_tags(mfield.tags, sfield.tags)
    mfield.used_as_key = mfield.used_as_key or sfield.used_as_key
    mfield.inaccessible = mfield.inaccessible or sfield.inaccessible
    mfield.access.add(sfield.access)
    mfield.demand.add(sfield.demand)
    mfield.description = mfield.description or sfield.description
    if mfield.deprecated is None:
        mfield.deprecated = sfield.deprecated
    if mtype.kind == "input":
        _merge_input_type(mfield, sfield)
    elif mtype.kind == "interface":
        if not sfield.type.endswith("!") and mfield.type.endswith("!"):
            mfield.type = sfield.type
    else:
        _merge_output_type(mfield, graph, stype, sfield)
    mfield.by_graph[gid] = sfield
    for arg in sfield.args.values():
        _merge_arg(mfield, gid, arg)


def _merge_output_type(mfield: MField, graph: ParsedSubgraph, stype: SType, sfield: SField) -> None:
    external = sfield.external and (not graph.fed1 or graph.type_is_extension(stype))
    force = not sfield.used_as_key and not external and not mfield.seen_non_external
    if force or (not external and mfield.type.rfind("!") > sfield.type.rfind("!")):
        mfield.type = sfield.type
    if not external:
        mfield.seen_non_external = True


def _merge_input_type(mfield: MField, sfield: SField) -> None:
    if sfield.type.endswith("!"):
        mfield.type = sfield.type
    if sfield.default is not None:
        mfield.default = sfield.default


def _merge_arg(mfield: MField, gid: str, arg: SArg) -> None:
    marg = mfield.args.get(arg.name)
    if marg is None:
        marg = mfield.args[arg.name] = MArg(name=arg.name, type=arg.type)
    if arg.type.endswith("!"):
        marg.type = arg.type
    marg.description = marg.description or arg.description
    if marg.deprecated is None:
        marg.deprecated = arg.deprecated
    marg.inaccessible = marg.inaccessible or arg.inaccessible
    _add_tags(marg.tags, arg.tags)
    marg.demand.add(arg.demand)
    if arg.default is not None:
        marg.default = arg.default
    marg.by_graph[gid] = arg


def named(type_text: str) -> str:
    """The named type inside a printed type reference (`[Foo!]!` -> `Foo`)."""
    return type_text.replace("[", "").replace("]", "").replace("!", "")
