"""`myDataAccess`: a citizen asks who read their data. The gateway answers it from the audit
log, for the caller only, without any subgraph.

The field is in the API schema (the plugin's `schema_extension`, merged by the engine), so it
validates and introspects like any other; an operation whose root selects only `myDataAccess`
(and `__typename`) is answered in `on_request` by graphql-core over a small local schema of
just these types; mixing it with subgraph fields is refused in `on_document`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    build_schema,
    execute,
    parse,
    validate,
)

from ...cache import BoundedCache
from ...errors import (
    BAD_USER_INPUT,
    FORBIDDEN,
    UNAUTHENTICATED,
    VALIDATION_FAILED,
    RequestError,
    ValidationFailed,
    error_dict,
)
from ...messages import GraphQLResult, Principal
from ...operation import select_operation
from .records import Record

FIELD = "myDataAccess"
TYPES = """
"One reading of the caller's personal data, from the gateway's audit log."
type DataAccess {
  "When (ISO 8601, UTC)."
  at: String!
  "Who read it: the reader's subject."
  reader: String
  "citizen, official or service."
  readerKind: String!
  "The client application used."
  client: String
  "The purpose stated with the request (`x-purpose`)."
  purpose: String
  "The schema coordinates read (`Type.field`)."
  fields: [String!]!
  operationName: String
  requestId: String!
}
"""
SCHEMA_EXTENSION = (
    TYPES
    + f"""
extend type Query {{
  "Who read my personal data, newest first (citizens only)."
  {FIELD}(limit: Int = 100): [DataAccess!]!
}}
"""
)
LOCAL_SCHEMA = build_schema(TYPES + f"type Query {{ {FIELD}(limit: Int = 100): [DataAccess!]! }}")
MAX_RECORDS = 1000  # the most a citizen gets in one answer


def root_fields(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    seen: frozenset[str] = frozenset(),
) -> set[str]:
    """The root field names an operation selects, through fragments."""
    names: set[str] = set()
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            names |= root_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                names |= root_fields(fragments[name].selection_set, fragments, seen | {name})
    return names


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def refuse_mixing(document: DocumentNode) -> None:
    """`myDataAccess` is answered by the gateway alone: not together with subgraph fields."""
    fragments = _fragments(document)
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and definition.operation.value == "query":
            names = root_fields(definition.selection_set, fragments) - {"__typename"}
            if FIELD in names and len(names) > 1:
                raise ValidationFailed(
                    f"`{FIELD}` cannot be selected together with other fields; ask it alone."
                )


class AccessQueries:
    """Recognises operations that select only `myDataAccess` (cached per query text)."""

    def __init__(self) -> None:
        self._recognised = BoundedCache[tuple[str, str | None], DocumentNode | bool]("my-data-access", 200)

    def document(self, query: str, operation_name: str | None) -> DocumentNode | None:
        """The document narrowed to the selected operation, when it asks only `myDataAccess`."""
        if FIELD not in query:
            return None
        key = (query, operation_name)
        found = self._recognised.get(key)
        if found is None:
            found = _narrowed(query, operation_name) or False
            self._recognised.put(key, found)
        return found if isinstance(found, DocumentNode) else None


def _narrowed(query: str, operation_name: str | None) -> DocumentNode | None:
    try:
        document = parse(query)
        operation = select_operation(document, operation_name)
    except (GraphQLError, RequestError):
        return None  # the gateway's own parsing reports it
    fragments = _fragments(document)
    names = root_fields(operation.selection_set, fragments) - {"__typename"}
    if operation.operation.value != "query" or names != {FIELD}:
        return None
    return DocumentNode(definitions=(operation, *fragments.values()))


def invalid(document: DocumentNode) -> GraphQLResult | None:
    """The validation errors of a narrowed document, as a request error."""
    errors = validate(LOCAL_SCHEMA, document)
    if not errors:
        return None
    return GraphQLResult(errors=[_error(e, VALIDATION_FAILED) for e in errors], executed=False, status=400)


def answer(document: DocumentNode, variables: Any, records: Sequence[Record]) -> GraphQLResult:
    """Execute the narrowed document over the caller's records (newest first)."""
    invalid = validate(LOCAL_SCHEMA, document)
    if invalid:
        return GraphQLResult(
            errors=[_error(e, VALIDATION_FAILED) for e in invalid], executed=False, status=400
        )
    rows = [_access(r) for r in records]

    def resolve(_info: Any, limit: int = 100) -> list[dict[str, Any]]:
        return rows[: max(0, limit)]

    done = execute(LOCAL_SCHEMA, document, root_value={FIELD: resolve}, variable_values=dict(variables or {}))
    assert isinstance(done, ExecutionResult)  # the resolvers are synchronous
    if done.errors:
        return GraphQLResult(
            errors=[_error(e, BAD_USER_INPUT) for e in done.errors], executed=False, status=400
        )
    return GraphQLResult(data=done.data)


def refused(principal: Principal) -> GraphQLResult:
    """Anyone but a signed-in citizen: UNAUTHENTICATED (anonymous) or FORBIDDEN."""
    if principal.anonymous:
        message, code, status = f"`{FIELD}` needs a signed-in citizen.", UNAUTHENTICATED, 401
    else:
        message = f"`{FIELD}` tells citizens about their own data; the caller is a {principal.kind}."
        code, status = FORBIDDEN, 403
    return GraphQLResult(data=None, errors=[error_dict(message, code, path=[FIELD])], status=status)


def _error(error: GraphQLError, code: str) -> dict[str, Any]:
    formatted = error.formatted
    return {**formatted, "extensions": {"code": code}}


def _access(record: Record) -> dict[str, Any]:
    d = record.disclosure
    return {
        "at": d.at,
        "reader": d.reader,
        "readerKind": d.reader_kind,
        "client": d.client_id,
        "purpose": d.purpose,
        "fields": list(d.fields),
        "operationName": d.operation_name,
        "requestId": d.request_id,
    }
