"""The client's selection, collected per (selection sets, runtime type): which response keys an
object of that type gets, from which field nodes, under which `@skip`/`@include` guards.
Computed once per operation and shared by the compiled and the exact shaping paths."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import GraphQLObjectType, GraphQLOutputType, GraphQLSchema, is_abstract_type
from graphql.language import (
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    Visitor,
    visit,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

from ..cache import BoundedCache


@dataclass(frozen=True)
class Occurrence:
    node: FieldNode
    guards: tuple[Any, ...]  # directive lists of enclosing fragments and the field itself


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    type: GraphQLOutputType
    occurrences: tuple[Occurrence, ...]


class SelectionIndex:
    """Field collection for one operation, remembered per (selection sets, type)."""

    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.schema = schema
        self.fragments = fragments
        self._entries: BoundedCache[tuple[tuple[int, ...], str], tuple[Entry, ...]] = BoundedCache(
            "selection-entries", 4096
        )

    def entries(
        self, selection_sets: tuple[SelectionSetNode, ...], type_: GraphQLObjectType
    ) -> tuple[Entry, ...]:
        cache_key = (tuple(id(s) for s in selection_sets), type_.name)
        found = self._entries.get(cache_key)
        if found is None:
            collected: dict[str, list[Occurrence]] = {}
            for selection_set in selection_sets:
                self._collect(selection_set, type_, (), collected)
            found = tuple(self._entry(key, occ, type_) for key, occ in collected.items())
            self._entries.put(cache_key, found)
        return found

    def _entry(self, key: str, occurrences: list[Occurrence], type_: GraphQLObjectType) -> Entry:
        name = occurrences[0].node.name.value
        if name == "__typename":
            ftype: GraphQLOutputType = TypeNameMetaFieldDef.type
        elif name == "__schema":
            ftype = SchemaMetaFieldDef.type
        elif name == "__type":
            ftype = TypeMetaFieldDef.type
        else:
            ftype = type_.fields[name].type
        return Entry(key, name, ftype, tuple(occurrences))

    def _collect(
        self,
        selection_set: SelectionSetNode,
        type_: GraphQLObjectType,
        guards: tuple[Any, ...],
        out: dict[str, list[Occurrence]],
    ) -> None:
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                key = sel.alias.value if sel.alias else sel.name.value
                if (
                    sel.name.value not in ("__typename", "__schema", "__type")
                    and sel.name.value not in type_.fields
                ):
                    continue
                out.setdefault(key, []).append(Occurrence(sel, (*guards, sel.directives or ())))
                continue
            if isinstance(sel, InlineFragmentNode):
                condition = sel.type_condition.name.value if sel.type_condition else None
                inner = sel.selection_set
            elif isinstance(sel, FragmentSpreadNode):
                fragment = self.fragments.get(sel.name.value)
                if fragment is None:
                    continue
                condition, inner = fragment.type_condition.name.value, fragment.selection_set
            else:
                continue
            if condition is not None and not self._applies(condition, type_):
                continue
            self._collect(inner, type_, (*guards, sel.directives or ()), out)

    def _applies(self, condition: str, type_: GraphQLObjectType) -> bool:
        if condition == type_.name:
            return True
        ctype = self.schema.get_type(condition)
        return ctype is not None and is_abstract_type(ctype) and self.schema.is_sub_type(ctype, type_)


def condition_variables(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> set[str]:
    """Variables that `@skip`/`@include` read anywhere in the operation."""
    found: set[str] = set()

    class Collect(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: object) -> None:
            if node.name.value in ("skip", "include"):
                for arg in node.arguments or ():
                    if isinstance(arg.value, VariableNode):
                        found.add(arg.value.name.value)

    for node in (operation, *fragments.values()):
        visit(node, Collect())
    return found
