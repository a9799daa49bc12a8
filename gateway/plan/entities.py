"""Entity calls: re-entering an object in another subgraph through `_entities`.

A mixin of the planner: choosing the subgraph and key, fetching keys and `@requires`
fields first (the new group waits for every group that helps), interface objects, and
value types reached through their parent entity.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from graphql import GraphQLNamedType
from graphql.language import (
    FieldNode,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    SelectionNode,
    SelectionSetNode,
)

from ..errors import PlanningError
from ..operation.conditions import directive_conditions
from ..supergraph import Key, Supergraph
from .context import Ctx
from .groups import Group, depends_on, reserved_alias, same_arguments
from .selection import SelectionBuilder, print_arguments


class EntityCalls:
    sg: Supergraph
    groups: list[Group]
    in_progress: set[tuple[int, str, str]]
    query_type: str
    roots: list[Group]
    roots_by_graph: dict[str, Group]
    reserved: frozenset[str]  # names the client uses as aliases of other fields
    alias_numbers: Iterator[int]  # for the aliases of required fields with arguments

    if TYPE_CHECKING:  # provided by the planner that mixes this in

        def new_group(self, subgraph: str, path: tuple[str, ...], parent: Group | None) -> Group: ...
        def plan_selections(
            self, ctx: Ctx, type_name: str, selections: tuple[SelectionNode, ...], target: SelectionBuilder
        ) -> None: ...
        def plan_sub(
            self, ctx: Ctx, type_name: str, selection_set: SelectionSetNode, target: SelectionBuilder
        ) -> None: ...
        def plan_field(self, ctx: Ctx, type_name: str, node: FieldNode, target: SelectionBuilder) -> None: ...
        def add_local_field(
            self, ctx: Ctx, type_name: str, node: FieldNode, target: SelectionBuilder
        ) -> None: ...
        def resolvable_here(self, ctx: Ctx, type_name: str, field_name: str) -> bool: ...
        def return_type(self, type_name: str, field_name: str) -> tuple[GraphQLNamedType, int]: ...
        def coverage(
            self,
            graph: str,
            type_name: str,
            selection_set: SelectionSetNode,
            field: tuple[str, str] | None = None,
        ) -> tuple[int, int]: ...
        def fragment_parts(self, sel: SelectionNode) -> tuple[SelectionSetNode, str | None]: ...

    def jump(self, ctx: Ctx, type_name: str, node: FieldNode, target: SelectionBuilder) -> None:
        """Resolve `type.field` in another subgraph (or the same one, for `@requires`)."""
        name = node.name.value
        guard = (ctx.group.id, type_name, name)
        if guard in self.in_progress:
            raise PlanningError(f"cannot plan {type_name}.{name}: its keys depend on itself")
        self.in_progress.add(guard)
        try:
            choice = self.choose_target(ctx, type_name, node)
            if choice is None:
                try:
                    self.reenter_parent(ctx, type_name, node)
                except PlanningError as error:
                    raise PlanningError(
                        f"cannot plan {type_name}.{name} from {ctx.group.subgraph}: no subgraph that "
                        f"resolves it can be reached from there ({error})"
                    ) from error
                return
            graph, rep_type = choice
            decl = self.sg.declaration(graph, rep_type, name)
            required = decl.requires if decl is not None else None
            dep = self.child_group(ctx, graph, required_arguments(type_name, required))
            dep.conditions.append(ctx.conditions | directive_conditions(node.directives or ()))
            fragment = self.enter_entity(ctx, dep, type_name, rep_type, target, name)
            if decl is not None and decl.requires is not None:
                requires = self.alias_arguments(dep, type_name, decl.requires)
                self.plan_inputs(ctx, dep, type_name, requires, target)
                fragment.add_selection_set(decl.requires)
            entity_target = dep.selection.add_fragment(rep_type)
            dctx = Ctx(dep, ctx.path, None, ctx.avoid, ctx.touched, ctx.conditions)
            self.add_local_field(dctx, rep_type, node, entity_target)
        finally:
            self.in_progress.discard(guard)

    def reenter_parent(self, ctx: Ctx, type_name: str, node: FieldNode) -> None:
        """A value type with no key: fetch the field through the parent object's field instead
        (`parent { via { field } }` in a subgraph that resolves both)."""
        parent, via, parent_target = ctx.parent, ctx.via, ctx.parent_target
        if parent is None or via is None or parent_target is None:
            raise PlanningError(
                f"cannot plan {type_name}.{node.name.value}: no subgraph can resolve it "
                f"from {ctx.group.subgraph} through a key"
            )
        wrapped = InlineFragmentNode(
            type_condition=NamedTypeNode(name=NameNode(value=type_name)),
            directives=(),
            selection_set=SelectionSetNode(selections=(node,)),
        )
        synthetic = FieldNode(
            alias=via.alias,
            name=via.name,
            arguments=via.arguments,
            directives=via.directives,
            selection_set=SelectionSetNode(selections=(wrapped,)),
        )
        # what is fetched on the way feeds the same entity call as this field would (`touched`)
        parent = replace(parent, avoid=parent.avoid | ctx.avoid, touched=ctx.touched)
        if parent.parent is None and ctx.parent_type == self.query_type:
            self.jump_root(parent, synthetic)
        else:
            self.jump(parent, ctx.parent_type, synthetic, parent_target)

    def jump_root(self, ctx: Ctx, node: FieldNode) -> None:
        """A shared root field asked again of another subgraph (the query root has no key)."""
        candidates = [
            g for g in self.sg.resolving_graphs(self.query_type, node.name.value) if g != ctx.group.subgraph
        ]
        if not candidates or node.selection_set is None:
            raise PlanningError(f"cannot plan {self.query_type}.{node.name.value} in any other subgraph")
        named = self.return_type(self.query_type, node.name.value)[0].name
        selection_set = node.selection_set
        field = (self.query_type, node.name.value)
        graph = max(candidates, key=lambda g: self.coverage(g, named, selection_set, field))
        group = self.roots_by_graph.get(graph)
        if group is None:
            group = self.roots_by_graph[graph] = self.new_group(graph, (), None)
            self.roots.append(group)
        group.conditions.append(ctx.conditions)
        if ctx.touched is not None:
            ctx.touched.add(group)
        root_ctx = Ctx(group, (), avoid=ctx.avoid, touched=ctx.touched, conditions=ctx.conditions)
        self.plan_field(root_ctx, self.query_type, node, group.selection)

    def enter_entity(
        self,
        ctx: Ctx,
        dep: Group,
        type_name: str,
        rep_type: str,
        target: SelectionBuilder,
        field_name: str = "",
    ) -> SelectionBuilder:
        """Select `__typename` and a key in the current group; return the representation fragment."""
        key = self.pick_key(ctx, rep_type, dep.subgraph, type_name, field_name)
        target.add_typename()
        self.plan_inputs(ctx, dep, type_name, key.selection, target)
        fragment = dep.requires.add_fragment(type_name)
        fragment.add_typename()
        fragment.add_selection_set(key.selection)
        dep.keys[type_name] = key.selection
        if rep_type != type_name:
            dep.rewrites[type_name] = rep_type
        if ctx.touched is not None:
            ctx.touched.add(dep)
        return fragment

    def alias_arguments(self, dep: Group, type_name: str, requires: SelectionSetNode) -> SelectionSetNode:
        """Required fields that take arguments are fetched under an alias of their own, so they
        never collide with the client's selection of the same field with other arguments."""
        selections: list[SelectionNode] = []
        for sel in requires.selections:
            if isinstance(sel, FieldNode) and sel.arguments:
                ident = (type_name, sel.name.value)
                alias = dep.input_aliases.get(ident) or f"gg_req_{sel.name.value}_{next(self.alias_numbers)}"
                dep.input_aliases[ident] = alias
                dep.required_args[ident] = print_arguments(sel.arguments)
                sel = FieldNode(
                    alias=NameNode(value=alias),
                    name=sel.name,
                    arguments=sel.arguments,
                    directives=sel.directives,
                    selection_set=sel.selection_set,
                )
            selections.append(sel)
        return SelectionSetNode(selections=tuple(selections))

    def plan_inputs(
        self, ctx: Ctx, dep: Group, type_name: str, inputs: SelectionSetNode, target: SelectionBuilder
    ) -> None:
        """Fetch what `dep` needs in its representations (a key, `@requires` fields) before
        it runs; `dep` waits for every group that helps."""
        inputs = alias_reserved(inputs, self.reserved)
        waiting = {g for g in self.groups if g is dep or depends_on(g, dep)}
        touched: set[Group] = set()
        rctx = replace(ctx, avoid=ctx.avoid | frozenset(waiting), touched=touched)
        self.plan_selections(rctx, type_name, inputs.selections, target)
        lineage = set()
        current: Group | None = ctx.group
        while current is not None:
            lineage.add(current)
            current = current.parent
        dep.after |= {g for g in touched if g is not dep and g not in lineage}
        if ctx.touched is not None:
            ctx.touched.update(touched)

    def choose_target(self, ctx: Ctx, type_name: str, node: FieldNode) -> tuple[str, str] | None:
        name = node.name.value
        here = ctx.group.subgraph
        candidates = [(g, type_name) for g in self.sg.resolving_graphs(type_name, name)]
        candidates += [
            c for c in self.sg.interface_object_graphs(type_name, name) if c[0] not in dict(candidates)
        ]
        usable = []
        for graph, rep_type in candidates:
            decl = self.sg.declaration(graph, rep_type, name)
            if decl is not None and decl.external:
                continue  # a key field it does not own: entered by another key, it cannot know it
            if graph == here and (decl is None or decl.requires is None):
                continue
            keys = [k for k in self.sg.types[rep_type].keys_in(graph) if k.resolvable]
            if any(name not in _top_fields(k) or self.resolvable_here(ctx, type_name, name) for k in keys):
                usable.append((graph, rep_type))
        if not usable:
            return None
        if node.selection_set is not None and len(usable) > 1:
            named = self.return_type(type_name, name)[0].name
            scores = {g: self.coverage(g, named, node.selection_set, (r, name)) for g, r in usable}
            best = max(scores.values())
            usable = [(g, r) for g, r in usable if scores[g] == best]
        if len(usable) > 1 and ctx.siblings is not None:
            reach = {u: self.sibling_reach(ctx, type_name, name, *u) for u in usable}
            most = max(reach.values())
            usable = [u for u in usable if reach[u] == most]
        for graph, rep_type in usable:
            for child in ctx.group.children:
                if child.subgraph == graph and child.path == ctx.path and child not in ctx.avoid:
                    return graph, rep_type
        for graph, rep_type in usable:
            if self.key_available(ctx, rep_type, graph, type_name):
                return graph, rep_type
        return usable[0]

    def sibling_reach(self, ctx: Ctx, type_name: str, name: str, graph: str, rep_type: str) -> int:
        """How many other fields of this selection that need another subgraph `graph` resolves
        too (entered as `rep_type`): one call for them all beats one call each."""
        assert ctx.siblings is not None
        count = 0
        for sel in ctx.siblings.selections:
            if not isinstance(sel, FieldNode) or sel.name.value in (name, "__typename"):
                continue
            other = sel.name.value
            fields = getattr(self.sg.schema.get_type(type_name), "fields", None) or {}
            if other not in fields or self.resolvable_here(ctx, type_name, other):
                continue
            if graph in self.sg.resolving_graphs(rep_type, other):
                count += 1
        return count

    def key_available(self, ctx: Ctx, rep_type: str, graph: str, type_name: str) -> bool:
        for key in self.sg.types[rep_type].keys_in(graph):
            if key.resolvable and all(
                self.resolvable_here(ctx, type_name, s.name.value)
                for s in key.selection.selections
                if isinstance(s, FieldNode)
            ):
                return True
        return False

    def pick_key(self, ctx: Ctx, rep_type: str, graph: str, type_name: str, field_name: str = "") -> Key:
        keys = [
            k
            for k in self.sg.types[rep_type].keys_in(graph)
            if k.resolvable and field_name not in _top_fields(k)
        ] or [k for k in self.sg.types[rep_type].keys_in(graph) if k.resolvable]
        for key in keys:
            if all(
                self.resolvable_here(ctx, type_name, s.name.value)
                for s in key.selection.selections
                if isinstance(s, FieldNode)
            ):
                return key
        return keys[0]

    def child_group(self, ctx: Ctx, graph: str, arguments: dict[tuple[str, str], str] | None = None) -> Group:
        """The group this position enters `graph` with; another one when it already sends a
        required field with other arguments (a representation holds one value per field)."""
        for child in ctx.group.children:
            if (
                child.subgraph == graph
                and child.path == ctx.path
                and child not in ctx.avoid
                and child.defer is ctx.group.defer
                and same_arguments(child.required_args, arguments or {})
            ):
                return child
        return self.new_group(graph, ctx.path, ctx.group)

    def split_fragment(
        self, ctx: Ctx, interface: str, sel: SelectionNode
    ) -> tuple[list[FieldNode], SelectionNode | None]:
        """A fragment under an interface object: the interface object's own fields in it (they do
        not depend on the runtime type), and the fragment with the rest."""
        if sel.directives:
            return [], sel
        inner, condition = self.fragment_parts(sel)
        local, rest = _local_fields(self, ctx, interface, inner.selections)
        if not rest:
            if condition in (None, interface):
                return local, None
            rest = [FieldNode(name=NameNode(value="__typename"))]  # the condition needs the real type
        return local, InlineFragmentNode(
            type_condition=NamedTypeNode(name=NameNode(value=condition)) if condition else None,
            directives=(),
            selection_set=SelectionSetNode(selections=tuple(rest)),
        )

    def plan_interface_object(
        self, ctx: Ctx, interface: str, selection_set: SelectionSetNode, target: SelectionBuilder
    ) -> None:
        """An interface this subgraph sees as an object: its own fields here, the rest
        (real `__typename`, type conditions) from a subgraph that knows the implementations."""
        target.add_typename()
        remote: list[SelectionNode] = []
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                if sel.name.value != "__typename" and self.resolvable_here(ctx, interface, sel.name.value):
                    self.plan_field(ctx, interface, sel, target)
                else:
                    remote.append(sel)
                continue
            local, rest = self.split_fragment(ctx, interface, sel)
            for field in local:  # the type condition is applied to the result when shaping
                self.plan_field(ctx, interface, field, target)
            if rest is not None:
                remote.append(rest)
        if not remote:
            return
        owners = [
            g
            for g in self.sg.types[interface].graphs
            if g not in self.sg.types[interface].interface_object_in
            and any(k.resolvable for k in self.sg.types[interface].keys_in(g))
        ]
        if not owners:
            raise PlanningError(f"cannot plan {interface}: no subgraph resolves its implementations")
        dep = self.child_group(ctx, owners[0])
        dep.conditions.append(ctx.conditions)
        self.enter_entity(ctx, dep, interface, interface, target)
        entity_target = dep.selection.add_fragment(interface)
        dctx = Ctx(dep, ctx.path, None, ctx.avoid, ctx.touched, ctx.conditions)
        self.plan_sub(dctx, interface, SelectionSetNode(selections=tuple(remote)), entity_target)


def _local_fields(
    planner: EntityCalls, ctx: Ctx, interface: str, selections: tuple[SelectionNode, ...]
) -> tuple[list[FieldNode], list[SelectionNode]]:
    local: list[FieldNode] = []
    rest: list[SelectionNode] = []
    for sel in selections:
        if (
            isinstance(sel, FieldNode)
            and sel.name.value != "__typename"
            and planner.resolvable_here(ctx, interface, sel.name.value)
        ):
            local.append(sel)
        else:
            rest.append(sel)
    return local, rest


def alias_reserved(selection_set: SelectionSetNode, reserved: frozenset[str]) -> SelectionSetNode:
    """Internal fields named like a client alias are fetched under `reserved_alias(name)`."""
    if not reserved:
        return selection_set
    selections: list[SelectionNode] = []
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            sub = alias_reserved(sel.selection_set, reserved) if sel.selection_set is not None else None
            alias = sel.alias
            if alias is None and sel.name.value in reserved:
                alias = NameNode(value=reserved_alias(sel.name.value))
            sel = FieldNode(
                alias=alias,
                name=sel.name,
                arguments=sel.arguments,
                directives=sel.directives,
                selection_set=sub,
            )
        elif isinstance(sel, InlineFragmentNode):
            sel = InlineFragmentNode(
                type_condition=sel.type_condition,
                directives=sel.directives,
                selection_set=alias_reserved(sel.selection_set, reserved),
            )
        selections.append(sel)
    return SelectionSetNode(selections=tuple(selections))


def required_arguments(type_name: str, requires: SelectionSetNode | None) -> dict[tuple[str, str], str]:
    """(type, field) -> printed arguments of the required top-level fields that take arguments."""
    if requires is None:
        return {}
    return {
        (type_name, sel.name.value): print_arguments(sel.arguments)
        for sel in requires.selections
        if isinstance(sel, FieldNode) and sel.arguments
    }


def _top_fields(key: Key) -> set[str]:
    return {s.name.value for s in key.selection.selections if isinstance(s, FieldNode)}
