"""The exact shaping walker: tracks paths, checks every value against its type, and writes
the spec's errors (null propagation to the nearest nullable parent, one error per violation
unless a subgraph already reported one there). The compiled path falls back to it."""

from __future__ import annotations

from typing import Any

import orjson
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
)
from graphql.language import SelectionSetNode

from ..errors import error_dict
from ..operation.conditions import is_excluded
from .fields import NULLED
from .selection import SelectionIndex

SCALAR_CHECKS = {
    "String": lambda v: isinstance(v, str),
    "ID": lambda v: isinstance(v, str | int) and not isinstance(v, bool),
    "Int": lambda v: isinstance(v, int) and not isinstance(v, bool) and -(2**31) <= v < 2**31,
    "Float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "Boolean": lambda v: isinstance(v, bool),
}
PROPAGATE = object()  # "this position is null because a non-null child was null"
Path = list[str | int]


class ExactWalk:
    def __init__(
        self, index: SelectionIndex, variables: dict[str, Any], errors: list[dict[str, Any]]
    ) -> None:
        self.index = index
        self.variables = variables
        self.errors = errors
        self.error_paths = {tuple(e["path"]) for e in errors if isinstance(e.get("path"), list)}

    def complete_object(
        self, value: dict[str, Any], type_: GraphQLObjectType, sets: tuple[SelectionSetNode, ...], path: Path
    ) -> Any:
        result: dict[str, Any] = {}
        nulled = NULLED in value  # a subgraph nulled this entity and said why
        for entry in self.index.entries(sets, type_):
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
            if nulled and entry.key not in value and isinstance(entry.type, GraphQLNonNull):
                return PROPAGATE  # collateral: the subgraph's error explains this null
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
        runtime = self.index.schema.get_type(typename) if isinstance(typename, str) else None
        if isinstance(runtime, GraphQLObjectType) and self.index.schema.is_sub_type(ftype, runtime):
            return runtime
        return None

    def null_error(self, path: Path, parent: str, field: str) -> None:
        key = tuple(path)
        if any(_overlaps(key, p) for p in self.error_paths):
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


def _overlaps(key: tuple[Any, ...], reported: tuple[Any, ...]) -> bool:
    """One path is a prefix of the other; `"@"` in a reported path stands for every list index
    (an error about a position in every element, as authorization reports them)."""
    return all(r == k or (r == "@" and isinstance(k, int)) for k, r in zip(key, reported, strict=False))
