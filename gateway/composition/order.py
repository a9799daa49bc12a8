"""The order a subgraph's types and fields are first met in, as the reference meets them.

The reference composition records a type (or field) when it is first *touched*: by
its definition, by a field referencing an enum, by an object implementing an
interface, or by a `@requires`/`@provides` field set naming it. The supergraph lists
definitions and fields in that order, so following it keeps our output byte-equal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql.language import (
    DocumentNode,
    FieldDefinitionNode,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
)

from .fieldset import parse_field_set, walk
from .model import ParsedSubgraph


def _named(type_node: Any) -> str:
    while hasattr(type_node, "type"):
        type_node = type_node.type
    return str(type_node.name.value)


class TouchOrder:
    def __init__(self, document: DocumentNode, rename: Callable[[str], str], kinds: dict[str, str]) -> None:
        self.rename = rename
        self.kinds = kinds
        self.types: list[str] = []
        self.fields: dict[str, list[str]] = {}
        self.field_types: dict[tuple[str, str], str] = {}
        nodes = [d for d in document.definitions if isinstance(d, TypeDefinitionNode | TypeExtensionNode)]
        for node in nodes:
            for field in getattr(node, "fields", None) or ():
                self.field_types[(rename(node.name.value), field.name.value)] = _named(field.type)

    def touch_type(self, name: str) -> None:
        if name in self.kinds and name not in self.types:
            self.types.append(name)

    def touch_field(self, parent: str, name: str) -> None:
        self.touch_type(parent)
        found = self.fields.setdefault(parent, [])
        if name not in found:
            found.append(name)

    def visit(self, node: Any, field_sets: Callable[[Any], list[tuple[str, bool]]]) -> None:
        """Record the touches of one type definition or extension, in visiting order."""
        name = self.rename(node.name.value)
        self.touch_type(name)
        for iface in getattr(node, "interfaces", None) or ():
            self.touch_type(iface.name.value)
        is_input = isinstance(node, InputObjectTypeDefinitionNode | InputObjectTypeExtensionNode)
        for field in getattr(node, "fields", None) or ():
            self._touch_enum(_named(field.type))
            self.touch_field(name, field.name.value)
            if is_input or not isinstance(field, FieldDefinitionNode):
                continue
            for arg in field.arguments or ():
                self._touch_enum(_named(arg.type))
            for text, on_target in field_sets(field):
                parent = _named(field.type) if on_target else name
                self._touch_field_set(text, parent)

    def _touch_enum(self, name: str) -> None:
        if self.kinds.get(name) == "enum":
            self.touch_type(name)

    def _touch_field_set(self, text: str, parent: str) -> None:
        selection = parse_field_set(text)
        if selection is None:
            return
        for selected in walk(selection, parent, lambda p, f: self.field_types.get((p, f))):
            if (selected.parent, selected.node.name.value) in self.field_types:
                self.touch_field(selected.parent, selected.node.name.value)

    def apply(self, graph: ParsedSubgraph) -> None:
        """Reorder the subgraph's types and fields to the touch order."""
        rank = {name: i for i, name in enumerate(self.types)}
        graph.types = dict(sorted(graph.types.items(), key=lambda item: rank.get(item[0], len(rank))))
        for stype in graph.types.values():
            order = {name: i for i, name in enumerate(self.fields.get(stype.name, []))}
            stype.fields = dict(sorted(stype.fields.items(), key=lambda item: order.get(item[0], len(order))))
