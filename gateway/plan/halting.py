"""Where a mutation stops: the response paths whose null would null the whole `data`.

A mutation's root fields run one after the other; when a non-null root field ends up null
(directly, or through a chain of non-null fields below it), `data` is null and the later root
fields must not be sent at all. The planner lists, per mutation root fetch, the paths made of
non-null, non-list fields only (without `@skip`/`@include`); the executor checks them before it
sends the next mutation.
"""

from __future__ import annotations

from graphql import GraphQLNonNull, GraphQLObjectType, get_nullable_type, is_list_type
from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
)

Path = tuple[str, ...]


def halt_paths(
    parent: GraphQLObjectType,
    node: FieldNode,
    fragments: dict[str, FragmentDefinitionNode],
    at: Path = (),
) -> list[Path]:
    """`node`'s path when it is non-null on `parent`, and the non-null chains below it."""
    definition = parent.fields.get(node.name.value)
    if definition is None or node.directives or not isinstance(definition.type, GraphQLNonNull):
        return []
    inner = get_nullable_type(definition.type)
    if is_list_type(inner):
        return []
    path = (*at, node.alias.value if node.alias else node.name.value)
    found = [path]
    if isinstance(inner, GraphQLObjectType) and node.selection_set is not None:
        for sub in _fields(inner, node.selection_set.selections, fragments):
            found.extend(halt_paths(inner, sub, fragments, path))
    return found


def _fields(
    type_: GraphQLObjectType,
    selections: tuple[SelectionNode, ...],
    fragments: dict[str, FragmentDefinitionNode],
) -> list[FieldNode]:
    """The fields an object of `type_` surely gets (fragments without directives, on its type)."""
    found: list[FieldNode] = []
    for sel in selections:
        if isinstance(sel, FieldNode):
            found.append(sel)
            continue
        if sel.directives:
            continue
        if isinstance(sel, InlineFragmentNode):
            condition, inner = sel.type_condition, sel.selection_set
        elif isinstance(sel, FragmentSpreadNode) and sel.name.value in fragments:
            fragment = fragments[sel.name.value]
            condition, inner = fragment.type_condition, fragment.selection_set
        else:
            continue
        if condition is None or condition.name.value == type_.name:
            found.extend(_fields(type_, inner.selections, fragments))
    return found
