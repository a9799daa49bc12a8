"""The client's document without the selections a principal may not see, as two documents:

- to shape against: the client's, minus fragments on types the principal may not see (those
  positions are simply not selected for such objects). A field left with no selection by
  that is answered null: it is removed from the plan too.
- to plan: that, minus the unauthorized fields. A selection set left empty selects
  `__typename` (the object is still fetched, so its other positions are answered null, not
  the object itself).

Both keep only the fragments and variables they still use, so they validate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from graphql import print_ast
from graphql.language import (
    DefinitionNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    NameNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    VariableNode,
    Visitor,
    visit,
)

from ...supergraph.api_schema import replace

TYPENAME = FieldNode(name=NameNode(value="__typename"))


@dataclass(frozen=True)
class Narrowed:
    plan_query: str
    shape_query: str | None  # None: the client's own document


class _Pruner:
    """Rebuilds selection sets without the dropped nodes (by id)."""

    def __init__(self, document: DocumentNode, dropped: set[int], fill_empty: bool) -> None:
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.dropped = dropped
        self.fill_empty = fill_empty  # an emptied set selects __typename; else its field is dropped
        self.emptied: set[int] = set()  # fields dropped for having nothing left
        self.memo: dict[str, FragmentDefinitionNode | None] = {}
        self.changed = False

    def fragment(self, name: str) -> FragmentDefinitionNode | None:
        if name not in self.memo:
            self.memo[name] = None  # cycles are invalid GraphQL; do not loop on one
            definition = self.fragments[name]
            pruned = self.selection_set(definition.selection_set)
            if pruned is not None:
                self.memo[name] = cast(FragmentDefinitionNode, replace(definition, selection_set=pruned))
        return self.memo[name]

    def selection_set(self, node: SelectionSetNode) -> SelectionSetNode | None:
        kept: list[SelectionNode] = []
        for selection in node.selections:
            if id(selection) in self.dropped:
                self.changed = True
                continue
            if isinstance(selection, FragmentSpreadNode):
                if self.fragment(selection.name.value) is None:
                    self.changed = True
                    continue
                kept.append(selection)
                continue
            inner = getattr(selection, "selection_set", None)
            if inner is None:
                kept.append(selection)
                continue
            pruned = self.selection_set(inner)
            if pruned is None and isinstance(selection, FieldNode):
                self.emptied.add(id(selection))
                pruned = SelectionSetNode(selections=(TYPENAME,))
            if pruned is not None:
                kept.append(cast(SelectionNode, replace(selection, selection_set=pruned)))
        if kept:
            return SelectionSetNode(selections=tuple(kept))
        return SelectionSetNode(selections=(TYPENAME,)) if self.fill_empty else None

    def document(self, operation: OperationDefinitionNode) -> DocumentNode:
        pruned = self.selection_set(operation.selection_set) or SelectionSetNode(selections=(TYPENAME,))
        definitions: list[DefinitionNode] = [cast(DefinitionNode, replace(operation, selection_set=pruned))]
        definitions.extend(d for d in self.memo.values() if d is not None)
        return _used_only(DocumentNode(definitions=tuple(definitions)))


def narrow(
    document: DocumentNode, operation: OperationDefinitionNode, fields: set[int], fragments: set[int]
) -> Narrowed:
    """The selected `operation` of `document` (alone) without the selection nodes whose ids are
    in `fields` and `fragments`."""
    shaping = _Pruner(document, fragments, fill_empty=False)
    shape_document = shaping.document(operation)
    planning = _Pruner(document, fields | fragments | shaping.emptied, fill_empty=True)
    plan_document = planning.document(operation)
    shape_query = print_ast(shape_document) if shaping.changed else None
    return Narrowed(print_ast(plan_document), shape_query)


class _Uses(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.variables: set[str] = set()
        self.spreads: set[str] = set()

    def enter_variable(self, node: VariableNode, *_: object) -> None:
        self.variables.add(node.name.value)

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
        self.spreads.add(node.name.value)

    def enter_variable_definition(self, *_: object) -> object:
        return Visitor.SKIP


def _used_only(document: DocumentNode) -> DocumentNode:
    """Without unused fragments (until none is left) and unused variable definitions."""
    while True:
        narrowed = _used_once(document)
        if len(narrowed.definitions) == len(document.definitions):
            return narrowed
        document = narrowed


def _used_once(document: DocumentNode) -> DocumentNode:
    uses = _Uses()
    visit(document, uses)
    definitions: list[DefinitionNode] = []
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode):
            if definition.name.value in uses.spreads:
                definitions.append(definition)
        elif isinstance(definition, OperationDefinitionNode):
            variables = tuple(
                v for v in definition.variable_definitions or () if v.variable.name.value in uses.variables
            )
            definitions.append(cast(DefinitionNode, replace(definition, variable_definitions=variables)))
    return DocumentNode(definitions=tuple(definitions))
