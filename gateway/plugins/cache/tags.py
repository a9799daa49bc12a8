"""Which entities a result holds, as invalidation tags `Type:field=value`: every field of type
`ID` the client selected, on the object type holding it (its `__typename` when abstract).
With the tags of the representations its entity fetches sent, this is what a response entry is
listed under, and what a mutation's result invalidates."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)

from .entities import tag


def result_tags(
    schema: GraphQLSchema,
    root: GraphQLObjectType,
    data: Any,
    selection: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
) -> set[str]:
    found: set[str] = set()
    _walk(schema, root, data, selection, fragments, found)
    return found


def _fields(
    selection: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> Iterator[FieldNode]:
    for node in selection.selections:
        if isinstance(node, FieldNode):
            yield node
        elif isinstance(node, InlineFragmentNode):
            yield from _fields(node.selection_set, fragments)
        elif isinstance(node, FragmentSpreadNode) and node.name.value in fragments:
            yield from _fields(fragments[node.name.value].selection_set, fragments)


def _walk(
    schema: GraphQLSchema,
    parent: GraphQLNamedType,
    value: Any,
    selection: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    found: set[str],
) -> None:
    if isinstance(value, list):
        for item in value:
            _walk(schema, parent, item, selection, fragments, found)
        return
    if not isinstance(value, dict):
        return
    typename = value.get("__typename")
    concrete = schema.get_type(typename) if isinstance(typename, str) else parent
    fields = getattr(concrete or parent, "fields", None)
    if not fields:
        return
    assert concrete is not None
    for node in _fields(selection, fragments):
        key = node.alias.value if node.alias else node.name.value
        definition = fields.get(node.name.value)
        if definition is None or key not in value:
            continue
        named = get_named_type(definition.type)
        if node.selection_set is not None:
            _walk(schema, named, value[key], node.selection_set, fragments, found)
        elif named.name == "ID" and isinstance(value[key], str | int):
            found.add(tag(concrete.name, node.name.value, value[key]))
