"""Running a plan with deferred fragments (`Defer`), and shaping its parts.

    primary ─► deferred nodes not delivered later (`if: false`, or no multipart client)
            ─► first part: shaped without the fragments delivered later
    then, once the client pulls, every fragment delivered later concurrently (a nested one after
    the one around it), each part as soon as its fragment is done: its nodes (and those of the
    fragments inside it not delivered later) ─► one `incremental` item per object at its path that
    the client holds (a null parent gets none)

Each item is shaped from its fragment alone: a null in a non-null field inside it propagates up
to the fragment's boundary (`data: null`), never into what was sent before. Errors go with the
part whose fields they concern. The executor and the shaper are the ordinary ones.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, is_abstract_type, is_object_type
from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    NamedTypeNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    visit,
)

from ..execute.run import Execution, locate
from ..messages import IncrementalPart
from ..operation.conditions import is_excluded
from ..plan.nodes import Defer, DeferredNode
from ..shape import Shaper
from ..shape.exact import PROPAGATE, ExactWalk

Path = list[str | int]
INCREMENTAL = "defer.incremental"  # ctx.state: the client takes `multipart/mixed` parts (set by HTTP)


@dataclass(frozen=True)
class Delivery:
    """Which deferred fragments this request gets later (`later`, ids), each fragment's part."""

    later: tuple[DeferredNode, ...]
    part_of: dict[int, int | None]  # fragment id -> the fragment delivered later it comes with


def delivery(defer: Defer, variables: dict[str, Any], streaming: bool) -> Delivery:
    by_id = {d.id: d for d in defer.deferred}
    active = {
        d.id
        for d in defer.deferred
        if streaming
        and (d.condition is None or bool(variables.get(d.condition)))
        and not (d.fragment is not None and is_excluded(d.fragment.directives or (), variables))
    }
    part_of: dict[int, int | None] = {}
    for d in defer.deferred:
        current: DeferredNode | None = d
        while current is not None and current.id not in active:
            current = by_id.get(current.parent) if current.parent is not None else None
        part_of[d.id] = current.id if current is not None else None
    return Delivery(tuple(d for d in defer.deferred if d.id in active), part_of)


class _Strip(Visitor):
    def __init__(self, ids: set[int]) -> None:
        super().__init__()
        self.ids = ids

    def enter_inline_fragment(self, node: InlineFragmentNode, *_: object) -> Any:
        return self.REMOVE if id(node) in self.ids else None

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> Any:
        return self.REMOVE if id(node) in self.ids else None


def strip(node: Node, later: tuple[DeferredNode, ...]) -> Any:
    """`node` without the fragments delivered later."""
    ids = {id(d.fragment) for d in later if d.fragment is not None}
    return visit(node, _Strip(ids)) if ids else node


def initial_shaper(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    later: tuple[DeferredNode, ...],
) -> Shaper:
    stripped = {name: strip(f, later) for name, f in fragments.items()}
    return Shaper(schema, strip(operation, later), stripped)


class Incremental:
    """One request's run of a `Defer` plan."""

    def __init__(self, execution: Execution, defer: Defer, plan: Delivery, shaper: Shaper) -> None:
        self.execution = execution
        self.defer = defer
        self.plan = plan
        self.shaper = shaper  # of the operation without the fragments delivered later
        self.held: dict[int, list[dict[str, Any]]] = {d.id: [] for d in plan.later}

    def failed(self) -> Incremental:
        """After a failure of the first part's run: nothing is delivered later."""
        self.plan = Delivery((), self.plan.part_of)
        return self

    async def run_initial(self) -> float:
        """The primary, then the fragments the first part holds: those of one nesting depth
        concurrently, each depth after the one around it."""
        waited = await self.execution.run(self.defer.primary)
        depth: dict[int, int] = {}
        for d in self.defer.deferred:  # the one around a fragment comes before it
            depth[d.id] = depth[d.parent] + 1 if d.parent is not None else 0
        now = [d for d in self.defer.deferred if self.plan.part_of[d.id] is None]
        for level in sorted({depth[d.id] for d in now}):
            runs = [self.execution.run(d.node) for d in now if depth[d.id] == level]
            waited += max(await asyncio.gather(*runs))
        return waited

    def initial_errors(self, errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The errors of the first part; those about fields delivered later are held for them."""
        kept = []
        for error in errors:
            owner = next((d for d in reversed(self.plan.later) if _concerns(error, d)), None)
            if owner is None:
                kept.append(error)
            else:
                self.held[owner.id].append(error)
        return kept

    async def parts(self, view: dict[str, Any] | None) -> AsyncIterator[IncrementalPart]:
        """The later parts as they are ready: the fragments run concurrently once the client pulls
        the first of them (after the first part left), each nested one after the one around it."""
        pending: dict[asyncio.Task[list[dict[str, Any]]], DeferredNode] = {}
        left = len(self.plan.later)
        self._launch(None, pending)
        try:
            while pending:
                done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in sorted(done, key=lambda t: pending[t].id):
                    d = pending.pop(task)
                    items = self.items(d, view, self.held[d.id] + task.result())
                    self._launch(d.id, pending)
                    left -= 1
                    yield IncrementalPart(items, left > 0)
        finally:  # the client went away, or a part failed: nothing keeps running for nobody
            for task in pending:
                task.cancel()

    def _launch(
        self, parent: int | None, pending: dict[asyncio.Task[list[dict[str, Any]]], DeferredNode]
    ) -> None:
        """Start the fragments delivered later whose nearest fragment delivered later around them is
        `parent` (None: the first part)."""
        by_id = {d.id: d for d in self.defer.deferred}
        for d in self.plan.later:
            outer = by_id[d.parent] if d.parent is not None else None
            if (self.plan.part_of[outer.id] if outer is not None else None) == parent:
                pending[asyncio.ensure_future(self._run(d))] = d

    async def _run(self, d: DeferredNode) -> list[dict[str, Any]]:
        """Its nodes (and those of the fragments inside it not delivered later) into the shared
        tree; its own errors."""
        run = Execution(self.execution.fetchers, self.execution.hooks, self.execution.ctx)
        run.data = self.execution.data
        for member in self.defer.deferred:
            if self.plan.part_of[member.id] == d.id:
                await run.run(member.node)
        return run.errors

    def items(
        self, d: DeferredNode, view: dict[str, Any] | None, errors: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        shaper, execution = self.shaper, self.execution
        condition = _condition(d, shaper)
        selection = _fragment_selection(d, condition, self.plan.later)
        items: list[dict[str, Any]] = []
        for held, at in locate(view or {}, d.path) if view is not None else ():
            raw = _at(execution.data, at)
            type_ = _runtime_type(shaper.schema, raw, d.type_name)
            if type_ is None or raw is None or not _applies(shaper.schema, condition, type_):
                continue  # a fragment on another type than this object's: nothing to deliver
            mine = [e for e in errors if _under(e, at)]
            walk = ExactWalk(shaper.index, execution.variables, mine)
            data = walk.complete_object(raw, type_, (selection,), list(at))
            item: dict[str, Any] = {"data": None if data is PROPAGATE else data, "path": at}
            if d.label is not None:
                item["label"] = d.label
            if mine:
                item["errors"] = mine
            if data is not PROPAGATE:
                held.update(data)  # what the client holds now, for fragments nested in this one
            items.append(item)
        leftover = [e for e in errors if not any(_under(e, item["path"]) for item in items)]
        if leftover and items:
            items[0].setdefault("errors", []).extend(leftover)
        return items


def _condition(d: DeferredNode, shaper: Shaper) -> NamedTypeNode | None:
    """The deferred fragment's type condition."""
    fragment = d.fragment
    if isinstance(fragment, InlineFragmentNode):
        return fragment.type_condition
    if isinstance(fragment, FragmentSpreadNode):
        definition = shaper.index.fragments.get(fragment.name.value)
        return definition.type_condition if definition is not None else None
    return None


def _applies(schema: GraphQLSchema, condition: NamedTypeNode | None, type_: GraphQLObjectType) -> bool:
    if condition is None or condition.name.value == type_.name:
        return True
    abstract = schema.get_type(condition.name.value)
    return is_abstract_type(abstract) and schema.is_sub_type(abstract, type_)


def _fragment_selection(
    d: DeferredNode, condition: NamedTypeNode | None, later: tuple[DeferredNode, ...]
) -> SelectionSetNode:
    """The fragment as a selection of its own (its type condition kept, no `@defer`), without the
    fragments inside it delivered later."""
    assert d.selection is not None
    inner = strip(d.selection, later)
    wrapped = InlineFragmentNode(type_condition=condition, directives=(), selection_set=inner)
    return SelectionSetNode(selections=(wrapped,))


def _runtime_type(schema: GraphQLSchema, raw: Any, fallback: str) -> GraphQLObjectType | None:
    name = raw.get("__typename") if isinstance(raw, dict) else None
    found = schema.get_type(name if isinstance(name, str) else fallback)
    return found if is_object_type(found) else None


def _at(data: Any, path: Path) -> Any:
    for key in path:
        if isinstance(key, int):
            data = data[key] if isinstance(data, list) and key < len(data) else None
        else:
            data = data.get(key) if isinstance(data, dict) else None
    return data


def _under(error: dict[str, Any], path: Path) -> bool:
    found = error.get("path")
    return isinstance(found, list) and found[: len(path)] == path


def _concerns(error: dict[str, Any], d: DeferredNode) -> bool:
    """An error at a field the fragment selects (directly), at the fragment's position."""
    path = error.get("path")
    if not isinstance(path, list) or len(path) <= len(d.path) or d.selection is None:
        return False
    for want, got in zip(d.path, path, strict=False):
        if (want == "@") != isinstance(got, int) or (want != "@" and want != got):
            return False
    return path[len(d.path)] in _keys(d.selection)


def _keys(selection_set: SelectionSetNode) -> set[str]:
    keys: set[str] = set()
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            keys.add(sel.alias.value if sel.alias else sel.name.value)
        elif isinstance(sel, InlineFragmentNode):
            keys |= _keys(sel.selection_set)
    return keys
