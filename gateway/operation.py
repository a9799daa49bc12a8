"""Parse and validate a client's operation against the API schema (graphql-core), with
limits on hostile documents, and coerce its variables. Failures raise `RequestError`s
whose errors are in the spec's shape with `extensions.code`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError, GraphQLSchema, parse, validate
from graphql.execution.values import get_variable_values
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from .errors import BadUserInput, OperationNotFound, ParseFailed, ValidationFailed, error_dict


@dataclass(frozen=True)
class Limits:
    max_depth: int = 100
    max_aliases: int = 1000
    max_tokens: int = 20000


@dataclass(frozen=True)
class PreparedOperation:
    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    kind: str  # query | mutation | subscription
    introspection_keys: tuple[str, ...]  # root response keys answered by introspection
    only_introspection: bool


def _formatted(error: GraphQLError, code: str) -> dict[str, Any]:
    locations = [{"line": loc.line, "column": loc.column} for loc in error.locations or ()]
    return error_dict(error.message, code, locations=locations or None)


def prepare(
    schema: GraphQLSchema, query: str, operation_name: str | None, limits: Limits
) -> PreparedOperation:
    try:
        document = parse(query, max_tokens=limits.max_tokens)
    except GraphQLError as error:
        raise ParseFailed(error.message, [_formatted(error, ParseFailed.code)]) from None
    errors = validate(schema, document)
    if errors:
        raise ValidationFailed(errors[0].message, [_formatted(e, ValidationFailed.code) for e in errors])
    operation = select_operation(document, operation_name)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    check_limits(operation, fragments, limits)
    roots = _root_fields(operation.selection_set, fragments)
    keys = tuple(
        (f.alias.value if f.alias else f.name.value) for f in roots if f.name.value in ("__schema", "__type")
    )
    only = all(f.name.value in ("__schema", "__type", "__typename") for f in roots)
    return PreparedOperation(document, operation, fragments, operation.operation.value, keys, only)


def select_operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name:
        for operation in operations:
            if operation.name is not None and operation.name.value == name:
                return operation
        raise OperationNotFound(f'Unknown operation named "{name}".')
    if len(operations) != 1:
        raise OperationNotFound("Must provide operation name if query contains multiple operations.")
    return operations[0]


def _root_fields(
    selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode]
) -> list[FieldNode]:
    found: list[FieldNode] = []
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            found.append(sel)
        elif isinstance(sel, InlineFragmentNode):
            found.extend(_root_fields(sel.selection_set, fragments))
        elif isinstance(sel, FragmentSpreadNode) and sel.name.value in fragments:
            found.extend(_root_fields(fragments[sel.name.value].selection_set, fragments))
    return found


def check_limits(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode], limits: Limits
) -> None:
    depth, aliases = _measure(operation.selection_set, fragments, 1, set())
    if limits.max_depth and depth > limits.max_depth:
        raise ValidationFailed(f"The operation is {depth} levels deep; the limit is {limits.max_depth}.")
    if limits.max_aliases and aliases > limits.max_aliases:
        raise ValidationFailed(f"The operation uses {aliases} aliases; the limit is {limits.max_aliases}.")


def _measure(
    selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], level: int, seen: set[str]
) -> tuple[int, int]:
    depth, aliases = level, 0
    for sel in selection_set.selections:
        inner: SelectionSetNode | None = None
        next_level = level
        if isinstance(sel, FieldNode):
            aliases += 1 if sel.alias else 0
            inner, next_level = sel.selection_set, level + 1
        elif isinstance(sel, InlineFragmentNode):
            inner = sel.selection_set
        elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
            fragment = fragments.get(sel.name.value)
            inner = fragment.selection_set if fragment else None
            seen = seen | {sel.name.value}
        if inner is not None:
            d, a = _measure(inner, fragments, next_level, seen)
            depth, aliases = max(depth, d), aliases + a
    return depth, aliases


def coerce_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Mapping[str, Any] | None
) -> dict[str, Any]:
    result = get_variable_values(schema, operation.variable_definitions or (), dict(raw or {}))
    if isinstance(result, list):
        raise BadUserInput(result[0].message, [_formatted(e, BadUserInput.code) for e in result])
    return dict(result.coerced)
