"""Merged subgraph data -> exactly the client's selection, with the spec's null propagation.

Walks the client's operation over the merged tree: response keys in the client's
order, fragments applied by the object's `__typename`, `@skip`/`@include` evaluated,
`__typename` filled in, and a null in a non-null position propagated to the nearest
nullable parent with one error (unless a subgraph already reported one there).
Field collection per (selection sets, runtime type) is computed once per operation
and reused across requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_abstract_type,
    is_leaf_type,
)
from graphql.language import (
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    Visitor,
    visit,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

from .errors import error_dict
from .fastshape import Compiler, Unusual
from .planner.conditions import is_excluded
from .shapegen import ObjectFn, generate

SCALAR_CHECKS = {
    "String": lambda v: isinstance(v, str),
    "ID": lambda v: isinstance(v, str | int) and not isinstance(v, bool),
    "Int": lambda v: isinstance(v, int) and not isinstance(v, bool) and -(2**31) <= v < 2**31,
    "Float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "Boolean": lambda v: isinstance(v, bool),
}
PROPAGATE = object()  # "this position is null because a non-null child was null"
Path = list[str | int]


@dataclass(frozen=True)
class Occurrence:
    node: FieldNode
    guards: tuple[Any, ...]  # directive lists of enclosing fragments and the field itself


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    type: GraphQLOutputType
    occurrences: tuple[Occurrence, ...]


class Shaper:
    """Per-operation; shared by every request that runs the same operation."""

    def __init__(
        self,
        schema: GraphQLSchema,
        operation: OperationDefinitionNode,
        fragments: dict[str, FragmentDefinitionNode],
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.fragments = fragments
        self._entries: dict[tuple[tuple[int, ...], str], tuple[Entry, ...]] = {}
        self._condition_variables = tuple(sorted(condition_variables(operation, fragments)))
        self._compiled: dict[tuple[bool, ...], ObjectFn] = {}

    def shape(
        self,
        data: dict[str, Any],
        variables: dict[str, Any],
        errors: list[dict[str, Any]],
        root_type: GraphQLObjectType,
    ) -> dict[str, Any] | None:
        signature = tuple(bool(variables.get(name)) for name in self._condition_variables)
        function = self._compiled.get(signature)
        if function is None:
            conditions = dict(zip(self._condition_variables, signature, strict=True))
            compiler = Compiler(self, conditions)
            function = generate(compiler.object_fields(root_type, (self.operation.selection_set,)))
            self._compiled[signature] = function
        try:
            return function(data)
        except Unusual:
            pass
        run = _Run(self, variables, errors)
        result = run.complete_object(data, root_type, (self.operation.selection_set,), [])
        return None if result is PROPAGATE else result

    def entries(
        self, selection_sets: tuple[SelectionSetNode, ...], type_: GraphQLObjectType
    ) -> tuple[Entry, ...]:
        cache_key = (tuple(id(s) for s in selection_sets), type_.name)
        found = self._entries.get(cache_key)
        if found is None:
            collected: dict[str, list[Occurrence]] = {}
            for selection_set in selection_sets:
                self._collect(selection_set, type_, (), collected)
            found = tuple(self._entry(key, occ, type_) for key, occ in collected.items())
            self._entries[cache_key] = found
        return found

    def _entry(self, key: str, occurrences: list[Occurrence], type_: GraphQLObjectType) -> Entry:
        name = occurrences[0].node.name.value
        if name == "__typename":
            ftype: GraphQLOutputType = TypeNameMetaFieldDef.type
        elif name == "__schema":
            ftype = SchemaMetaFieldDef.type
        elif name == "__type":
            ftype = TypeMetaFieldDef.type
        else:
            ftype = type_.fields[name].type
        return Entry(key, name, ftype, tuple(occurrences))

    def _collect(
        self,
        selection_set: SelectionSetNode,
        type_: GraphQLObjectType,
        guards: tuple[Any, ...],
        out: dict[str, list[Occurrence]],
    ) -> None:
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                key = sel.alias.value if sel.alias else sel.name.value
                if (
                    sel.name.value not in ("__typename", "__schema", "__type")
                    and sel.name.value not in type_.fields
                ):
                    continue
                out.setdefault(key, []).append(Occurrence(sel, (*guards, sel.directives or ())))
                continue
            if isinstance(sel, InlineFragmentNode):
                condition = sel.type_condition.name.value if sel.type_condition else None
                inner = sel.selection_set
            elif isinstance(sel, FragmentSpreadNode):
                fragment = self.fragments.get(sel.name.value)
                if fragment is None:
                    continue
                condition, inner = fragment.type_condition.name.value, fragment.selection_set
            else:
                continue
            if condition is not None and not self._applies(condition, type_):
                continue
            self._collect(inner, type_, (*guards, sel.directives or ()), out)

    def _applies(self, condition: str, type_: GraphQLObjectType) -> bool:
        if condition == type_.name:
            return True
        ctype = self.schema.get_type(condition)
        return ctype is not None and is_abstract_type(ctype) and self.schema.is_sub_type(ctype, type_)


class _Run:
    def __init__(self, shaper: Shaper, variables: dict[str, Any], errors: list[dict[str, Any]]) -> None:
        self.shaper = shaper
        self.variables = variables
        self.errors = errors
        self.error_paths = {tuple(e["path"]) for e in errors if isinstance(e.get("path"), list)}

    def complete_object(
        self, value: dict[str, Any], type_: GraphQLObjectType, sets: tuple[SelectionSetNode, ...], path: Path
    ) -> Any:
        result: dict[str, Any] = {}
        for entry in self.shaper.entries(sets, type_):
            included = [
                o for o in entry.occurrences if not any(is_excluded(g, self.variables) for g in o.guards)
            ]
            if not included:
                continue
            if entry.name == "__typename":
                result[entry.key] = type_.name
                continue
            if entry.name in ("__schema", "__type"):
                result[entry.key] = value.get(entry.key)
                continue
            subsets = tuple(o.node.selection_set for o in included if o.node.selection_set is not None)
            completed = self.complete(
                entry.type, value.get(entry.key), subsets, [*path, entry.key], type_.name, entry.name
            )
            if completed is PROPAGATE:
                return PROPAGATE
            result[entry.key] = completed
        return result

    def complete(
        self,
        ftype: GraphQLOutputType,
        value: Any,
        sets: tuple[SelectionSetNode, ...],
        path: Path,
        parent: str,
        field: str,
    ) -> Any:
        if isinstance(ftype, GraphQLNonNull):
            completed = self.complete(ftype.of_type, value, sets, path, parent, field)
            if completed is None:
                self.null_error(path, parent, field)
                return PROPAGATE
            return completed
        if value is None:
            return None
        if isinstance(ftype, GraphQLList):
            if not isinstance(value, list):
                return self.invalid(path, f"expected a list for {parent}.{field}")
            items = []
            for i, item in enumerate(value):
                completed = self.complete(ftype.of_type, item, sets, [*path, i], parent, field)
                if completed is PROPAGATE:
                    return None
                items.append(completed)
            return items
        if isinstance(ftype, GraphQLEnumType):
            if isinstance(value, str) and value in ftype.values:
                return value
            return self.invalid(
                path, f'Enum "{ftype.name}" cannot represent value: {orjson.dumps(value).decode()}'
            )
        if is_leaf_type(ftype):
            check = SCALAR_CHECKS.get(getattr(ftype, "name", ""))
            if check is not None and not check(value):
                return self.invalid(path, f"{parent}.{field} got a value that is not a {ftype}")
            return value
        if not isinstance(value, dict):
            return self.invalid(path, f"expected an object for {parent}.{field}")
        runtime = self.runtime_type(ftype, value)
        if runtime is None:
            return None
        completed = self.complete_object(value, runtime, sets, path)
        return None if completed is PROPAGATE else completed

    def runtime_type(self, ftype: Any, value: dict[str, Any]) -> Any:
        """The object type to shape `value` as; an interface still named by an interface object
        is shaped with the interface's own fields."""
        if isinstance(ftype, GraphQLObjectType):
            return ftype
        typename = value.get("__typename")
        if typename == ftype.name:
            return ftype
        runtime = self.shaper.schema.get_type(typename) if isinstance(typename, str) else None
        if isinstance(runtime, GraphQLObjectType) and self.shaper.schema.is_sub_type(ftype, runtime):
            return runtime
        return None

    def null_error(self, path: Path, parent: str, field: str) -> None:
        key = tuple(path)
        if any(key == p[: len(key)] for p in self.error_paths) or any(
            p == key[: len(p)] for p in self.error_paths
        ):
            return
        if any("path" not in e for e in self.errors):
            return
        self.errors.append(
            error_dict(
                f"Cannot return null for non-nullable field {parent}.{field}.",
                "INTERNAL_SERVER_ERROR",
                path=list(path),
            )
        )
        self.error_paths.add(key)

    def invalid(self, path: Path, message: str) -> None:
        self.errors.append(error_dict(message, "SUBGRAPH_INVALID_RESPONSE", path=list(path)))
        self.error_paths.add(tuple(path))
        return None


def condition_variables(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> set[str]:
    """Variables that `@skip`/`@include` read anywhere in the operation."""
    found: set[str] = set()

    class Collect(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: object) -> None:
            if node.name.value in ("skip", "include"):
                for arg in node.arguments or ():
                    if isinstance(arg.value, VariableNode):
                        found.add(arg.value.name.value)

    for node in (operation, *fragments.values()):
        visit(node, Collect())
    return found
