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

from collections.abc import Iterable
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
    DirectiveNode,
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
    guards: tuple[DirectiveNode, ...] = ()  # @skip/@include on it and around it


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
        walker.selections(prepared.operation.selection_set, root, _At())
    return walker.analysis


class _Walker:
    def __init__(
        self, supergraph: Supergraph, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]
    ) -> None:
        self.supergraph = supergraph
        self.schema = schema
        self.fragments = fragments
        self.analysis = Analysis()

    def selections(self, selection_set: SelectionSetNode, parent: GraphQLNamedType, at: _At) -> None:
        for selection in selection_set.selections:
            inner = at.guarded(selection.directives)
            if isinstance(selection, FieldNode):
                self.field(selection, parent, inner)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition.name.value if selection.type_condition else None
                self.fragment(selection, selection.selection_set, condition, parent, inner)
            elif isinstance(selection, FragmentSpreadNode):
                definition = self.fragments.get(selection.name.value)
                if definition is not None:
                    inner = inner.guarded(definition.directives)
                    condition = definition.type_condition.name.value
                    self.fragment(selection, definition.selection_set, condition, parent, inner)

    def field(self, node: FieldNode, parent: GraphQLNamedType, at: _At) -> None:
        name = node.name.value
        fields = getattr(parent, "fields", None)
        if name.startswith("__") or not fields or name not in fields:
            return
        meta = self.supergraph.field_meta(parent.name, name)
        requirements = meta.requirements if meta is not None else NONE
        if is_interface_type(parent):  # selected on the interface: any implementation's
            interface = self.supergraph.types.get(parent.name)
            requirements = requirements.and_(interface.requirements if interface else NONE)
        at = at.down(node.alias.value if node.alias else name, *_list_levels(fields[name].type))
        if requirements:
            at = self.add(node, requirements, at, True)
        if node.selection_set is not None:
            self.selections(node.selection_set, get_named_type(fields[name].type), at)

    def fragment(
        self,
        node: InlineFragmentNode | FragmentSpreadNode,
        selection_set: SelectionSetNode,
        condition: str | None,
        parent: GraphQLNamedType,
        at: _At,
    ) -> None:
        target = self.schema.get_type(condition) if condition else parent
        if target is None:
            return
        if target.name != parent.name:
            meta = self.supergraph.types.get(target.name)
            if meta is not None and meta.requirements:
                checked = self.add(node, meta.requirements, at.down(f"... on {target.name}"), False)
                at = _At(at.path, checked.above, at.guards)
        self.selections(selection_set, target, at)

    def add(self, node: object, requirements: Requirements, at: _At, is_field: bool) -> _At:
        """Record a check at `at`; what is under it is under this check."""
        index = self.analysis.index_of(requirements)
        self.analysis.checks.append(Check(id(node), index, at.path, at.above, is_field, at.guards))
        return _At(at.path, len(self.analysis.checks) - 1, at.guards)


@dataclass(frozen=True, slots=True)
class _At:
    """Where the walk is: the error path, the enclosing check, the @skip/@include around it."""

    path: tuple[PathItem, ...] = ()
    above: int | None = None
    guards: tuple[DirectiveNode, ...] = ()

    def down(self, *items: PathItem) -> _At:
        return _At((*self.path, *items), self.above, self.guards)

    def guarded(self, directives: Iterable[DirectiveNode] | None) -> _At:
        found = tuple(d for d in directives or () if d.name.value in ("skip", "include"))
        return _At(self.path, self.above, (*self.guards, *found)) if found else self


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
