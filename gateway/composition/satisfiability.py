"""Satisfiability: every field a query can ask for must be resolvable where the query gets.

The walk starts at the root fields of each subgraph. An object type reached in
subgraph G ("entered in G") can have a field resolved by G itself, or by any
subgraph H it can move to: H has a resolvable `@key` (its own, or an
`@interfaceObject`'s) whose fields G can resolve. A field that no such subgraph
resolves is a SATISFIABILITY_ERROR naming the type, field and both subgraph sets.

A field with `@requires` in H resolves only when each required (top-level) field is
resolved by a subgraph H can move to. Conservative on purpose (no false errors):
`@provides` fields count as resolvable wherever they are provided, nested `@requires`
selections are not followed, and abstract types entered through an `@interfaceObject`
are not followed.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .errors import CompositionError
from .fieldset import parse_field_set, top_level_names
from .merge import MergedState, MType, named
from .model import SKey

ROOTS = ("Query", "Mutation", "Subscription")


@dataclass(frozen=True)
class _Key:
    graph: str
    fields: tuple[str, ...]


class Satisfiability:
    def __init__(self, state: MergedState) -> None:
        self.state = state
        self.keys: dict[str, list[_Key]] = {}
        self._reach: dict[tuple[str, str], set[str]] = {}
        self.interface_object_entries: set[tuple[str, str]] = set()  # (interface, subgraph)

    # --- what a subgraph can resolve ------------------------------------------------
    def resolves(self, gid: str, type_name: str, field: str) -> bool:
        """`gid` resolves the field, and can get what its `@requires` needs."""
        if not self.holds(gid, type_name, field):
            return False
        stype = self.state.graphs[gid].types.get(type_name)
        sfield = stype.fields.get(field) if stype is not None else None
        selection = parse_field_set(sfield.requires) if sfield is not None and sfield.requires else None
        if selection is None:
            return True
        reach = self.reachable(type_name, gid)
        return all(
            any(
                self.holds(g, type_name, name)
                for g in reach
                if g != gid or not self._external(g, type_name, name)
            )
            for name in top_level_names(selection)
        )

    def _external(self, gid: str, type_name: str, field: str) -> bool:
        stype = self.state.graphs[gid].types.get(type_name)
        sfield = stype.fields.get(field) if stype is not None else None
        return sfield is not None and sfield.external

    def holds(self, gid: str, type_name: str, field: str) -> bool:
        """`gid` declares the field and resolves it itself (not `@external`, or a key/provided one)."""
        stype = self.state.graphs[gid].types.get(type_name)
        sfield = stype.fields.get(field) if stype is not None else None
        if self._overridden(gid, type_name, field):
            return False
        if sfield is not None and (not sfield.external or sfield.used_as_key or sfield.provided):
            return True
        for iface in self._interface_objects(type_name, gid):
            ifield = iface.fields.get(field)
            if ifield is not None and gid in ifield.by_graph and not ifield.by_graph[gid].external:
                return True
        return False

    def _overridden(self, gid: str, type_name: str, field: str) -> bool:
        """Another subgraph takes the field over from `gid` for good (`@override` without a label)."""
        mtype = self.state.types.get(type_name)
        mfield = mtype.fields.get(field) if mtype is not None else None
        name = self.state.graphs[gid].name
        return mfield is not None and any(
            s.override == name and not s.override_label for g, s in mfield.by_graph.items() if g != gid
        )

    def _interface_objects(self, type_name: str, gid: str) -> list[MType]:
        mtype = self.state.types.get(type_name)
        found = []
        for name in mtype.interfaces if mtype is not None else ():
            iface = self.state.types.get(name)
            if iface is not None and gid in iface.by_graph and iface.by_graph[gid].interface_object:
                found.append(iface)
        return found

    def type_keys(self, type_name: str) -> list[_Key]:
        if type_name not in self.keys:
            found: list[_Key] = []
            for gid in self.state.graphs:
                stype = self.state.graphs[gid].types.get(type_name)
                key_sources = [stype] if stype is not None else []
                key_sources += [i.by_graph[gid] for i in self._interface_objects(type_name, gid)]
                for source in key_sources:
                    for key in source.keys:
                        selection = parse_field_set(key.fields) if key.resolvable else None
                        if selection is not None:
                            found.append(_Key(gid, tuple(top_level_names(selection))))
            self.keys[type_name] = found
        return self.keys[type_name]

    def reachable(self, type_name: str, start: str) -> set[str]:
        """Subgraphs an object of `type_name` entered in `start` can move to."""
        cached = self._reach.get((type_name, start))
        if cached is not None:
            return cached
        seen, queue = {start}, deque([start])
        while queue:
            current = queue.popleft()
            for key in self.type_keys(type_name):
                if key.graph in seen:
                    continue
                if all(self.holds(current, type_name, f) for f in key.fields):
                    seen.add(key.graph)
                    queue.append(key.graph)
        self._reach[(type_name, start)] = seen
        return seen

    # --- the walk -------------------------------------------------------------------
    def reach_all(self, type_name: str, starts: frozenset[str]) -> set[str]:
        found: set[str] = set()
        for start in starts:
            found |= self.reachable(type_name, start)
        return found

    def positions(self) -> set[tuple[str, frozenset[str]]]:
        """(object type, subgraphs it can be entered in) for every path a query can take."""
        todo: deque[tuple[str, frozenset[str]]] = deque()
        for root in ROOTS:
            graphs = frozenset(g for g, graph in self.state.graphs.items() if root in graph.types)
            if graphs:
                todo.append((root, graphs))
        seen: set[tuple[str, frozenset[str]]] = set()
        while todo:
            position = todo.popleft()
            if position in seen:
                continue
            seen.add(position)
            todo.extend(self._next(*position))
        return seen

    def _next(self, type_name: str, starts: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
        mtype = self.state.types[type_name]
        reach = self.reach_all(type_name, starts)
        found: list[tuple[str, frozenset[str]]] = []
        for fname, mfield in mtype.fields.items():
            by_target: dict[str, set[str]] = {}
            for gid in sorted(reach):
                sfield = mfield.by_graph.get(gid)
                if sfield is None or not self.resolves(gid, type_name, fname):
                    continue
                for target in self._concrete(named(sfield.type), gid):
                    by_target.setdefault(target, set()).add(gid)
            found.extend((t, frozenset(gs)) for t, gs in sorted(by_target.items()))
        return found

    def _concrete(self, type_name: str, gid: str) -> list[str]:
        graph = self.state.graphs[gid]
        stype = graph.types.get(type_name)
        if stype is not None and stype.interface_object:
            self.interface_object_entries.add((type_name, gid))
        if stype is None or stype.interface_object:
            return []
        if stype.kind == "object":
            return [type_name]
        if stype.kind == "union":
            return [m for m in stype.members if m in graph.types]
        if stype.kind == "interface":
            return [t.name for t in graph.types.values() if t.kind == "object" and type_name in t.interfaces]
        return []

    def errors(self) -> list[CompositionError]:
        found: dict[str, CompositionError] = {}
        for type_name, starts in sorted(self.positions(), key=lambda p: (p[0], sorted(p[1]))):
            if type_name in ROOTS:
                continue
            mtype = self.state.types[type_name]
            reach = self.reach_all(type_name, starts)
            for fname, mfield in mtype.fields.items():
                coordinate = f"{type_name}.{fname}"
                if coordinate in found or any(self.resolves(g, type_name, fname) for g in reach):
                    continue
                holders = [g for g in mfield.by_graph if self.resolves(g, type_name, fname)]
                found[coordinate] = self._error(type_name, fname, sorted(starts), holders)
        for iface, gid in sorted(self.interface_object_entries):
            if not self._interface_reachable(iface, gid):
                found.setdefault(iface, self._interface_object_error(iface, gid))
        return list(found.values())

    def _interface_reachable(self, iface: str, gid: str) -> bool:
        """An `@interfaceObject` entered in `gid` can learn each possible concrete type somewhere:
        a subgraph with the real interface, a resolvable key `gid` can fill, and that type."""
        mtype = self.state.types[iface]
        known: set[str] = set()
        for other, stype in mtype.by_graph.items():
            if other == gid or stype.interface_object or not self._enterable(iface, stype.keys, gid):
                continue
            known |= {t.name for t in self.state.graphs[other].types.values() if iface in t.interfaces}
        implementations = {t.name for t in self.state.of_kind("object") if iface in t.interfaces}
        return implementations <= known

    def _enterable(self, type_name: str, keys: list[SKey], gid: str) -> bool:
        for key in keys:
            selection = parse_field_set(key.fields) if key.resolvable else None
            names = top_level_names(selection) if selection is not None else None
            if names is not None and all(self.holds(gid, type_name, n) for n in names):
                return True
        return False

    def _interface_object_error(self, iface: str, gid: str) -> CompositionError:
        name = self.state.graphs[gid].name
        message = (
            f'A query can reach @interfaceObject type "{iface}" in subgraph "{name}", but no subgraph '
            f'defining the interface "{iface}" with a resolvable @key can be reached to resolve its '
            "implementation type."
        )
        return CompositionError("SATISFIABILITY_ERROR", message, (name,), iface)

    def _error(self, type_name: str, field: str, starts: list[str], holders: list[str]) -> CompositionError:
        names = self.state.graphs
        held = ", ".join(f'"{names[g].name}"' for g in holders) or "no subgraph"
        entered = ", ".join(f'"{names[g].name}"' for g in starts)
        message = (
            f'The field "{type_name}.{field}" cannot be resolved: a query can reach "{type_name}" only in '
            f"subgraphs {entered}, but the field is resolved only by {held}, and no resolvable @key of "
            f'"{type_name}" leads there.'
        )
        involved = tuple(sorted({*(names[g].name for g in starts), *(names[g].name for g in holders)}))
        return CompositionError("SATISFIABILITY_ERROR", message, involved, f"{type_name}.{field}")


def check_satisfiability(state: MergedState) -> list[CompositionError]:
    return Satisfiability(state).errors()
