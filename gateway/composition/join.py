"""`@join__type` / `@join__field` / `@join__implements` arguments and their printing."""

from __future__ import annotations

from dataclasses import dataclass

from ..federation.supergraph_specs import (
    JOIN_FIELD,
    JOIN_IMPLEMENTS,
    JOIN_TYPE,
    SUPERGRAPH_INACCESSIBLE,
    SUPERGRAPH_TAG,
)
from ..federation.table import DEPRECATED, SPECIFIED_BY
from .access import Access
from .cost import Demand
from .fieldset import compact, leaf_paths, parse_field_set, without_paths
from .merge import MArg, MergedState, MField, MType, named
from .model import SKey
from .print import PDirective, PInput, string


@dataclass
class JoinType:
    graph: str
    key: str | None = None
    extension: bool = False
    resolvable: bool = True
    interface_object: bool = False

    def directive(self) -> PDirective:
        args = [("graph", self.graph)]
        if self.key:
            args.append(("key", string(self.key)))
        if not self.resolvable:
            args.append(("resolvable", "false"))
        if self.interface_object:
            args.append(("isInterfaceObject", "true"))
        if self.extension:
            args.append(("extension", "true"))
        return PDirective(JOIN_TYPE.default_name, args)


@dataclass
class JoinField:
    graph: str | None = None
    type: str | None = None
    override: str | None = None
    override_label: str | None = None
    used_overridden: bool = False
    external: bool = False
    provides: str | None = None
    requires: str | None = None

    def is_plain(self) -> bool:
        return not (
            self.type
            or self.override
            or self.override_label
            or self.used_overridden
            or self.external
            or self.provides
            or self.requires
        )

    def directive(self) -> PDirective:
        args = [("graph", self.graph)] if self.graph else []
        optional: list[tuple[str, str | None]] = [
            ("type", string(self.type) if self.type else None),
            ("override", string(self.override) if self.override else None),
            ("overrideLabel", string(self.override_label) if self.override_label else None),
            ("usedOverridden", "true" if self.used_overridden else None),
            ("external", "true" if self.external else None),
            ("provides", string(self.provides) if self.provides else None),
            ("requires", string(self.requires) if self.requires else None),
        ]
        return PDirective(JOIN_FIELD.default_name, args + [(n, v) for n, v in optional if v is not None])


def type_keys(stype_keys: list[SKey], gid: str) -> list[JoinType]:
    return [JoinType(gid, key=k.fields, resolvable=k.resolvable) for k in stype_keys]


def common_key_paths(keys: list[SKey]) -> set[str]:
    """Leaf paths present in every key (what a `@requires` need not repeat)."""
    common: set[str] | None = None
    for key in keys:
        selection = parse_field_set(key.fields)
        if selection is None:
            continue
        paths = leaf_paths(selection)
        common = paths if common is None else common & paths
    return common or set()


def normalized_field_set(text: str | None, removable: set[str]) -> str | None:
    """A `@requires`/`@provides` set printed compactly, minus `removable` leaf paths."""
    if text is None:
        return None
    selection = parse_field_set(text)
    if selection is None:
        return text
    printed = compact(without_paths(selection, removable))
    return printed or None


def normalize_field_sets(state: MergedState) -> None:
    """Rewrite requires/provides as the supergraph records them (key fields dropped)."""
    for mtype in state.of_kind("object"):
        for mfield in mtype.fields.values():
            for gid, sfield in mfield.by_graph.items():
                if sfield.requires is not None:
                    keys = mtype.by_graph[gid].keys
                    sfield.requires = normalized_field_set(sfield.requires, common_key_paths(keys))
                if sfield.provides is not None:
                    _normalize_provides(state, mfield, gid)


def _normalize_provides(state: MergedState, mfield: MField, gid: str) -> None:
    sfield = mfield.by_graph[gid]
    target = state.types.get(named(mfield.type))
    if target is None or target.kind == "union":
        return
    in_graph = target.by_graph.get(gid)
    removable = common_key_paths(in_graph.keys) if in_graph is not None and in_graph.extension else set()
    sfield.provides = normalized_field_set(sfield.provides, removable)


def printed_args(mfield: MField) -> list[PInput]:
    """Arguments every subgraph declaring the field declares, merged."""
    return [arg_input(a) for a in mfield.args.values() if len(a.by_graph) == len(mfield.by_graph)]


def arg_input(marg: MArg) -> PInput:
    return PInput(
        name=marg.name,
        type=marg.type,
        default=marg.default,
        description=marg.description,
        directives=common_directives(marg.tags, marg.inaccessible, marg.deprecated, demand=marg.demand),
    )


def common_directives(
    tags: list[str],
    inaccessible: bool,
    deprecated: str | None,
    specified_by: str | None = None,
    access: Access | None = None,
    demand: Demand | None = None,
) -> list[PDirective]:
    found = [PDirective(SUPERGRAPH_TAG.default_name, [("name", string(t))]) for t in tags]
    if inaccessible:
        found.append(PDirective(SUPERGRAPH_INACCESSIBLE.default_name))
    if access:
        found.extend(access.directives())
    if demand is not None:
        found.extend(demand.directives())
    if deprecated is not None:
        found.append(PDirective(DEPRECATED.name, [("reason", string(deprecated))] if deprecated else []))
    if specified_by is not None:
        found.append(PDirective(SPECIFIED_BY.name, [("url", string(specified_by))]))
    return found


def implements(mtype: MType) -> list[PDirective]:
    if not mtype.interfaces:
        return []
    return [
        PDirective(JOIN_IMPLEMENTS.default_name, [("graph", gid), ("interface", string(iface))])
        for gid, stype in mtype.by_graph.items()
        for iface in stype.interfaces
    ]
