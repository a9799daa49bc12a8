"""Field sets (`@key(fields:)`, `@requires`, `@provides`): parsing, walking, printing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graphql import GraphQLError, parse, print_ast
from graphql.language import FieldNode, InlineFragmentNode, OperationDefinitionNode, SelectionSetNode
from graphql.utilities import strip_ignored_characters

TypeOf = Callable[[str, str], "str | None"]


def parse_field_set(text: str) -> SelectionSetNode | None:
    """The selection set of a field set, or None when it does not parse."""
    try:
        document = parse("{" + text + "}", no_location=True)
    except GraphQLError:
        return None
    operation = document.definitions[0]
    if not isinstance(operation, OperationDefinitionNode):
        return None
    return operation.selection_set


@dataclass(frozen=True)
class Selected:
    """One field selected by a field set, on `parent` (a type name)."""

    parent: str
    node: FieldNode


def walk(selection: SelectionSetNode, parent: str, type_of: TypeOf) -> Iterator[Selected]:
    """Every field of a selection, depth first; `type_of(parent, field)` names a field's type."""
    for sel in selection.selections:
        if isinstance(sel, FieldNode):
            yield Selected(parent, sel)
            if sel.selection_set is not None:
                child = type_of(parent, sel.name.value)
                if child is not None:
                    yield from walk(sel.selection_set, child, type_of)
        elif isinstance(sel, InlineFragmentNode):
            target = sel.type_condition.name.value if sel.type_condition else parent
            yield from walk(sel.selection_set, target, type_of)


def top_level_names(selection: SelectionSetNode) -> list[str]:
    return [s.name.value for s in selection.selections if isinstance(s, FieldNode)]


def leaf_paths(selection: SelectionSetNode, prefix: str = "") -> set[str]:
    """Dotted paths of the leaf fields (fragments are skipped, as the reference does)."""
    found: set[str] = set()
    for sel in selection.selections:
        if isinstance(sel, FieldNode):
            path = prefix + sel.name.value
            if sel.selection_set is not None:
                found |= leaf_paths(sel.selection_set, path + ".")
            else:
                found.add(path)
    return found


def without_paths(selection: SelectionSetNode, removable: set[str], prefix: str = "") -> SelectionSetNode:
    """A copy of `selection` without the leaf fields at `removable` paths."""
    kept = []
    for sel in selection.selections:
        if isinstance(sel, FieldNode):
            path = prefix + sel.name.value
            if sel.selection_set is not None:
                inner = without_paths(sel.selection_set, removable, path + ".")
                sel = FieldNode(
                    alias=sel.alias,
                    name=sel.name,
                    arguments=sel.arguments,
                    directives=sel.directives,
                    selection_set=inner,
                )
            elif path in removable:
                continue
        kept.append(sel)
    return SelectionSetNode(selections=tuple(kept))


def compact(selection: SelectionSetNode) -> str:
    """The field set printed without ignored characters, outer braces dropped."""
    if not selection.selections:
        return ""
    printed = strip_ignored_characters(print_ast(selection))
    return printed[1:-1] if printed.startswith("{") and printed.endswith("}") else printed
