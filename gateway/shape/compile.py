"""The fast path of response shaping: the client's selection compiled once per operation
(and per values of the variables its `@skip`/`@include` use) into flat field lists, and
those into generated functions (`codegen`) that run with no path bookkeeping.

Anything unusual — a null in a non-null position, a value of the wrong type, an unknown
`__typename` — abandons the fast walk (`Unusual`), and `Shaper` redoes the
response with the exact, path-tracking walker that also writes the errors.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.language import SelectionSetNode

from ..operation.conditions import is_excluded
from .codegen import generate
from .fields import (
    ABSTRACT,
    ANY,
    CHECKED,
    CHECKS,
    ENUM,
    INTROSPECTION,
    OBJECT,
    TYPENAME,
    FieldShape,
    ObjectFn,
    Unusual,
)
from .selection import Entry, SelectionIndex


class Position:
    """A composite position: the object shapes for each runtime type, compiled on first use."""

    __slots__ = ("by_type", "compiler", "sets", "static")

    def __init__(self, compiler: Compiler, static: Any, sets: tuple[SelectionSetNode, ...]) -> None:
        self.compiler = compiler
        self.static = static
        self.sets = sets
        self.by_type: dict[str, ObjectFn] = {}

    def function_for(self, typename: Any) -> ObjectFn:
        try:
            found = self.by_type.get(typename)
        except TypeError:  # an unhashable `__typename` (a list, an object) names no type
            raise Unusual from None
        if found is None:
            runtime = self.compiler.runtime_type(self.static, typename)
            if runtime is None:
                raise Unusual
            found = self.by_type[typename] = generate(self.compiler.object_fields(runtime, self.sets))
        return found


class Compiler:
    """Compiles one operation for one assignment of its condition variables."""

    def __init__(self, index: SelectionIndex, variables: dict[str, Any]) -> None:
        self.index = index
        self.schema: GraphQLSchema = index.schema
        self.variables = variables

    def runtime_type(self, static: Any, typename: Any) -> Any:
        if isinstance(static, GraphQLObjectType):
            return static
        if typename == static.name:
            return static
        runtime = self.schema.get_type(typename) if isinstance(typename, str) else None
        if isinstance(runtime, GraphQLObjectType) and self.schema.is_sub_type(static, runtime):
            return runtime
        return None

    def object_fields(self, type_: Any, sets: tuple[SelectionSetNode, ...]) -> list[FieldShape]:
        fields = []
        for entry in self.index.entries(sets, type_):
            included = [
                o for o in entry.occurrences if not any(is_excluded(g, self.variables) for g in o.guards)
            ]
            if included:
                subsets = tuple(o.node.selection_set for o in included if o.node.selection_set is not None)
                fields.append(self.field(entry, type_, subsets))
        return fields

    def field(self, entry: Entry, parent: Any, subsets: tuple[SelectionSetNode, ...]) -> FieldShape:
        if entry.name == "__typename":
            shape = FieldShape(entry.key, TYPENAME)
            shape.typename = parent.name
            return shape
        if entry.name in ("__schema", "__type"):
            return FieldShape(entry.key, INTROSPECTION)
        ftype: GraphQLOutputType = entry.type
        shape = FieldShape(entry.key, ANY)
        shape.nonnull = isinstance(ftype, GraphQLNonNull)
        ftype = ftype.of_type if isinstance(ftype, GraphQLNonNull) else ftype
        items: list[bool] = []
        while isinstance(ftype, GraphQLList):
            inner = ftype.of_type
            items.append(isinstance(inner, GraphQLNonNull))
            ftype = inner.of_type if isinstance(inner, GraphQLNonNull) else inner
        shape.depth, shape.items_nonnull = len(items), tuple(items)
        if isinstance(ftype, GraphQLEnumType):
            shape.kind, shape.enum = ENUM, frozenset(ftype.values)
        elif is_leaf_type(ftype):
            check = CHECKS.get(ftype.name)
            if check is not None:
                shape.kind, shape.check, shape.wide_int = CHECKED, check, ftype.name == "Int"
        else:
            shape.kind = OBJECT if isinstance(ftype, GraphQLObjectType) else ABSTRACT
            shape.position = Position(self, ftype, subsets)
        return shape
