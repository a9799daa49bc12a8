"""The static cost of an operation, as Apollo's demand control (the IBM cost spec) counts it.

A field costs its `@cost` weight if it has one, else its type's `@cost` weight, else 1 when
it returns an object, interface or union and 0 when it returns a scalar or enum (introspection
costs nothing); the `@cost` weights of the arguments it is given are added. A list multiplies
its item's cost (its own plus its selections') by its size: the largest value given to one of
its `@listSize(slicingArguments:)`, else its `@listSize(assumedSize:)`, else the configured
default. `@listSize(sizedFields:)` sizes those fields of the returned object instead. A
mutation adds 10. Fragments count where they are spread (type conditions are not pruned: an
upper bound).

The structure is compiled once per operation into a `CostFormula`; `cost(variables)` then
evaluates it per request, slicing arguments given as variables included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_composite_type,
)
from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)

from ...supergraph import FieldMeta, Supergraph
from ...supergraph.demand import ListSize

MUTATION_COST = 10


@dataclass(frozen=True, slots=True)
class Slice:
    """One slicing argument as the operation gives it: a literal or a variable."""

    literal: int | None = None
    variable: str | None = None

    def value(self, variables: Mapping[str, Any]) -> int | None:
        found = self.literal if self.variable is None else variables.get(self.variable)
        return max(found, 0) if isinstance(found, int) and not isinstance(found, bool) else None


@dataclass(frozen=True, slots=True)
class Size:
    """How many items a list is counted as."""

    slices: tuple[Slice, ...] = ()
    assumed: int = 1

    def value(self, variables: Mapping[str, Any]) -> int:
        given = [v for v in (s.value(variables) for s in self.slices) if v is not None]
        return max(given) if given else self.assumed


@dataclass(frozen=True, slots=True)
class CostNode:
    """One selected field: `arguments + size * (own + children)`."""

    own: int
    arguments: int = 0
    size: Size | None = None
    children: tuple[CostNode, ...] = ()

    def cost(self, variables: Mapping[str, Any]) -> int:
        inner = self.own + sum(child.cost(variables) for child in self.children)
        return self.arguments + (self.size.value(variables) if self.size else 1) * inner


@dataclass(frozen=True, slots=True)
class CostFormula:
    base: int
    fields: tuple[CostNode, ...]

    def cost(self, variables: Mapping[str, Any]) -> int:
        return self.base + sum(node.cost(variables) for node in self.fields)


def compile_cost(
    supergraph: Supergraph,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    list_size_default: int,
) -> CostFormula:
    schema = supergraph.api_schema
    root = schema.get_root_type(operation.operation)
    if root is None:
        return CostFormula(0, ())
    compiler = _Compiler(supergraph, schema, fragments, list_size_default)
    base = MUTATION_COST if operation.operation.value == "mutation" else 0
    return CostFormula(base, tuple(compiler.selections(root.name, operation.selection_set, {})))


class _Compiler:
    def __init__(
        self,
        supergraph: Supergraph,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        default: int,
    ) -> None:
        self.types = supergraph.types
        self.schema = schema
        self.fragments = fragments
        self.default = default

    def selections(
        self, parent: str, selection_set: SelectionSetNode, sized: dict[str, Size]
    ) -> list[CostNode]:
        """`sized`: fields of `parent` a `@listSize(sizedFields:)` above sizes."""
        found: list[CostNode] = []
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                node = self.field(parent, sel, sized)
                if node is not None:
                    found.append(node)
            elif isinstance(sel, InlineFragmentNode):
                inner = sel.type_condition.name.value if sel.type_condition else parent
                found.extend(self.selections(inner, sel.selection_set, sized))
            elif isinstance(sel, FragmentSpreadNode) and sel.name.value in self.fragments:
                fragment = self.fragments[sel.name.value]
                found.extend(
                    self.selections(fragment.type_condition.name.value, fragment.selection_set, sized)
                )
        return found

    def field(self, parent: str, node: FieldNode, sized: dict[str, Size]) -> CostNode | None:
        name = node.name.value
        parent_type = self.schema.get_type(parent)
        if name.startswith("__") or not isinstance(parent_type, GraphQLObjectType | GraphQLInterfaceType):
            return None
        definition = parent_type.fields.get(name)
        if definition is None:
            return None
        meta = self._meta(parent, name)
        is_list, named = _unwrap(definition.type)
        own = self._weight(meta, named.name, is_composite_type(named))
        arguments = (
            sum((meta.argument_costs.get(a.name.value, 0) for a in node.arguments or ()), 0) if meta else 0
        )
        size = sized.get(name)
        inner_sized: dict[str, Size] = {}
        list_size = meta.list_size if meta else None
        if list_size is not None and list_size.sized_fields:
            sizing = self._size(node, list_size)
            inner_sized = {f: sizing for f in list_size.sized_fields}
        elif size is None and is_list:
            size = self._size(node, list_size)
        children: tuple[CostNode, ...] = ()
        if node.selection_set is not None:
            children = tuple(self.selections(named.name, node.selection_set, inner_sized))
        return CostNode(own, arguments, size, children)

    def _meta(self, parent: str, name: str) -> FieldMeta | None:
        tmeta = self.types.get(parent)
        return tmeta.fields.get(name) if tmeta is not None else None

    def _weight(self, meta: FieldMeta | None, type_name: str, composite: bool) -> int:
        if meta is not None and meta.cost is not None:
            return meta.cost
        tmeta = self.types.get(type_name)
        if tmeta is not None and tmeta.cost is not None:
            return tmeta.cost
        return 1 if composite else 0

    def _size(self, node: FieldNode, list_size: ListSize | None) -> Size:
        slicing = list_size.slicing_arguments if list_size else ()
        slices = []
        for arg in node.arguments or ():
            if arg.name.value not in slicing:
                continue
            if isinstance(arg.value, VariableNode):
                slices.append(Slice(variable=arg.value.name.value))
            elif isinstance(arg.value, IntValueNode):
                slices.append(Slice(literal=int(arg.value.value)))
        assumed = list_size.assumed_size if list_size else None
        return Size(tuple(slices), assumed if assumed is not None else self.default)


def _unwrap(type_: GraphQLOutputType) -> tuple[bool, Any]:
    is_list = False
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        is_list = is_list or isinstance(type_, GraphQLList)
        type_ = type_.of_type
    return is_list, type_
