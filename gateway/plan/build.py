"""Operation -> QueryPlan. Pure: no I/O, deterministic for a given supergraph and document.

Walks the client's selection once. Each field goes into the fetch group of the
subgraph that holds the current object when that subgraph can resolve it (owned,
shareable, key or `@provides`); otherwise the object is re-entered in another
subgraph through an `_entities` call keyed by one of its `@key`s, with `@requires`
fields fetched first. Abstract positions are split by concrete type as the subgraph
knows them; `@interfaceObject` subgraphs are entered with the interface's name.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from graphql import GraphQLNamedType, get_named_type, is_list_type, is_non_null_type
from graphql.language import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    Visitor,
    print_ast,
    visit,
)

from ..errors import PlanningError
from ..operation.conditions import directive_conditions, field_conditions, statically_excluded
from ..supergraph import Supergraph
from .context import Ctx
from .defer import DeferPlanning, DeferRecord, defer_args, without_defer
from .fetches import make_fetch
from .groups import Group, descendants, merge_equivalent, schedule
from .halting import halt_paths
from .nodes import Fetch, PlanNode, QueryPlan, Sequence
from .selection import SelectionBuilder
from .subscription import plan_subscription

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
Wrappers = tuple[tuple[DirectiveNode, ...], ...]  # directives of the fragments around a root field


def build_query_plan(
    supergraph: Supergraph, document: DocumentNode, operation: OperationDefinitionNode
) -> QueryPlan:
    return _Planner(supergraph, document, operation).plan()


class _Planner(DeferPlanning):
    def __init__(self, supergraph: Supergraph, document: DocumentNode, operation: OperationDefinitionNode):
        self.sg = supergraph
        self.operation = operation
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.var_types = {
            v.variable.name.value: _variable_definition(v) for v in operation.variable_definitions or ()
        }
        self.groups: list[Group] = []
        self.in_progress: set[tuple[int, str, str]] = set()
        self.alias_numbers = itertools.count()
        query = supergraph.schema.query_type
        self.query_type = query.name if query is not None else "Query"
        self.roots: list[Group] = []
        self.roots_by_graph: dict[str, Group] = {}
        self.defers: list[DeferRecord] = []
        self.current_defer: DeferRecord | None = None
        self.reserved = frozenset(
            node.alias.value
            for node in _all_fields(document)
            if node.alias is not None and node.alias.value != node.name.value
        )

    # --- entry --------------------------------------------------------------------------
    def plan(self) -> QueryPlan:
        kind = self.operation.operation.value
        root = self.sg.schema.get_root_type(self.operation.operation)
        if root is None:
            raise PlanningError(f"the schema has no {kind} type")
        roots = self.plan_root(root.name, kind == "mutation")
        primary = [g for g in self.groups if g.defer is None]
        if kind == "subscription":
            return plan_subscription(roots, self.groups, self.make_fetch)
        if kind == "mutation":
            steps = [schedule(descendants(r, primary), self.make_fetch) for r in roots]
            nodes = tuple(s for s in steps if s is not None)
            node: PlanNode | None = nodes[0] if len(nodes) == 1 else (Sequence(nodes) if nodes else None)
        else:
            node = schedule(merge_equivalent(primary), self.make_fetch)
        return QueryPlan(self.defer_node(node, self.groups))

    def new_group(self, subgraph: str, path: tuple[str, ...], parent: Group | None) -> Group:
        group = Group(len(self.groups), subgraph, path, parent)
        group.defer = self.current_defer
        self.groups.append(group)
        if parent is not None:
            parent.children.append(group)
        return group

    def plan_root(
        self, root_type: str, sequential: bool, selection_set: SelectionSetNode | None = None
    ) -> list[Group]:
        roots = self.roots
        by_graph = self.roots_by_graph
        deferred: list[tuple[SelectionNode, SelectionSetNode]] = []
        for node, wrappers in self.root_fields(selection_set or self.operation.selection_set, (), deferred):
            name = node.name.value
            if name == "__typename" or name in INTROSPECTION_FIELDS:
                continue
            graph = self.choose_root_graph(root_type, node, by_graph)
            if sequential:
                group = roots[-1] if roots and roots[-1].subgraph == graph else None
            else:
                group = by_graph.get(graph)
            if group is None:
                group = self.new_group(graph, (), None)
                roots.append(group)
                by_graph[graph] = group
            target = group.selection
            for directives in wrappers:
                target = target.add_fragment(None, directives)
            conditions = field_conditions(node, wrappers)
            group.conditions.append(conditions)
            mutation = self.sg.schema.mutation_type
            if sequential and not wrappers and mutation is not None:
                group.halt_paths.extend(halt_paths(mutation, node, self.fragments))
            self.plan_field(Ctx(group, (), conditions=conditions), root_type, node, target)
        for sel, inner in deferred:
            args = defer_args(sel.directives)
            assert args is not None
            self.plan_root_defer(root_type, sel, inner, args)
        return roots

    def root_fields(
        self,
        selection_set: SelectionSetNode,
        wrappers: Wrappers,
        deferred: list[tuple[SelectionNode, SelectionSetNode]],
    ) -> list[tuple[FieldNode, Wrappers]]:
        """The root fields, fragments flattened (deferred fragments go to `deferred`)."""
        found: list[tuple[FieldNode, Wrappers]] = []
        for sel in selection_set.selections:
            if statically_excluded(sel.directives):
                continue
            if isinstance(sel, FieldNode):
                found.append((sel, wrappers))
                continue
            inner, _ = self.fragment_parts(sel)
            if defer_args(sel.directives) is not None:
                deferred.append((sel, inner))
                continue
            directives = without_defer(sel.directives)
            extra = (directives,) if directives else ()
            found.extend(self.root_fields(inner, wrappers + extra, deferred))
        return found

    def choose_root_graph(self, root_type: str, node: FieldNode, existing: dict[str, Group]) -> str:
        candidates = self.sg.resolving_graphs(root_type, node.name.value)
        if not candidates:
            raise PlanningError(f"no subgraph resolves {root_type}.{node.name.value}")
        for graph in candidates:
            if graph in existing:
                return graph
        selection_set = node.selection_set
        if len(candidates) == 1 or selection_set is None:
            return candidates[0]
        named = self.return_type(root_type, node.name.value)[0].name
        field = (root_type, node.name.value)
        return max(candidates, key=lambda g: self.coverage(g, named, selection_set, field))

    def coverage(
        self,
        graph: str,
        type_name: str,
        selection_set: SelectionSetNode,
        field: tuple[str, str] | None = None,
    ) -> tuple[int, int]:
        """(minus the selected types `graph` can never return there, the selected fields it resolves
        itself or that `@provides` on `field` — the (parent type, field) returning the selection —
        gives it): a subgraph that knows every member of a union is preferred, its answer being
        complete; then the one that needs the fewest further calls."""
        decl = self.sg.declaration(graph, *field) if field is not None else None
        provided = decl.provides if decl is not None else None
        unknown = self._unknown(graph, type_name, selection_set)
        return -unknown, self._coverage(graph, type_name, selection_set, provided)

    def _unknown(self, graph: str, type_name: str, selection_set: SelectionSetNode) -> int:
        """Type conditions, at any depth `graph` resolves, on types it never returns there."""
        missing = 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                name = sel.name.value
                if sel.selection_set is not None and graph in self.sg.resolving_graphs(type_name, name):
                    sub_type = self.return_type(type_name, name)[0].name
                    missing += self._unknown(graph, sub_type, sel.selection_set)
                continue
            inner, condition = self.fragment_parts(sel)
            known = self.sg.possible_types_in(type_name, graph)
            if condition is not None and not any(t in known for t in self.sg.possible_types(condition)):
                missing += 1
            else:
                missing += self._unknown(graph, type_name, inner)
        return missing

    def _coverage(
        self, graph: str, type_name: str, selection_set: SelectionSetNode, provided: SelectionSetNode | None
    ) -> int:
        score = 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                name = sel.name.value
                found = provided_sub(provided, type_name, name, self) if provided is not None else None
                if found is None and graph not in self.sg.resolving_graphs(type_name, name):
                    continue
                score += 1
                if sel.selection_set is not None:  # and what it holds, resolved there too
                    below = found if isinstance(found, SelectionSetNode) else None
                    sub_type = self.return_type(type_name, name)[0].name
                    score += self._coverage(graph, sub_type, sel.selection_set, below)
                continue
            inner, condition = self.fragment_parts(sel)
            score += self._coverage(graph, condition or type_name, inner, provided)
        return score

    # --- selections ---------------------------------------------------------------------
    def fragment_parts(self, sel: SelectionNode) -> tuple[SelectionSetNode, str | None]:
        if isinstance(sel, InlineFragmentNode):
            tc = sel.type_condition.name.value if sel.type_condition else None
            return sel.selection_set, tc
        assert isinstance(sel, FragmentSpreadNode)
        fragment = self.fragments.get(sel.name.value)
        if fragment is None:
            raise PlanningError(f"unknown fragment {sel.name.value}")
        return fragment.selection_set, fragment.type_condition.name.value

    def applies(self, type_condition: str | None, type_name: str) -> bool:
        return (
            type_condition is None
            or type_condition == type_name
            or type_name in self.sg.possible_types(type_condition)
        )

    def plan_selections(
        self, ctx: Ctx, type_name: str, selections: tuple[SelectionNode, ...], target: SelectionBuilder
    ) -> None:
        for sel in selections:
            if statically_excluded(sel.directives):
                continue
            if isinstance(sel, FieldNode):
                self.plan_field(ctx, type_name, sel, target)
                continue
            inner, tc = self.fragment_parts(sel)
            if not self.applies(tc, type_name):
                continue
            args = defer_args(sel.directives)
            directives = without_defer(sel.directives)
            if args is not None:
                self.plan_defer(ctx, type_name, sel, inner, args, target)
            elif directives:
                inner_ctx = replace(ctx, conditions=ctx.conditions | directive_conditions(directives))
                inner_target = target.add_fragment(None, directives)
                self.plan_selections(inner_ctx, type_name, inner.selections, inner_target)
            else:
                self.plan_selections(ctx, type_name, inner.selections, target)

    def plan_sub(
        self, ctx: Ctx, type_name: str, selection_set: SelectionSetNode, target: SelectionBuilder
    ) -> None:
        meta = self.sg.types.get(type_name)
        subgraph = ctx.group.subgraph
        if meta is None or meta.kind not in ("interface", "union"):
            self.plan_selections(ctx, type_name, selection_set.selections, target)
        elif subgraph in meta.interface_object_in:
            self.plan_interface_object(ctx, type_name, selection_set, target)
        elif self.can_keep_abstract(ctx, type_name, selection_set):
            target.add_typename()
            self.plan_selections(ctx, type_name, selection_set.selections, target)
        else:
            target.add_typename()
            for concrete in self.sg.possible_types_in(type_name, subgraph):
                fragment = target.add_fragment(concrete)
                self.plan_selections(ctx, concrete, selection_set.selections, fragment)
                if not fragment:
                    del target.items[("t", concrete, "")]

    def can_keep_abstract(self, ctx: Ctx, type_name: str, selection_set: SelectionSetNode) -> bool:
        """An interface selection every implementation resolves here needs no split by type."""
        meta = self.sg.types[type_name]
        if meta.kind != "interface" or ctx.provided is not None:
            return False
        concretes = self.sg.possible_types_in(type_name, ctx.group.subgraph)
        if len(concretes) != len(self.sg.possible_types(type_name)):
            return False
        for sel in selection_set.selections:
            if not isinstance(sel, FieldNode):
                return False
            name = sel.name.value
            if name == "__typename":
                continue
            if not self.resolvable_here(ctx, type_name, name):
                return False
            want = self.return_type(type_name, name)[0].name
            for concrete in concretes:
                if not self.resolvable_here(ctx, concrete, name):
                    return False
                if self.return_type(concrete, name)[0].name != want:
                    return False
        return True

    # --- fields -------------------------------------------------------------------------
    def return_type(self, type_name: str, field_name: str) -> tuple[GraphQLNamedType, int]:
        gtype = self.sg.schema.get_type(type_name)
        fields = getattr(gtype, "fields", None)
        if not fields or field_name not in fields:
            raise PlanningError(f"{type_name} has no field {field_name}")
        ftype = fields[field_name].type
        depth = 0
        while True:
            if is_non_null_type(ftype):
                ftype = ftype.of_type
            elif is_list_type(ftype):
                depth += 1
                ftype = ftype.of_type
            else:
                break
        return get_named_type(ftype), depth

    def printed_type(self, type_name: str, field_name: str) -> str:
        fields = getattr(self.sg.schema.get_type(type_name), "fields", None) or {}
        return str(fields[field_name].type) if field_name in fields else ""

    def resolvable_here(self, ctx: Ctx, type_name: str, field_name: str) -> bool:
        if ctx.provided is not None and provided_sub(ctx.provided, type_name, field_name, self) is not None:
            return True
        group = ctx.group
        if group.subgraph not in self.sg.resolving_graphs(type_name, field_name):
            return False
        decl = self.sg.declaration(group.subgraph, type_name, field_name)
        if decl is not None and decl.external and group.is_entity and ctx.path == group.path:
            # an external key field is known only to an entity entered by that key
            key = group.keys.get(type_name)
            return key is not None and any(
                isinstance(s, FieldNode) and s.name.value == field_name for s in key.selections
            )
        return decl is None or decl.requires is None

    def plan_field(self, ctx: Ctx, type_name: str, node: FieldNode, target: SelectionBuilder) -> None:
        name = node.name.value
        if name == "__typename":
            target.add_field(node)
        elif name in INTROSPECTION_FIELDS:
            return
        elif self.resolvable_here(ctx, type_name, name):
            self.add_local_field(ctx, type_name, node, target)
        else:
            self.jump(ctx, type_name, node, target)

    def add_local_field(self, ctx: Ctx, type_name: str, node: FieldNode, target: SelectionBuilder) -> None:
        item = target.add_field(node)
        name = node.name.value
        subgraph = ctx.group.subgraph
        in_graph = self.sg.field_type_in(subgraph, type_name, name)
        item.type = in_graph or self.printed_type(type_name, name)
        item.nullable = not item.type.endswith("!")
        if node.selection_set is None or item.sub is None:
            return
        named, depth = self.return_type(type_name, name)
        sub_type = _named(in_graph) if in_graph else named.name
        decl = self.sg.declaration(subgraph, type_name, name)
        provided = decl.provides if decl is not None and decl.provides is not None else None
        if provided is None and ctx.provided is not None:
            found = provided_sub(ctx.provided, type_name, name, self)
            provided = found if isinstance(found, SelectionSetNode) else None
        key = node.alias.value if node.alias else name
        child = replace(
            ctx,
            path=(*ctx.path, key, *(["@"] * depth)),
            provided=provided,
            conditions=ctx.conditions | directive_conditions(node.directives or ()),
            parent=ctx,
            parent_type=type_name,
            parent_target=target,
            via=node,
            siblings=node.selection_set,
        )
        self.plan_sub(child, sub_type, node.selection_set, item.sub)

    def make_fetch(self, group: Group) -> Fetch:
        return make_fetch(group, self.sg, self.var_types, self.operation, self.reserved)


def _all_fields(document: DocumentNode) -> list[FieldNode]:
    found: list[FieldNode] = []

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_: object) -> None:
            found.append(node)

    visit(document, Collect())
    return found


def _variable_definition(node: VariableDefinitionNode) -> str:
    default = f"={print_ast(node.default_value)}" if node.default_value is not None else ""
    return f"${node.variable.name.value}:{print_ast(node.type)}{default}"


def _named(printed: str) -> str:
    return printed.replace("[", "").replace("]", "").replace("!", "").strip()


def provided_sub(
    provided: SelectionSetNode, type_name: str, field_name: str, planner: _Planner
) -> SelectionSetNode | bool | None:
    """What `@provides` gives for `type.field` here: its sub-selection, True for a leaf, or None."""
    for sel in provided.selections:
        if isinstance(sel, FieldNode) and sel.name.value == field_name:
            return sel.selection_set if sel.selection_set is not None else True
        if isinstance(sel, InlineFragmentNode):
            tc = sel.type_condition.name.value if sel.type_condition else None
            if planner.applies(tc, type_name) or tc == type_name:
                found = provided_sub(sel.selection_set, type_name, field_name, planner)
                if found is not None:
                    return found
    return None


__all__ = ["Ctx", "build_query_plan"]
