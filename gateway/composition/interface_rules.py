"""Rules about interfaces across subgraphs.

- INTERFACE_FIELD_NO_IMPLEM: an implementation lacks a field of its interface.
- INTERFACE_OBJECT_USAGE_ERROR: `@interfaceObject` in every subgraph, the interface nowhere.
- INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE: an interface with a resolvable `@key` in a
  subgraph that defines none of its implementations (the reference's condition).
"""

from __future__ import annotations

from ..federation.specs import parse_version
from ..federation.table import INTERFACE_OBJECT
from .errors import CompositionError
from .merge import MergedState


def _names(state: MergedState, graph_ids: list[str]) -> tuple[str, ...]:
    return tuple(sorted(state.graphs[g].name for g in graph_ids))


def _quoted(names: tuple[str, ...]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def interface_rules(state: MergedState) -> list[CompositionError]:
    return (
        _interfaces_implemented(state)
        + _interface_objects_without_interface(state)
        + _keyed_interfaces(state)
    )


def _interfaces_implemented(state: MergedState) -> list[CompositionError]:
    errors = []
    for mtype in state.of_kind("object"):
        for iface_name in mtype.interfaces:
            iface = state.types.get(iface_name)
            if iface is None or iface.has_interface_object:
                continue
            for fname in iface.fields:
                if fname in mtype.fields:
                    continue
                coordinate = f"{mtype.name}.{fname}"
                message = (
                    f'Interface field "{iface_name}.{fname}" is declared in subgraphs '
                    f'{_quoted(_names(state, list(iface.fields[fname].by_graph)))} but type "{mtype.name}", '
                    f'which implements "{iface_name}", does not define field "{fname}" in any subgraph.'
                )
                errors.append(
                    CompositionError(
                        "INTERFACE_FIELD_NO_IMPLEM", message, _names(state, list(mtype.by_graph)), coordinate
                    )
                )
    return errors


def _interface_objects_without_interface(state: MergedState) -> list[CompositionError]:
    errors = []
    for mtype in state.of_kind("interface"):
        if not mtype.has_interface_object or not all(s.interface_object for s in mtype.by_graph.values()):
            continue
        message = (
            f'Type "{mtype.name}" is declared with @interfaceObject in all the subgraphs in which it is '
            "defined"
        )
        errors.append(
            CompositionError(
                "INTERFACE_OBJECT_USAGE_ERROR", message, _names(state, list(mtype.by_graph)), mtype.name
            )
        )
    return errors


def _keyed_interfaces(state: MergedState) -> list[CompositionError]:
    errors = []
    for mtype in state.of_kind("interface"):
        if mtype.has_interface_object:
            continue
        implementations = sorted(t.name for t in state.of_kind("object") if mtype.name in t.interfaces)
        keyed = {g: s for g, s in mtype.by_graph.items() if s.keys}
        in_graph = {
            g: {t.name for t in state.graphs[g].types.values() if mtype.name in t.interfaces} for g in keyed
        }
        # Before v2.3 (@interfaceObject) a subgraph need not declare every implementation.
        recent = [g for g in keyed if parse_version(state.graphs[g].version) >= INTERFACE_OBJECT.min_version]
        if not any(not in_graph[g] for g in recent):
            continue
        for gid, stype in keyed.items():
            missing = [t for t in implementations if t not in in_graph[gid]]
            name = state.graphs[gid].name
            message = (
                f'[{name}] Interface type "{mtype.name}" has a resolvable key (@key(fields: '
                f'"{stype.keys[0].fields}")) in subgraph "{name}" but that subgraph is missing some of the '
                f'supergraph implementation types of "{mtype.name}": it should define '
                f"{_quoted(tuple(missing))}."
            )
            errors.append(
                CompositionError("INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE", message, (name,), mtype.name)
            )
    return errors
