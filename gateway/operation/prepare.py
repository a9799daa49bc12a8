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

from ..errors import BadUserInput, OperationNotFound, ParseFailed, ValidationFailed, error_dict


@dataclass(frozen=True)
class Limits:
    max_depth: int = 100
    max_aliases: int = 1000
    max_tokens: int = 20000
    max_fields: int = 20000


@dataclass(frozen=True)
class PreparedOperation:
    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    kind: str  # query | mutation | subscription
    introspection_keys: tuple[str, ...]  # root response keys answered by introspection


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
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    for definition in document.definitions:  # before validation, whose cost grows with the document
        if isinstance(definition, OperationDefinitionNode):
            check_limits(definition, fragments, limits)
    errors = validate(schema, document)
    if errors:
        raise ValidationFailed(errors[0].message, [_formatted(e, ValidationFailed.code) for e in errors])
    operation = select_operation(document, operation_name)
    roots = _root_fields(operation.selection_set, fragments)
    keys = tuple(
        (f.alias.value if f.alias else f.name.value) for f in roots if f.name.value in ("__schema", "__type")
    )
    return PreparedOperation(document, operation, fragments, operation.operation.value, keys)


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
    depth, aliases, fields = _measure(operation.selection_set, fragments, {}, set())
    if limits.max_depth and depth > limits.max_depth:
        raise ValidationFailed(f"The operation is {depth} levels deep; the limit is {limits.max_depth}.")
    if limits.max_aliases and aliases > limits.max_aliases:
        raise ValidationFailed(f"The operation uses {aliases} aliases; the limit is {limits.max_aliases}.")
    if limits.max_fields and fields > limits.max_fields:
        raise ValidationFailed(
            f"The operation selects {fields} fields once its fragments are spread; the limit is "
            f"{limits.max_fields}."
        )


Measure = tuple[int, int, int]  # depth, aliases, fields (with fragments spread where used)


def _measure(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    memo: dict[str, Measure],
    stack: set[str],
) -> Measure:
    """Each fragment is measured once however often it is spread (no blow-up on fragment
    bombs); a cycle (invalid, rejected later by validation) adds nothing."""
    depth = aliases = fields = 0
    for sel in selection_set.selections:
        inner: Measure = (0, 0, 0)
        if isinstance(sel, FieldNode):
            fields += 1
            aliases += 1 if sel.alias else 0
            if sel.selection_set is not None:
                inner = _measure(sel.selection_set, fragments, memo, stack)
            depth = max(depth, inner[0] + 1)
        elif isinstance(sel, InlineFragmentNode):
            inner = _measure(sel.selection_set, fragments, memo, stack)
            depth = max(depth, inner[0])
        elif isinstance(sel, FragmentSpreadNode):
            name = sel.name.value
            if name in stack or name not in fragments:
                continue
            if name not in memo:
                stack.add(name)
                memo[name] = _measure(fragments[name].selection_set, fragments, memo, stack)
                stack.discard(name)
            inner = memo[name]
            depth = max(depth, inner[0])
        aliases += inner[1]
        fields += inner[2]
    return depth, aliases, fields


def coerce_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Mapping[str, Any] | None
) -> dict[str, Any]:
    result = get_variable_values(schema, operation.variable_definitions or (), dict(raw or {}))
    if isinstance(result, list):
        raise BadUserInput(result[0].message, [_formatted(e, BadUserInput.code) for e in result])
    return dict(result.coerced)
