"""Rules one subgraph must follow on its own: field sets that select existing fields,
`@external` where it must be, `@override` used sensibly.

Codes are those of The Guild's and Apollo's composition.
"""

from __future__ import annotations

from graphql.language import FieldNode, InlineFragmentNode, SelectionSetNode

from .errors import CompositionError
from .fieldset import parse_field_set
from .graphql_rules import check_references
from .merge import named
from .model import ParsedSubgraph, SField, SType


class _Rules:
    def __init__(self, graph: ParsedSubgraph) -> None:
        self.graph = graph
        self.errors: list[CompositionError] = []
        self.used: set[tuple[str, str]] = set()  # fields named by some field set

    def error(self, code: str, message: str, coordinate: str) -> None:
        subgraph = self.graph.name
        self.errors.append(CompositionError(code, f"[{subgraph}] {message}", (subgraph,), coordinate))

    def run(self) -> list[CompositionError]:
        for stype in self.graph.types.values():
            for key in stype.keys:
                self.check_key(stype, key.fields)
            for sfield in stype.fields.values():
                self.check_field(stype, sfield)
        self.check_unused_external()
        return self.errors

    # --- @key -----------------------------------------------------------------------
    def check_key(self, stype: SType, text: str) -> None:
        where = f'On type "{stype.name}", for @key(fields: "{text}")'
        selection = parse_field_set(text)
        if selection is None:
            self.error("KEY_INVALID_FIELDS", f"{where}: the field set does not parse", stype.name)
            return
        for parent, node, field in self.resolve(
            selection, stype.name, where, "KEY_INVALID_FIELDS", stype.name
        ):
            if node.arguments or (field is not None and field.args):
                self.error(
                    "KEY_FIELDS_HAS_ARGS",
                    f"{where}: field {parent}.{node.name.value} has arguments, not allowed in @key",
                    f"{parent}.{node.name.value}",
                )
            target = self.graph.types.get(named(field.type)) if field is not None else None
            if target is not None and target.kind == "interface" and not target.interface_object:
                self.error(
                    "KEY_FIELDS_SELECT_INVALID_TYPE",
                    f'{where}: field "{parent}.{node.name.value}" is an interface type, not allowed in @key',
                    f"{parent}.{node.name.value}",
                )

    def resolve(
        self, selection: SelectionSetNode, parent: str, where: str, code: str, host: str = ""
    ) -> list[tuple[str, FieldNode, SField | None]]:
        """Every selected field with its declaration; unknown fields are reported with `code`."""
        found: list[tuple[str, FieldNode, SField | None]] = []
        ptype = self.graph.types.get(parent)
        for sel in selection.selections:
            if isinstance(sel, InlineFragmentNode):
                target = sel.type_condition.name.value if sel.type_condition else parent
                if target not in self.graph.types:
                    self.error(code, f'{where}: unknown type "{target}"', host or target)
                    continue
                found.extend(self.resolve(sel.selection_set, target, where, code, host))
                continue
            if not isinstance(sel, FieldNode) or sel.name.value == "__typename":
                continue
            field = ptype.fields.get(sel.name.value) if ptype is not None else None
            if field is None:
                message = f'{where}: cannot query field "{sel.name.value}" on type "{parent}"'
                self.error(code, message, host or parent)
                continue
            self.used.add((parent, sel.name.value))
            found.append((parent, sel, field))
            if sel.selection_set is not None:
                found.extend(self.resolve(sel.selection_set, named(field.type), where, code, host))
        return found

    # --- fields ---------------------------------------------------------------------
    def check_field(self, stype: SType, sfield: SField) -> None:
        coordinate = f"{stype.name}.{sfield.name}"
        if sfield.requires is not None:
            self.check_requires(stype, sfield, coordinate)
        if sfield.provides is not None:
            self.check_provides(sfield, coordinate)
        if sfield.override is not None:
            self.check_override(stype, sfield, coordinate)

    def check_requires(self, stype: SType, sfield: SField, coordinate: str) -> None:
        text = sfield.requires or ""
        where = f'On field "{coordinate}", for @requires(fields: "{text}")'
        selection = parse_field_set(text)
        if selection is None:
            self.error("REQUIRES_INVALID_FIELDS", f"{where}: the field set does not parse", coordinate)
            return
        resolved = self.resolve(selection, stype.name, where, "REQUIRES_INVALID_FIELDS", coordinate)
        if self.graph.fed1:
            return
        for parent, node, field in resolved:
            # a local field may hold the external fields below it (Apollo's rule: leaves only)
            if (
                parent == stype.name
                and field is not None
                and not field.external
                and node.selection_set is None
            ):
                self.error(
                    "REQUIRES_FIELDS_MISSING_EXTERNAL",
                    f'{where}: field "{parent}.{node.name.value}" should not be part of a @requires '
                    "since it is already provided by this subgraph (it is not marked @external)",
                    coordinate,
                )

    def check_provides(self, sfield: SField, coordinate: str) -> None:
        text = sfield.provides or ""
        where = f'On field "{coordinate}", for @provides(fields: "{text}")'
        target = self.graph.types.get(named(sfield.type))
        if target is None or target.kind not in ("object", "interface", "union"):
            self.error(
                "PROVIDES_ON_NON_OBJECT_FIELD",
                f'Invalid @provides directive on field "{coordinate}": field has type "{sfield.type}" '
                "which is not a Composite Type",
                coordinate,
            )
            return
        selection = parse_field_set(text)
        if selection is None:
            self.error("PROVIDES_INVALID_FIELDS", f"{where}: the field set does not parse", coordinate)
            return
        top = _top_level(selection, target.name)
        for parent, node, field in self.resolve(
            selection, target.name, where, "PROVIDES_INVALID_FIELDS", coordinate
        ):
            if self.graph.fed1 or field is None or field.external or (parent, node.name.value) not in top:
                continue
            self.error(
                "PROVIDES_FIELDS_MISSING_EXTERNAL",
                f'{where}: field "{parent}.{node.name.value}" should not be part of a @provides since '
                "it is already provided by this subgraph (it is not marked @external)",
                coordinate,
            )

    def check_override(self, stype: SType, sfield: SField, coordinate: str) -> None:
        if stype.kind == "interface" and not stype.interface_object:
            self.error(
                "OVERRIDE_ON_INTERFACE",
                f'@override cannot be used on field "{coordinate}": not supported on interface fields',
                coordinate,
            )
        if sfield.external:
            self.error(
                "OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE",
                f'@override cannot be used on field "{coordinate}" since it is marked with directive '
                '"@external"',
                coordinate,
            )
        if sfield.override == self.graph.name:
            self.error(
                "OVERRIDE_FROM_SELF_ERROR",
                f'Source and destination subgraphs "{self.graph.name}" are the same for overridden field '
                f'"{coordinate}"',
                coordinate,
            )

    # --- @external ------------------------------------------------------------------
    def check_unused_external(self) -> None:
        if self.graph.fed1:
            return
        for stype in self.graph.types.values():
            if stype.kind != "object":
                continue
            for sfield in stype.fields.values():
                if not sfield.external or (stype.name, sfield.name) in self.used:
                    continue
                if self._satisfies_interface(stype, sfield) or self._shareable_target(sfield):
                    continue
                self.error(
                    "EXTERNAL_UNUSED",
                    f'Field "{stype.name}.{sfield.name}" is marked @external but is not used in any '
                    "federation directive (@key, @provides, @requires) or to satisfy an interface",
                    f"{stype.name}.{sfield.name}",
                )

    def _satisfies_interface(self, stype: SType, sfield: SField) -> bool:
        for name in stype.interfaces:
            iface = self.graph.types.get(name)
            if iface is not None and sfield.name in iface.fields:
                return True
        return False

    def _shareable_target(self, sfield: SField) -> bool:
        target = self.graph.types.get(named(sfield.type))
        return target is not None and target.kind == "object" and target.shareable


def _top_level(selection: SelectionSetNode, parent: str) -> set[tuple[str, str]]:
    """(type, field) pairs selected at the top level, looking through inline fragments."""
    found: set[tuple[str, str]] = set()
    for sel in selection.selections:
        if isinstance(sel, FieldNode):
            found.add((parent, sel.name.value))
        elif isinstance(sel, InlineFragmentNode):
            target = sel.type_condition.name.value if sel.type_condition else parent
            found |= _top_level(sel.selection_set, target)
    return found


def validate_subgraph(graph: ParsedSubgraph) -> list[CompositionError]:
    """GraphQL validity first; the federation rules only on a valid schema."""
    return check_references(graph) or _Rules(graph).run()
