"""Which positions of one operation carry which requirements: computed once per compiled
operation (and schema generation), then evaluated per request against a few flags.

A `Check` is one selection that may be removed: a field whose requirements (its own and its
return type's) are not empty, or a fragment (inline or spread) on a type other than its
parent's whose type requires something. Checks inside named fragments are recorded once per
place the fragment is spread (the error paths differ), each with the check above it, so that
a position under a removed one is not reported again.

Paths follow Apollo Router's convention for authorization errors: response keys, `"@"` for
each list level (the position in every element), `"... on T"` for a removed fragment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    GraphQLNamedType,
    GraphQLSchema,
    get_named_type,
    is_interface_type,
    is_list_type,
    is_non_null_type,
)
from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)

from ...operation import PreparedOperation
from ...supergraph import Supergraph
from ...supergraph.access import NONE, Requirements

PathItem = str | int


@dataclass(frozen=True, slots=True)
class Check:
    node: int  # id() of the selection node (FieldNode, InlineFragmentNode or FragmentSpreadNode)
    requirement: int  # index into `Analysis.requirements`
    path: tuple[PathItem, ...]
    above: int | None  # index of the nearest enclosing check, if any
    is_field: bool


@dataclass
class Analysis:
    requirements: list[Requirements] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    def index_of(self, requirements: Requirements) -> int:
        try:
            return self.requirements.index(requirements)
        except ValueError:
            self.requirements.append(requirements)
            return len(self.requirements) - 1

    def failing(self, satisfied: tuple[bool, ...]) -> list[Check]:
        """The checks to act on: unmet, and not under another unmet one."""
        unmet = [not satisfied[c.requirement] for c in self.checks]
        found = []
        for i, check in enumerate(self.checks):
            if unmet[i] and not self._under_unmet(check, unmet):
                found.append(check)
        return found

    def _under_unmet(self, check: Check, unmet: list[bool]) -> bool:
        above = check.above
        while above is not None:
            if unmet[above]:
                return True
            above = self.checks[above].above
        return False


def analyse(supergraph: Supergraph, prepared: PreparedOperation) -> Analysis:
    walker = _Walker(supergraph, supergraph.api_schema, prepared.fragments)
    root = supergraph.api_schema.get_root_type(prepared.operation.operation)
    if root is not None:
        walker.selections(prepared.operation.selection_set, root, (), None)
    return walker.analysis


class _Walker:
    def __init__(
        self, supergraph: Supergraph, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]
    ) -> None:
        self.supergraph = supergraph
        self.schema = schema
        self.fragments = fragments
        self.analysis = Analysis()

    def selections(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType,
        path: tuple[PathItem, ...],
        above: int | None,
    ) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self.field(selection, parent, path, above)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition.name.value if selection.type_condition else None
                self.fragment(selection, selection.selection_set, condition, parent, path, above)
            elif isinstance(selection, FragmentSpreadNode):
                definition = self.fragments.get(selection.name.value)
                if definition is not None:
                    condition = definition.type_condition.name.value
                    self.fragment(selection, definition.selection_set, condition, parent, path, above)

    def field(
        self, node: FieldNode, parent: GraphQLNamedType, path: tuple[PathItem, ...], above: int | None
    ) -> None:
        name = node.name.value
        fields = getattr(parent, "fields", None)
        if name.startswith("__") or not fields or name not in fields:
            return
        meta = self.supergraph.field_meta(parent.name, name)
        requirements = meta.requirements if meta is not None else NONE
        if is_interface_type(parent):  # selected on the interface: any implementation's
            interface = self.supergraph.types.get(parent.name)
            requirements = requirements.and_(interface.requirements if interface else NONE)
        here = (*path, node.alias.value if node.alias else name, *_list_levels(fields[name].type))
        if requirements:
            above = self.add(node, requirements, here, above, True)
        if node.selection_set is not None:
            self.selections(node.selection_set, get_named_type(fields[name].type), here, above)

    def fragment(
        self,
        node: InlineFragmentNode | FragmentSpreadNode,
        selection_set: SelectionSetNode,
        condition: str | None,
        parent: GraphQLNamedType,
        path: tuple[PathItem, ...],
        above: int | None,
    ) -> None:
        target = self.schema.get_type(condition) if condition else parent
        if target is None:
            return
        if target.name != parent.name:
            meta = self.supergraph.types.get(target.name)
            if meta is not None and meta.requirements:
                here = (*path, f"... on {target.name}")
                above = self.add(node, meta.requirements, here, above, False)
        self.selections(selection_set, target, path, above)

    def add(
        self,
        node: object,
        requirements: Requirements,
        path: tuple[PathItem, ...],
        above: int | None,
        is_field: bool,
    ) -> int:
        index = self.analysis.index_of(requirements)
        self.analysis.checks.append(Check(id(node), index, path, above, is_field))
        return len(self.analysis.checks) - 1


def _list_levels(type_: object) -> tuple[str, ...]:
    levels: list[str] = []
    while True:
        if is_non_null_type(type_):
            type_ = type_.of_type
        elif is_list_type(type_):
            levels.append("@")
            type_ = type_.of_type
        else:
            return tuple(levels)
