"""Parse and validate a client's operation against the API schema (graphql-core), with
limits on hostile documents, and coerce its variables. Failures raise `RequestError`s
whose errors are in the spec's shape with `extensions.code`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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

DocumentCheck = Callable[[DocumentNode], None]  # raises a RequestError to refuse the document


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
    schema: GraphQLSchema,
    query: str,
    operation_name: str | None,
    max_tokens: int | None = 20000,
    checks: Sequence[DocumentCheck] = (),
) -> PreparedOperation:
    """Parse (at most `max_tokens` tokens), run `checks` on the document before validation
    (whose cost grows with the document), validate, select the operation."""
    try:
        document = parse(query, max_tokens=max_tokens)
    except GraphQLError as error:
        raise ParseFailed(error.message, [_formatted(error, ParseFailed.code)]) from None
    for check in checks:
        check(document)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
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


def coerce_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Mapping[str, Any] | None
) -> dict[str, Any]:
    result = get_variable_values(schema, operation.variable_definitions or (), dict(raw or {}))
    if isinstance(result, list):
        raise BadUserInput(result[0].message, [_formatted(e, BadUserInput.code) for e in result])
    return dict(result.coerced)
