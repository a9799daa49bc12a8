"""Which fields each subgraph's `@requires` actually needs.

A field named by `@requires` in subgraph G is "actively required" there; when the
requiring field of G is overridden by another subgraph, the requirement is "only
overridden" (G never resolves it any more), which changes what the supergraph records.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql.language import FieldNode, InlineFragmentNode, SelectionSetNode

from .fieldset import parse_field_set
from .merge import MergedState, MField, MType, named


@dataclass
class Usage:
    active: bool = False
    only_overridden: bool = False


class RequiresUsage:
    def __init__(self, state: MergedState) -> None:
        self.state = state
        self.index: dict[tuple[str, str, str], Usage] = {}  # (type, field, graph)
        for mtype in state.of_kind("object"):
            for mfield in mtype.fields.values():
                self._index_field(mtype, mfield)

    def _index_field(self, mtype: MType, mfield: MField) -> None:
        overridden = overridden_graphs(self.state, mfield)
        for gid, sfield in mfield.by_graph.items():
            selection = parse_field_set(sfield.requires) if sfield.requires else None
            if selection is not None:
                self._mark(mtype, selection, gid, gid in overridden)

    def _mark(self, mtype: MType, selection: SelectionSetNode, gid: str, only_overridden: bool) -> None:
        for sel in selection.selections:
            if isinstance(sel, FieldNode):
                mfield = mtype.fields.get(sel.name.value)
                if mfield is None:
                    continue
                usage = self.index.setdefault((mtype.name, mfield.name, gid), Usage())
                if only_overridden:
                    usage.only_overridden = True
                else:
                    usage.active = True
                child = self.state.types.get(named(mfield.type))
                if sel.selection_set is not None and child and child.kind in ("object", "interface"):
                    self._mark(child, sel.selection_set, gid, only_overridden)
            elif isinstance(sel, InlineFragmentNode):
                target = self.state.types.get(sel.type_condition.name.value) if sel.type_condition else mtype
                if target is not None and target.kind in ("object", "interface"):
                    self._mark(target, sel.selection_set, gid, only_overridden)

    def effectively_required(self, type_name: str, field_name: str, gid: str, fallback: bool) -> bool:
        usage = self.index.get((type_name, field_name, gid))
        if usage is not None and usage.active:
            return True
        if usage is not None and usage.only_overridden:
            return False
        return fallback

    def only_overridden(self, type_name: str, field_name: str, gid: str) -> bool:
        usage = self.index.get((type_name, field_name, gid))
        return usage is not None and usage.only_overridden and not usage.active


def overridden_graphs(state: MergedState, mfield: MField) -> set[str]:
    found = set()
    for sfield in mfield.by_graph.values():
        if sfield.override:
            gid = state.graph_id_of(sfield.override)
            if gid is not None:
                found.add(gid)
    return found
