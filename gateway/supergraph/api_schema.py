"""The API schema: the supergraph minus federation machinery and `@inaccessible` elements.

Clients validate against it and introspect it; the planner uses the full supergraph.
"""

from __future__ import annotations

from typing import Any

from graphql import DocumentNode, GraphQLSchema, build_ast_schema
from graphql.language import (
    DirectiveDefinitionNode,
    EnumTypeDefinitionNode,
    InputObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    Node,
    ObjectTypeDefinitionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    TypeDefinitionNode,
    UnionTypeDefinitionNode,
)


def replace(node: Node, **changes: Any) -> Node:
    """A copy of an AST node with some attributes changed."""
    values = {key: getattr(node, key) for key in node.keys}
    values.update(changes)
    return node.__class__(**values)


class _Filter:
    def __init__(self, inaccessible: str | None, prefixes: set[str], directives: set[str]) -> None:
        self.inaccessible = inaccessible
        self.prefixes = prefixes
        self.directives = directives
        self.hidden_types: set[str] = set()

    def is_hidden(self, node: Any) -> bool:
        return self.inaccessible is not None and any(
            d.name.value == self.inaccessible for d in node.directives or ()
        )

    def is_spec_name(self, name: str) -> bool:
        return name in self.directives or any(name.startswith(p) for p in self.prefixes)

    def keep_directives(self, node: Any) -> tuple[Any, ...]:
        return tuple(d for d in node.directives or () if not self.is_spec_name(d.name.value))

    def named(self, type_node: Any) -> str:
        while hasattr(type_node, "type"):
            type_node = type_node.type
        return str(type_node.name.value)

    def visible(self, nodes: Any) -> tuple[Any, ...]:
        kept = []
        for node in nodes or ():
            if self.is_hidden(node):
                continue
            if hasattr(node, "type") and self.named(node.type) in self.hidden_types:
                continue
            changes: dict[str, Any] = {"directives": self.keep_directives(node)}
            if getattr(node, "arguments", None):
                changes["arguments"] = self.visible(node.arguments)
            kept.append(replace(node, **changes))
        return tuple(kept)

    def type_definition(self, node: TypeDefinitionNode) -> Node:
        changes: dict[str, Any] = {"directives": self.keep_directives(node)}
        if isinstance(node, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
            changes["fields"] = self.visible(node.fields)
            changes["interfaces"] = tuple(
                i for i in node.interfaces or () if i.name.value not in self.hidden_types
            )
        elif isinstance(node, InputObjectTypeDefinitionNode):
            changes["fields"] = self.visible(node.fields)
        elif isinstance(node, EnumTypeDefinitionNode):
            changes["values"] = self.visible(node.values)
        elif isinstance(node, UnionTypeDefinitionNode):
            changes["types"] = tuple(t for t in node.types or () if t.name.value not in self.hidden_types)
        return replace(node, **changes)


def build_api_schema(
    document: DocumentNode, inaccessible: str | None, prefixes: set[str], directives: set[str]
) -> GraphQLSchema:
    flt = _Filter(inaccessible, prefixes, directives)
    flt.hidden_types = {
        d.name.value
        for d in document.definitions
        if isinstance(d, TypeDefinitionNode) and (flt.is_hidden(d) or flt.is_spec_name(d.name.value))
    }
    definitions: list[Any] = []
    for definition in document.definitions:
        if isinstance(definition, SchemaExtensionNode):
            continue
        if isinstance(definition, SchemaDefinitionNode):
            definitions.append(replace(definition, directives=()))
        elif isinstance(definition, DirectiveDefinitionNode):
            if not flt.is_spec_name(definition.name.value):
                definitions.append(definition)
        elif isinstance(definition, TypeDefinitionNode):
            if definition.name.value not in flt.hidden_types:
                definitions.append(flt.type_definition(definition))
        else:
            definitions.append(definition)
    return build_ast_schema(DocumentNode(definitions=tuple(definitions)), assume_valid_sdl=True)
