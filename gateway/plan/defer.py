"""`@defer`: deferred fragments planned into fetch groups of their own.

A mixin of the planner. Where a `@defer` fragment sits decides how its fields are fetched:

    at the query root          a root fetch of its own, run after the primary
    on an entity (a @key)      an `_entities` call (the primary fetch also asks the key fields)
    on any other type          fetched with its parent (no key to jump with); only delivered later

Fields the fragment needs from further subgraphs go into groups of their own, run after it.
Every group belongs to one deferred fragment or to the primary (`Group.defer`); groups never mix
across that line. `@defer(if: $var)` is planned as deferred and decided per request (a false
value delivers it with its parent); `@defer(if: false)` is not deferred at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graphql import print_ast
from graphql.language import (
    BooleanValueNode,
    DirectiveNode,
    FieldNode,
    SelectionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
)

from .context import Ctx
from .entities import EntityCalls
from .groups import Group, merge_equivalent, schedule
from .nodes import Defer, DeferredNode, Fetch, PlanNode
from .selection import SelectionBuilder

DEFER = "defer"
DEFER_DIRECTIVE = "directive @defer(label: String, if: Boolean! = true) on FRAGMENT_SPREAD | INLINE_FRAGMENT"


@dataclass(frozen=True)
class DeferArgs:
    label: str | None
    condition: str | None  # the `if:` variable; None: always


def defer_args(directives: Iterable[DirectiveNode] | None) -> DeferArgs | None:
    """The fragment's `@defer`, or None when it has none or `if: false`."""
    for directive in directives or ():
        if directive.name.value != DEFER:
            continue
        label: str | None = None
        condition: str | None = None
        for arg in directive.arguments or ():
            value = arg.value
            if arg.name.value == "label" and isinstance(value, StringValueNode):
                label = value.value
            elif arg.name.value == "if" and isinstance(value, BooleanValueNode) and not value.value:
                return None
            elif arg.name.value == "if" and isinstance(value, VariableNode):
                condition = value.name.value
        return DeferArgs(label, condition)
    return None


def without_defer(directives: Iterable[DirectiveNode] | None) -> tuple[DirectiveNode, ...]:
    """What a subgraph is sent: never `@defer` (subgraphs do not know it)."""
    return tuple(d for d in directives or () if d.name.value != DEFER)


@dataclass
class DeferRecord:
    """One deferred fragment at one path, while planning."""

    id: int
    args: DeferArgs
    path: tuple[str, ...]
    type_name: str
    fragment: SelectionNode
    selection: SelectionSetNode
    parent: int | None
    groups: list[Group] = field(default_factory=list)


class DeferPlanning(EntityCalls):
    defers: list[DeferRecord]
    current_defer: DeferRecord | None

    if TYPE_CHECKING:  # provided by the planner that mixes this in

        def plan_root(
            self, root_type: str, sequential: bool, selection_set: SelectionSetNode | None = None
        ) -> list[Group]: ...
        def make_fetch(self, group: Group) -> Fetch: ...

    def plan_defer(
        self,
        ctx: Ctx,
        type_name: str,
        sel: SelectionNode,
        inner: SelectionSetNode,
        args: DeferArgs,
        target: SelectionBuilder,
    ) -> None:
        record = self._record(ctx.path, type_name, sel, inner, args)
        with self._window(record):
            split = self._entity_split(type_name, inner)
            if split is None:  # no key to jump with: fetched with its parent, delivered later
                self.plan_selections(ctx, type_name, inner.selections, target)
                return
            for graph, selections in split.items():  # one `_entities` call per subgraph, in parallel
                dep = self.new_group(graph, ctx.path, ctx.group)
                dep.conditions.append(ctx.conditions)
                self.enter_entity(ctx, dep, type_name, type_name, target)
                dctx = Ctx(dep, ctx.path, None, ctx.avoid, ctx.touched, ctx.conditions)
                self.plan_selections(
                    dctx, type_name, tuple(selections), dep.selection.add_fragment(type_name)
                )

    def plan_root_defer(
        self, root_type: str, sel: SelectionNode, inner: SelectionSetNode, args: DeferArgs
    ) -> None:
        """A deferred fragment on the query root: root fetches of its own."""
        with self._window(self._record((), root_type, sel, inner, args)):
            self.plan_root(root_type, False, inner)

    @contextmanager
    def _window(self, record: DeferRecord) -> Iterator[None]:
        """While planning `record`: new groups are its own, root groups are not shared with the
        primary's (nor the primary's with it)."""
        outer, saved_roots, saved_by_graph = self.current_defer, self.roots, self.roots_by_graph
        self.current_defer = record
        self.roots, self.roots_by_graph = [], {}
        try:
            yield
        finally:
            self.current_defer = outer
            self.roots, self.roots_by_graph = saved_roots, saved_by_graph

    def _record(
        self,
        path: tuple[str, ...],
        type_name: str,
        sel: SelectionNode,
        inner: SelectionSetNode,
        args: DeferArgs,
    ) -> DeferRecord:
        for record in self.defers:  # the same fragment at the same path (split by concrete type)
            if record.fragment is sel and record.path == path:
                return record
        parent = self.current_defer.id if self.current_defer is not None else None
        record = DeferRecord(len(self.defers), args, path, type_name, sel, inner, parent)
        self.defers.append(record)
        return record

    def _entity_split(self, type_name: str, inner: SelectionSetNode) -> dict[str, list[SelectionNode]] | None:
        """The fragment's selections by the subgraph that enters the type by a key to fetch them
        (each field where it resolves, preferring a subgraph already chosen; fragments with the
        first); None when no subgraph has a key for the type (not an entity)."""
        meta = self.sg.types.get(type_name)
        if meta is None or meta.kind != "object":
            return None
        keyed = [g for g in meta.graphs if any(k.resolvable for k in meta.keys_in(g))]
        if not keyed:
            return None
        split: dict[str, list[SelectionNode]] = {}
        rest: list[SelectionNode] = []
        for sel in inner.selections:
            name = sel.name.value if isinstance(sel, FieldNode) else "__typename"
            resolving = [g for g in keyed if g in self.sg.resolving_graphs(type_name, name)]
            if name == "__typename" or not resolving:
                rest.append(sel)
                continue
            chosen = [g for g in resolving if g in split] or resolving
            one = SelectionSetNode(selections=(sel,))
            split.setdefault(max(chosen, key=lambda g: self.coverage(g, type_name, one)), []).append(sel)
        if rest:
            split.setdefault(next(iter(split), None) or keyed[0], []).extend(rest)
        return split

    def defer_node(self, primary: PlanNode | None, groups: list[Group]) -> PlanNode | None:
        """The plan: `primary` alone without deferred fragments, else a `Defer` node."""
        if not self.defers:
            return primary
        deferred = []
        for record in self.defers:
            mine = [g for g in groups if g.defer is record]
            node = schedule(merge_equivalent(mine), self.make_fetch) if mine else None
            text = "\n".join(["{", *_pretty(record.selection), "}"])
            deferred.append(
                DeferredNode(
                    record.id,
                    record.args.label,
                    record.path,
                    record.type_name,
                    node,
                    text,
                    record.parent,
                    record.args.condition,
                    record.fragment,
                    record.selection,
                )
            )
        return Defer(primary, tuple(deferred))


def _pretty(selection_set: SelectionSetNode) -> list[str]:
    return print_ast(selection_set).splitlines()[1:-1]
