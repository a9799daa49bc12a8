"""Rules across subgraphs, each with its error code (The Guild's / Apollo's names).

- TYPE_KIND_MISMATCH: one name, different kinds (an `@interfaceObject` may meet an interface).
- INVALID_FIELD_SHARING: a field resolved by several subgraphs without being shareable.
- FIELD_TYPE_MISMATCH: output types that do not merge (nullability aside, or abstract vs member);
  input field types that differ beyond nullability. FIELD_ARGUMENT_TYPE_MISMATCH likewise.
- REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH / REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH.
- EXTERNAL_MISSING_ON_BASE: a field `@external` everywhere it is declared.
- EXTERNAL_TYPE_MISMATCH: an `@external` declaration whose type is not the field's merged type.
- OVERRIDE_SOURCE_HAS_OVERRIDE: overriding a field that itself overrides.
- ENUM_VALUE_MISMATCH / EMPTY_MERGED_ENUM_TYPE: enum values merged by how the enum is used.
- EMPTY_MERGED_INPUT_TYPE, NO_QUERIES, ONLY_INACCESSIBLE_CHILDREN.
- EXTENSION_WITH_NO_BASE: an object type only ever extended (Federation 1 `@extends` everywhere is allowed).
- interface rules: see `interface_rules.py`.
"""

from __future__ import annotations

from .errors import CompositionError
from .interface_rules import interface_rules
from .merge import MergedState, MField, MType, named
from .model import ParsedSubgraph
from .other_types import enum_strategy
from .subgraph_rules import validate_subgraph

__all__ = ["check_kinds", "validate_merged", "validate_subgraph"]


def _names(state: MergedState, graph_ids: list[str] | set[str]) -> tuple[str, ...]:
    return tuple(sorted(state.graphs[g].name for g in graph_ids))


def _quoted(names: tuple[str, ...]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def check_kinds(graphs: list[ParsedSubgraph]) -> list[CompositionError]:
    kinds: dict[str, dict[str, list[str]]] = {}
    interface_objects: set[str] = set()
    for graph in graphs:
        for stype in graph.types.values():
            kinds.setdefault(stype.name, {}).setdefault(stype.kind, []).append(graph.name)
            if stype.interface_object:
                interface_objects.add(stype.name)
    errors = []
    for name, by_kind in kinds.items():
        if len(by_kind) < 2 or name in interface_objects:
            continue
        groups = " but ".join(f"{kind} in subgraphs {_quoted(tuple(g))}" for kind, g in by_kind.items())
        involved = tuple(sorted(g for gs in by_kind.values() for g in gs))
        errors.append(
            CompositionError(
                "TYPE_KIND_MISMATCH",
                f'Type "{name}" has mismatched kind: it is defined as {groups}',
                involved,
                name,
            )
        )
    return errors


def validate_merged(state: MergedState) -> list[CompositionError]:
    errors: list[CompositionError] = []
    for mtype in state.types.values():
        if mtype.kind == "object":
            for mfield in mtype.fields.values():
                errors += _field_sharing(state, mtype, mfield)
                errors += _output_type(state, mtype, mfield)
                errors += _external_on_base(state, mtype, mfield)
                errors += _external_type(state, mtype, mfield)
                errors += _override_chain(state, mtype, mfield)
        if mtype.kind in ("object", "interface"):
            for mfield in mtype.fields.values():
                errors += _arguments(state, mtype, mfield)
        if mtype.kind == "input":
            errors += _input_type(state, mtype)
        if mtype.kind == "enum":
            errors += _enum_values(state, mtype)
    errors += interface_rules(state)
    errors += _only_inaccessible_children(state)
    errors += _extensions_without_base(state)
    query = state.types.get("Query")
    if query is None or not query.fields:
        errors.append(
            CompositionError(
                "NO_QUERIES", "No queries found in any subgraph: a supergraph must have a query root type."
            )
        )
    return errors


def _field_sharing(state: MergedState, mtype: MType, mfield: MField) -> list[CompositionError]:
    if mfield.used_as_key and all(s.used_as_key for s in mfield.by_graph.values()):
        return []
    entity = any(s.keys for s in mtype.by_graph.values())
    non_shareable, resolving = [], []
    for gid, sfield in mfield.by_graph.items():
        if sfield.external:
            continue
        source = state.graph_id_of(sfield.override) if sfield.override else None
        if source is not None and source in mfield.by_graph:
            continue
        resolving.append(gid)
        fed1_extension = state.graphs[gid].fed1 and sfield.extension
        if not (sfield.shareable or sfield.used_as_key or (entity and fed1_extension)):
            non_shareable.append(gid)
    if not non_shareable or len(resolving) < 2:
        return []
    coordinate = f"{mtype.name}.{mfield.name}"
    message = (
        f'Non-shareable field "{coordinate}" is resolved from multiple subgraphs: it is resolved from '
        f"subgraphs {_quoted(_names(state, resolving))} and defined as non-shareable in "
        f"{_quoted(_names(state, non_shareable))}"
    )
    return [CompositionError("INVALID_FIELD_SHARING", message, _names(state, resolving), coordinate)]


def _possible(state: MergedState, gid: str, type_name: str) -> set[str]:
    stype = state.graphs[gid].types.get(type_name)
    if stype is None:
        return set()
    if stype.kind == "union":
        return set(stype.members)
    if stype.kind == "interface":
        return {t.name for t in state.graphs[gid].types.values() if type_name in t.interfaces}
    return set()


def _output_type(state: MergedState, mtype: MType, mfield: MField) -> list[CompositionError]:
    groups: dict[str, list[str]] = {}
    abstract: dict[str, set[str]] = {}
    for gid, sfield in mfield.by_graph.items():
        base = named(sfield.type)
        members = _possible(state, gid, base)
        if members or (state.graphs[gid].types.get(base) and state.graphs[gid].types[base].kind != "object"):
            abstract.setdefault(base, set()).update(members)
        local = _shape(sfield.type, mfield.type)
        groups.setdefault(local, []).append(gid)
    if len(groups) < 2:
        return []
    if len(abstract) == 1:
        name, members = next(iter(abstract.items()))
        if all(named(t) in members | {name} for t in groups) and _same_shape(list(groups)):
            return []
    return [_type_mismatch(state, mtype.name, mfield.name, groups)]


def _shape(local: str, merged: str) -> str:
    """`local` with the nullability the merged type drops (a non-null may merge into nullable)."""
    if not merged.endswith("!"):
        local = local.removesuffix("!")
    if merged.startswith("[") and local.startswith("["):
        inner_merged = merged[merged.index("[") + 1 : merged.rindex("]")]
        inner_local = local[local.index("[") + 1 : local.rindex("]")]
        inner_local = _shape(inner_local, inner_merged)
        local = f"[{inner_local}]" + ("!" if local.endswith("!") else "")
    return local


def _same_shape(types: list[str]) -> bool:
    return len({t.replace(named(t), "T") for t in types}) == 1


def _type_mismatch(
    state: MergedState, parent: str, field: str, groups: dict[str, list[str]]
) -> CompositionError:
    described = " but ".join(
        f'type "{t}" in subgraphs {_quoted(_names(state, g))}' for t, g in groups.items()
    )
    coordinate = f"{parent}.{field}"
    involved = _names(state, [g for gs in groups.values() for g in gs])
    message = f'Type of field "{coordinate}" is incompatible across subgraphs: it has {described}'
    return CompositionError("FIELD_TYPE_MISMATCH", message, involved, coordinate)


def _arguments(state: MergedState, mtype: MType, mfield: MField) -> list[CompositionError]:
    errors = []
    for marg in mfield.args.values():
        coordinate = f"{mtype.name}.{mfield.name}({marg.name}:)"
        kinds = {a.type.removesuffix("!") for a in marg.by_graph.values()}
        if len(kinds) > 1:
            described = ", ".join(f'"{a.type}" in "{state.graphs[g].name}"' for g, a in marg.by_graph.items())
            errors.append(
                CompositionError(
                    "FIELD_ARGUMENT_TYPE_MISMATCH",
                    f'Type of argument "{coordinate}" is incompatible across subgraphs: {described}',
                    _names(state, list(marg.by_graph)),
                    coordinate,
                )
            )
        required_in = [g for g, a in marg.by_graph.items() if a.type.endswith("!") and a.default is None]
        missing = [g for g in mfield.by_graph if g not in marg.by_graph]
        if required_in and missing:
            errors.append(
                CompositionError(
                    "REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH",
                    f'Argument "{coordinate}" is required in subgraphs {_quoted(_names(state, required_in))} '
                    f"but does not appear in subgraphs {_quoted(_names(state, missing))}",
                    _names(state, required_in + missing),
                    coordinate,
                )
            )
    return errors


def _external_on_base(state: MergedState, mtype: MType, mfield: MField) -> list[CompositionError]:
    def external(gid: str) -> bool:
        sfield = mfield.by_graph[gid]
        if sfield.used_as_key:
            return sfield.external and not mtype.by_graph[gid].extension
        if state.graphs[gid].fed1:
            return sfield.external and (sfield.required or sfield.provided)
        return sfield.external

    if not all(external(g) for g in mfield.by_graph):
        return []
    for iface_name in mtype.interfaces:
        iface = state.types.get(iface_name)
        ifield = iface.fields.get(mfield.name) if iface and iface.has_interface_object else None
        if ifield is not None and any(not s.external for s in ifield.by_graph.values()):
            return []
    coordinate = f"{mtype.name}.{mfield.name}"
    names = _names(state, list(mfield.by_graph))
    message = (
        f'Field "{coordinate}" is marked @external on all the subgraphs in which it is listed '
        f"(subgraphs {_quoted(names)})."
    )
    return [CompositionError("EXTERNAL_MISSING_ON_BASE", message, names, coordinate)]


def _external_type(state: MergedState, mtype: MType, mfield: MField) -> list[CompositionError]:
    if mfield.used_as_key:
        return []
    resolving: list[str] = []
    mismatched: dict[str, list[str]] = {}
    for gid, sfield in mfield.by_graph.items():
        graph = state.graphs[gid]
        external = sfield.external and (not graph.fed1 or graph.type_is_extension(mtype.by_graph[gid]))
        if not external or sfield.type == mfield.type:
            resolving.append(gid)
        else:
            mismatched.setdefault(sfield.type, []).append(gid)
    if not mismatched or not resolving:
        return []
    coordinate = f"{mtype.name}.{mfield.name}"
    others = " and ".join(
        f'type "{t}" in subgraphs {_quoted(_names(state, g))}' for t, g in mismatched.items()
    )
    message = (
        f'Type of field "{coordinate}" is incompatible across subgraphs (where marked @external): it has '
        f'type "{mfield.type}" in subgraphs {_quoted(_names(state, resolving))} but {others}'
    )
    involved = _names(state, [g for gs in mismatched.values() for g in gs] + resolving)
    return [CompositionError("EXTERNAL_TYPE_MISMATCH", message, involved, coordinate)]


def _override_chain(state: MergedState, mtype: MType, mfield: MField) -> list[CompositionError]:
    errors = []
    for gid, sfield in mfield.by_graph.items():
        source = state.graph_id_of(sfield.override) if sfield.override else None
        if source is None or source not in mfield.by_graph or not mfield.by_graph[source].override:
            continue
        coordinate = f"{mtype.name}.{mfield.name}"
        message = (
            f'Field "{coordinate}" on subgraph "{state.graphs[gid].name}" is also marked with directive '
            f'@override in subgraph "{state.graphs[source].name}". Only one @override directive is allowed '
            "per field."
        )
        errors.append(
            CompositionError(
                "OVERRIDE_SOURCE_HAS_OVERRIDE", message, _names(state, [gid, source]), coordinate
            )
        )
    return errors


def _input_type(state: MergedState, mtype: MType) -> list[CompositionError]:
    errors = []
    common = 0
    for mfield in mtype.fields.values():
        coordinate = f"{mtype.name}.{mfield.name}"
        groups: dict[str, list[str]] = {}
        for gid, sfield in mfield.by_graph.items():
            groups.setdefault(sfield.type.removesuffix("!"), []).append(gid)
        if len(groups) > 1:
            errors.append(_type_mismatch(state, mtype.name, mfield.name, groups))
        missing = [g for g in mtype.by_graph if g not in mfield.by_graph]
        if not missing:
            common += 1
            continue
        required_in = [g for g, s in mfield.by_graph.items() if s.type.endswith("!") and s.default is None]
        if required_in:
            errors.append(
                CompositionError(
                    "REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH",
                    f'Input object field "{coordinate}" is required in some subgraphs but does not appear in '
                    f"subgraphs {_quoted(_names(state, missing))}",
                    _names(state, required_in + missing),
                    coordinate,
                )
            )
    if common == 0 and mtype.fields:
        errors.append(
            CompositionError(
                "EMPTY_MERGED_INPUT_TYPE",
                f'None of the fields of input type "{mtype.name}" are consistently defined in all the '
                "subgraphs defining that type.",
                _names(state, list(mtype.by_graph)),
                mtype.name,
            )
        )
    return errors


def _enum_values(state: MergedState, mtype: MType) -> list[CompositionError]:
    strategy = enum_strategy(mtype)
    total = len(mtype.by_graph)
    errors = []
    if strategy == "equal" and mtype.used_in_input:
        for value in mtype.values.values():
            if len(value.graphs) == total or value.inaccessible:
                continue
            missing = [g for g in mtype.by_graph if g not in value.graphs]
            coordinate = f"{mtype.name}.{value.name}"
            message = (
                f'Enum type "{mtype.name}" is used as both input type and output type, but value '
                f'"{value.name}" is not defined in all the subgraphs defining "{mtype.name}": it is defined '
                f"in subgraphs {_quoted(_names(state, value.graphs))} but not in subgraphs "
                f"{_quoted(_names(state, missing))}"
            )
            errors.append(
                CompositionError(
                    "ENUM_VALUE_MISMATCH", message, _names(state, list(mtype.by_graph)), coordinate
                )
            )
    if strategy == "intersection" and not any(len(v.graphs) == total for v in mtype.values.values()):
        message = (
            f'None of the values of enum type "{mtype.name}" are defined consistently in all the subgraphs '
            "defining that type. As only values common to all subgraphs are merged, this would result in "
            "an empty type."
        )
        errors.append(
            CompositionError(
                "EMPTY_MERGED_ENUM_TYPE", message, _names(state, list(mtype.by_graph)), mtype.name
            )
        )
    return errors


def _only_inaccessible_children(state: MergedState) -> list[CompositionError]:
    errors = []
    for mtype in state.types.values():
        children = [f.inaccessible for f in mtype.fields.values()] + [
            v.inaccessible for v in mtype.values.values()
        ]
        if mtype.inaccessible or not children or not all(children):
            continue
        message = f'Type "{mtype.name}" is in the API schema but all of its members are @inaccessible.'
        errors.append(
            CompositionError(
                "ONLY_INACCESSIBLE_CHILDREN", message, _names(state, list(mtype.by_graph)), mtype.name
            )
        )
    return errors


def _extensions_without_base(state: MergedState) -> list[CompositionError]:
    errors = []
    for mtype in state.of_kind("object"):
        if mtype.name in ("Query", "Mutation", "Subscription") or mtype.has_definition:
            continue
        fed1_extends = all(state.graphs[g].fed1 and s.extends_directive for g, s in mtype.by_graph.items())
        if len(mtype.by_graph) > 1 and fed1_extends:
            continue
        message = (
            f'Type "{mtype.name}" is an extension type, but there is no type definition for "{mtype.name}" '
            "in any subgraph."
        )
        errors.append(
            CompositionError(
                "EXTENSION_WITH_NO_BASE", message, _names(state, list(mtype.by_graph)), mtype.name
            )
        )
    return errors
