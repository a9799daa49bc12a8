"""Client operations for `govgraph check --operations`: what each one uses of the schema.

An operation's usage is the set of schema coordinates it reaches: `Type.field` for every field
it selects, `Type.field(arg:)` for every argument it passes, and every named type it touches
(selected, spread on, passed as a variable or argument, and the input types inside those).
A `Change` touches an operation when its `touches` meets that set.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLNamedType,
    GraphQLSchema,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    parse,
    type_from_ast,
    validate,
    visit,
)
from graphql.language import ArgumentNode, FieldNode, InlineFragmentNode, VariableDefinitionNode


@dataclass(frozen=True)
class Operation:
    name: str  # the operation's name, or "<file>#<n>" for an anonymous one
    source: str  # the file it came from
    document: DocumentNode  # the operation and the fragments it spreads


class OperationsError(Exception):
    """An operations file that cannot be read or parsed."""


def load_operations(paths: Iterable[Path]) -> list[Operation]:
    """Operations from `.graphql` files (any number per file) or `.json` files (`{"query": ...}`,
    or a list of those)."""
    operations: list[Operation] = []
    for path in paths:
        for text in _documents(path):
            try:
                document = parse(text)
            except GraphQLError as error:
                raise OperationsError(f"{path}: {error.message}") from error
            operations.extend(split_operations(document, str(path)))
    return operations


def _documents(path: Path) -> list[str]:
    try:
        text = path.read_text()
    except OSError as error:
        raise OperationsError(f"cannot read {path}: {error.strerror}") from error
    if path.suffix != ".json":
        return [text]
    try:
        payload: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise OperationsError(f"{path}: not JSON ({error.msg})") from error
    bodies = payload if isinstance(payload, list) else [payload]
    queries = [b.get("query") for b in bodies if isinstance(b, dict)]
    if not queries or not all(isinstance(q, str) for q in queries):
        raise OperationsError(f'{path}: expected {{"query": "..."}} or a list of those')
    return [str(q) for q in queries]


def split_operations(document: DocumentNode, source: str) -> list[Operation]:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    found = []
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    for index, operation in enumerate(operations, 1):
        name = operation.name.value if operation.name else f"{Path(source).name}#{index}"
        spread = _spread_fragments(operation, fragments)
        own = DocumentNode(definitions=(operation, *(fragments[n] for n in sorted(spread))))
        found.append(Operation(name, source, own))
    return found


def _spread_fragments(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> set[str]:
    names: set[str] = set()
    todo: list[Any] = [operation]
    while todo:
        node = todo.pop()
        for child in _children(node):
            if isinstance(child, FragmentSpreadNode):
                name = child.name.value
                if name not in names and name in fragments:
                    names.add(name)
                    todo.append(fragments[name])
            else:
                todo.append(child)
    return names


def _children(node: Any) -> list[Any]:
    selection_set = getattr(node, "selection_set", None)
    return list(selection_set.selections) if selection_set is not None else []


def validation_errors(schema: GraphQLSchema, operation: Operation) -> list[str]:
    return [error.message for error in validate(schema, operation.document)]


def usage(schema: GraphQLSchema, operation: Operation) -> frozenset[str]:
    """The schema coordinates `operation` uses, resolved against `schema` (the current one)."""
    collector = _Usage(schema)
    visit(operation.document, TypeInfoVisitor(collector.type_info, collector))
    return frozenset(collector.used)


class _Usage(Visitor):
    def __init__(self, schema: GraphQLSchema) -> None:
        super().__init__()
        self.schema = schema
        self.type_info = TypeInfo(schema)
        self.used: set[str] = set()
        self.field_name = ""  # arguments are visited right after their field, before its children

    def add_type(self, named: GraphQLNamedType | None) -> None:
        """A type and, for input objects, every type inside it."""
        todo = [named]
        while todo:
            current = todo.pop()
            if current is None or current.name in self.used:
                continue
            self.used.add(current.name)
            if isinstance(current, GraphQLInputObjectType):
                todo.extend(get_named_type(f.type) for f in current.fields.values())

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.type_info.get_parent_type()
        definition = self.type_info.get_field_def()
        self.field_name = node.name.value
        if parent is None or definition is None:
            return
        self.used.add(f"{parent.name}.{node.name.value}")
        self.add_type(parent)
        self.add_type(get_named_type(definition.type))

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        parent = self.type_info.get_parent_type()
        definition = self.type_info.get_field_def()
        argument = self.type_info.get_argument()
        if parent is None or definition is None or argument is None:
            return  # a directive's argument
        self.used.add(f"{parent.name}.{self.field_name}({node.name.value}:)")
        self.add_type(get_named_type(argument.type))

    def enter_variable_definition(self, node: VariableDefinitionNode, *_: Any) -> None:
        self.add_type(get_named_type(type_from_ast(self.schema, node.type)))

    def enter_inline_fragment(self, node: InlineFragmentNode, *_: Any) -> None:
        if node.type_condition is not None:
            self.add_type(self.schema.get_type(node.type_condition.name.value))

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_: Any) -> None:
        self.add_type(self.schema.get_type(node.type_condition.name.value))
