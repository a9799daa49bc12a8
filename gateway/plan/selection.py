"""Selection sets under construction for one fetch, and their printed forms.

The planner adds fields and inline fragments to a `SelectionBuilder`; equal items
(same response key, arguments and directives; same type condition and directives)
merge. `compact()` gives the text sent to a subgraph, `pretty()` the text of a
printed plan.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql import print_ast
from graphql.language import (
    ArgumentNode,
    DirectiveNode,
    FieldNode,
    InlineFragmentNode,
    Node,
    SelectionSetNode,
    VariableNode,
    Visitor,
    visit,
)


class _VariableCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_variable(self, node: VariableNode, *_: object) -> None:
        if node.name.value not in self.names:
            self.names.append(node.name.value)


def variables_in(nodes: Iterable[Node]) -> list[str]:
    collector = _VariableCollector()
    for node in nodes:
        visit(node, collector)
    return collector.names


def print_arguments(arguments: Iterable[ArgumentNode]) -> str:
    args = [f"{a.name.value}:{print_ast(a.value)}" for a in arguments]
    return f"({','.join(args)})" if args else ""


def print_directives(directives: Iterable[DirectiveNode]) -> str:
    return " ".join(f"@{d.name.value}{print_arguments(d.arguments or ())}" for d in directives)


class FieldItem:
    __slots__ = (
        "arguments",
        "directives",
        "name",
        "nullable",
        "original",
        "response_key",
        "sub",
        "type",
        "variables",
    )

    def __init__(self, response_key: str, name: str, arguments: str, directives: str) -> None:
        self.nullable = False  # in the subgraph's schema: its failure stops at it (see groups.py)
        self.type = ""  # its type in the subgraph, printed ("" when unknown)
        self.original = ""  # the response key before an alias against a conflict (conflicts.py)
        self.response_key = response_key
        self.name = name
        self.arguments = arguments
        self.directives = directives
        self.sub: SelectionBuilder | None = None
        self.variables: list[str] = []

    def head(self) -> str:
        alias = f"{self.response_key}:" if self.response_key != self.name else ""
        directives = f" {self.directives}" if self.directives else ""
        return f"{alias}{self.name}{self.arguments}{directives}"


class FragmentItem:
    __slots__ = ("directives", "sub", "type_condition", "variables")

    def __init__(self, type_condition: str | None, directives: str) -> None:
        self.type_condition = type_condition
        self.directives = directives
        self.sub = SelectionBuilder()
        self.variables: list[str] = []

    def head(self) -> str:
        on = f" on {self.type_condition}" if self.type_condition else ""
        directives = f" {self.directives}" if self.directives else ""
        return f"...{on}{directives}"


Item = FieldItem | FragmentItem


class SelectionBuilder:
    """An ordered, merging set of selections."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: dict[tuple[str, ...], Item] = {}

    def __bool__(self) -> bool:
        return bool(self.items)

    def add_field(self, node: FieldNode, *, with_sub: bool | None = None) -> FieldItem:
        """Add `node` (without its sub-selection); the caller fills `item.sub`."""
        key = node.alias.value if node.alias else node.name.value
        arguments = print_arguments(node.arguments or ())
        directives = print_directives(node.directives or ())
        ident = ("f", key, arguments, directives)
        item = self.items.get(ident)
        if item is None:
            item = FieldItem(key, node.name.value, arguments, directives)
            item.variables = variables_in([*(node.arguments or ()), *(node.directives or ())])
            self.items[ident] = item
        assert isinstance(item, FieldItem)
        if (node.selection_set is not None if with_sub is None else with_sub) and item.sub is None:
            item.sub = SelectionBuilder()
        return item

    def add_typename(self) -> None:
        ident = ("f", "__typename", "", "")
        if ident not in self.items:
            self.items[ident] = FieldItem("__typename", "__typename", "", "")

    def add_fragment(
        self, type_condition: str | None, directives: Iterable[DirectiveNode] = ()
    ) -> SelectionBuilder:
        directives = tuple(directives)
        printed = print_directives(directives)
        ident = ("t", type_condition or "", printed)
        item = self.items.get(ident)
        if item is None:
            item = FragmentItem(type_condition, printed)
            item.variables = variables_in(directives)
            self.items[ident] = item
        assert isinstance(item, FragmentItem)
        return item.sub

    def add_selection_set(self, selection_set: SelectionSetNode) -> None:
        """Copy a field set (a key, requires or provides) verbatim."""
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                item = self.add_field(sel)
                if sel.selection_set is not None and item.sub is not None:
                    item.sub.add_selection_set(sel.selection_set)
            elif isinstance(sel, InlineFragmentNode):
                tc = sel.type_condition.name.value if sel.type_condition else None
                self.add_fragment(tc, sel.directives or ()).add_selection_set(sel.selection_set)

    def variables(self) -> list[str]:
        found: list[str] = []
        for item in self.items.values():
            for name in item.variables:
                if name not in found:
                    found.append(name)
            if item.sub is not None:
                for name in item.sub.variables():
                    if name not in found:
                        found.append(name)
        return found

    def compact(self) -> str:
        parts = []
        for item in self.items.values():
            if item.sub is not None and isinstance(item, FieldItem) and not item.sub:
                item.sub.add_typename()
            text = item.head()
            if item.sub is not None:
                text += item.sub.compact()
            parts.append(text)
        return "{" + " ".join(parts) + "}"

    def pretty(self, indent: int) -> list[str]:
        pad = "  " * indent
        lines = []
        for item in self.items.values():
            head = item.head()
            if item.sub is not None:
                lines.append(f"{pad}{head} {{")
                lines.extend(item.sub.pretty(indent + 1))
                lines.append(f"{pad}}}")
            else:
                lines.append(f"{pad}{head}")
        return lines
