"""Subgraph SDL -> `ParsedSubgraph`.

Detects Federation 1 vs 2 (a `@link` to `federation/v2.x`), resolves the names the
subgraph gives federation directives (`@link(import:)` renames, `federation__key`),
removes the federation machinery (`_service`, `_entities`, `_Any`, ...), and applies
Federation 1 semantics: fields of type definitions and root types are shareable,
`@extends` makes an extension.
"""

from __future__ import annotations

import re
from typing import Any

from graphql import GraphQLError, parse, print_ast
from graphql.language import (
    ConstDirectiveNode,
    DirectiveDefinitionNode,
    DirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    FieldDefinitionNode,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    ScalarTypeDefinitionNode,
    ScalarTypeExtensionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
    Visitor,
    visit,
)
from graphql.utilities import value_from_ast_untyped

from ..federation.lookup import (
    builtin_directive_names,
    federation1_directive_names,
    federation_directive_names,
    prefix,
    subgraph_machinery_types,
    unsupported_directive_names,
)
from ..federation.specs import format_version, parse_spec_url, parse_version
from ..federation.supergraph_specs import INACCESSIBLE_SPEC, JOIN
from ..federation.table import (
    CORE_DIRECTIVE,
    COST,
    DEPRECATED,
    ENTITIES_FIELD,
    EXTENDS,
    EXTERNAL,
    FEDERATION,
    FEDERATION_1,
    INACCESSIBLE,
    INTERFACE_OBJECT,
    KEY,
    LINK,
    LINK_DIRECTIVE,
    LIST_SIZE,
    OVERRIDE,
    PROVIDES,
    REQUIRES,
    SERVICE_FIELD,
    SHAREABLE,
    SPECIFIED_BY,
    TAG,
)
from .access import ON_INTERFACE, on_interface_message, read_access
from .cost import CostNames, Demand, read_demand
from .cost_rules import check_subgraph
from .errors import CompositionError
from .fieldset import parse_field_set, walk
from .model import ParsedSubgraph, SArg, SDirective, SEnumValue, SField, SKey, SType
from .order import TouchOrder

FEDERATION_DIRECTIVES = federation_directive_names()
FED1_DIRECTIVES = federation1_directive_names()
UNSUPPORTED_DIRECTIVES = unsupported_directive_names()
COST_DIRECTIVES = (COST.name, LIST_SIZE.name)
MACHINERY_TYPES = subgraph_machinery_types()
MACHINERY_FIELDS = {ENTITIES_FIELD, SERVICE_FIELD}
BUILTIN_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}
BUILTIN_DIRECTIVES = builtin_directive_names() | {LINK_DIRECTIVE.name}
SPEC_PREFIXES = tuple(prefix(spec) for spec in (FEDERATION, LINK, JOIN))
KINDS: dict[type, str] = {
    ObjectTypeDefinitionNode: "object",
    ObjectTypeExtensionNode: "object",
    InterfaceTypeDefinitionNode: "interface",
    InterfaceTypeExtensionNode: "interface",
    UnionTypeDefinitionNode: "union",
    UnionTypeExtensionNode: "union",
    EnumTypeDefinitionNode: "enum",
    EnumTypeExtensionNode: "enum",
    InputObjectTypeDefinitionNode: "input",
    InputObjectTypeExtensionNode: "input",
    ScalarTypeDefinitionNode: "scalar",
    ScalarTypeExtensionNode: "scalar",
}


def graph_id(name: str) -> str:
    """The join__Graph enum value of a subgraph name (`my-service` -> `MY_SERVICE`)."""
    text = re.sub(r"[^A-Za-z0-9]", "_", name)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"_+", "_", text).strip("_").upper()
    return "_" + text + "_" if name[:1].isdigit() else text


def args_of(directive: ConstDirectiveNode) -> dict[str, Any]:
    return {a.name.value: value_from_ast_untyped(a.value) for a in directive.arguments or ()}


class _Names:
    """Local directive name -> canonical federation directive name."""

    def __init__(self, document: DocumentNode) -> None:
        self.version = format_version(FEDERATION_1)
        self.local: dict[str, str] = {}
        self.inaccessible_link = False
        for definition in document.definitions:
            if isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
                for directive in definition.directives or ():
                    if directive.name.value == LINK_DIRECTIVE.name:
                        self._link(args_of(directive))
        if self.version == format_version(FEDERATION_1):
            self.local = {name: name for name in FED1_DIRECTIVES}

    def _link(self, args: dict[str, Any]) -> None:
        url = str(args.get("url") or "")
        linked = parse_spec_url(url)
        if f"/{INACCESSIBLE_SPEC.name}/" in url:
            self.inaccessible_link = True
            self.local.setdefault(INACCESSIBLE.name, INACCESSIBLE.name)
        if linked is None or linked.name != FEDERATION.name:
            return
        self.version = format_version(linked.version)
        prefix = str(args.get("as") or FEDERATION.name)
        for name in FEDERATION_DIRECTIVES:
            self.local[f"{prefix}__{name}"] = name
        for item in args.get("import") or ():
            raw_name, raw_alias = (
                (item.get("name"), item.get("as")) if isinstance(item, dict) else (item, item)
            )
            imported = str(raw_name).lstrip("@")
            if imported in FEDERATION_DIRECTIVES:
                self.local[str(raw_alias or raw_name).lstrip("@")] = imported

    def find(self, node: Any, name: str) -> list[dict[str, Any]]:
        return [args_of(d) for d in node.directives or () if self.local.get(d.name.value) == name]

    def has(self, node: Any, name: str) -> bool:
        return bool(self.find(node, name))


class SubgraphReader:
    def __init__(self, name: str, url: str, sdl: str) -> None:
        self.name = name
        self.url = url
        self.sdl = sdl
        self.errors: list[CompositionError] = []
        self.roots: dict[str, str] = {}
        self.authorization: set[str] = set()
        self.cost_names = CostNames()

    def error(self, code: str, message: str, coordinate: str = "") -> None:
        self.errors.append(CompositionError(code, f"[{self.name}] {message}", (self.name,), coordinate))

    def read(self) -> ParsedSubgraph | None:
        try:
            document = parse(self.sdl)
        except GraphQLError as exc:
            self.error("INVALID_GRAPHQL", f"the SDL does not parse: {exc.message}")
            return None
        self.names = _Names(document)
        graph = ParsedSubgraph(self.name, self.url, graph_id(self.name), self.names.version)
        graph.links_inaccessible = self.names.inaccessible_link
        graph.unknown_directives = self._unknown_directives(document)
        graph.unsupported = sorted(
            {n for n in self._used_directives(document) if self.names.local.get(n) in UNSUPPORTED_DIRECTIVES}
        )
        graph.directives = self._directive_definitions(document)
        self._read_roots(document)
        nodes = [d for d in document.definitions if isinstance(d, TypeDefinitionNode | TypeExtensionNode)]
        for node in nodes:
            self._read_type(graph, node)
        self._mark_field_sets(graph)
        order = TouchOrder(document, self._rename, {n: t.kind for n, t in graph.types.items()})
        for node in nodes:
            order.visit(node, self._field_sets)
        order.apply(graph)
        if graph.fed1:
            _fed1_semantics(graph, set(self.roots.values()) | {"Query", "Mutation", "Subscription"})
        graph.authorization = self.authorization
        graph.cost_names = self.cost_names
        check_subgraph(graph, lambda code, message, where: self.error(code, message, where))
        return graph

    def _demand(self, node: Any) -> Demand:
        """`@cost` and `@listSize` on `node`, under whatever names the subgraph uses."""
        applied = [
            (self.names.local[d.name.value], d.name.value, d)
            for d in node.directives or ()
            if self.names.local.get(d.name.value) in COST_DIRECTIVES
        ]
        return read_demand(applied, self.cost_names) if applied else Demand()

    def _access(self, target: SType | SField, node: Any, interface: str | None) -> None:
        """Read the authorization directives on `node` into `target`; `interface` names the
        interface (type or field) they must not be applied to."""
        access, used = read_access(self.names.find, node)
        self.authorization.update(used)
        if used and interface is not None:
            for name in dict.fromkeys(used):
                self.error(ON_INTERFACE, on_interface_message(name, interface), interface.split('"')[1])
            return
        target.access.add(access)

    def _directive_definitions(self, document: DocumentNode) -> dict[str, SDirective]:
        found: dict[str, SDirective] = {}
        skipped = set(self.names.local) | FEDERATION_DIRECTIVES | BUILTIN_DIRECTIVES | {CORE_DIRECTIVE.name}
        for node in document.definitions:
            if not isinstance(node, DirectiveDefinitionNode) or node.name.value in skipped:
                continue
            if node.name.value.startswith(SPEC_PREFIXES):
                continue
            found[node.name.value] = SDirective(
                name=node.name.value,
                args={a.name.value: self._arg(a) for a in node.arguments or ()},
                locations=[loc.value for loc in node.locations],
                repeatable=node.repeatable,
            )
        return found

    def _used_directives(self, document: DocumentNode) -> set[str]:
        collector = _DirectiveNames()
        visit(document, collector)
        return collector.used

    def _unknown_directives(self, document: DocumentNode) -> list[str]:
        collector = _DirectiveNames()
        visit(document, collector)
        known = set(self.names.local) | BUILTIN_DIRECTIVES | collector.defined
        return sorted(collector.used - known)

    def _rename(self, name: str) -> str:
        return self.roots.get(name, name)

    def _field_sets(self, node: Any) -> list[tuple[str, bool]]:
        """(`fields`, names fields of the field's type) of each @provides/@requires, in order."""
        found = []
        for directive in node.directives or ():
            canonical = self.names.local.get(directive.name.value)
            if canonical in (PROVIDES.name, REQUIRES.name):
                found.append((str(args_of(directive).get("fields", "")), canonical == PROVIDES.name))
        return found

    def _read_roots(self, document: DocumentNode) -> None:
        for definition in document.definitions:
            if isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
                for op in definition.operation_types or ():
                    canonical = op.operation.value.capitalize()
                    self.roots[op.type.name.value] = canonical

    def _read_type(self, graph: ParsedSubgraph, node: Any) -> None:
        name = self.roots.get(node.name.value, node.name.value)
        if name in MACHINERY_TYPES or name.startswith(SPEC_PREFIXES[:2]):
            return
        if isinstance(node, ScalarTypeDefinitionNode) and name in BUILTIN_SCALARS:
            return
        kind = KINDS[type(node)]
        interface_object = self.names.has(node, INTERFACE_OBJECT.name)
        if interface_object:
            kind = "interface"
        stype = graph.types.get(name)
        if stype is None:
            stype = graph.types[name] = SType(name=name, kind=kind)
        elif stype.kind != kind and not (stype.interface_object or interface_object):
            self.error("TYPE_KIND_MISMATCH", f"type {name} is declared both as {stype.kind} and {kind}", name)
            return
        stype.interface_object = stype.interface_object or interface_object
        if isinstance(node, TypeExtensionNode):
            stype.extension = True
        else:
            stype.is_definition = True
        if self.names.has(node, EXTENDS.name):
            stype.extension = stype.extends_directive = True
        if getattr(node, "description", None) is not None and stype.description is None:
            stype.description = node.description.value
        self._read_type_directives(stype, node)
        stype.demand.add(self._demand(node))
        what = "interface object" if stype.interface_object else "interface"
        self._access(stype, node, f'{what} "{name}"' if kind == "interface" else None)
        self._read_members(stype, node, isinstance(node, TypeExtensionNode))

    def _read_type_directives(self, stype: SType, node: Any) -> None:
        for args in self.names.find(node, KEY.name):
            stype.keys.append(SKey(str(args.get("fields", "")), args.get("resolvable", True) is not False))
        stype.shareable = stype.shareable or self.names.has(node, SHAREABLE.name)
        stype.inaccessible = stype.inaccessible or self.names.has(node, INACCESSIBLE.name)
        stype.tags.extend(str(a.get("name")) for a in self.names.find(node, TAG.name))
        for directive in node.directives or ():
            if directive.name.value == SPECIFIED_BY.name:
                stype.specified_by = str(args_of(directive).get("url"))

    def _read_members(self, stype: SType, node: Any, is_extension: bool) -> None:
        for iface in getattr(node, "interfaces", None) or ():
            if iface.name.value not in stype.interfaces:
                stype.interfaces.append(iface.name.value)
        for member in getattr(node, "types", None) or ():
            if member.name.value not in stype.members:
                stype.members.append(member.name.value)
        for value in getattr(node, "values", None) or ():
            stype.values[value.name.value] = SEnumValue(
                name=value.name.value,
                description=value.description.value if value.description else None,
                inaccessible=self.names.has(value, INACCESSIBLE.name),
                tags=[str(a.get("name")) for a in self.names.find(value, TAG.name)],
                deprecated=_deprecation(value),
            )
        for field_node in getattr(node, "fields", None) or ():
            if stype.name == "Query" and field_node.name.value in MACHINERY_FIELDS:
                continue
            if isinstance(field_node, FieldDefinitionNode):
                stype.fields[field_node.name.value] = self._field(stype, field_node, is_extension)
            else:
                stype.fields[field_node.name.value] = self._input_field(field_node)
        if self.names.has(node, EXTERNAL.name):
            for sfield in stype.fields.values():
                sfield.external = True

    def _field(self, stype: SType, node: FieldDefinitionNode, is_extension: bool) -> SField:
        sfield = SField(name=node.name.value, type=print_ast(node.type))
        sfield.description = node.description.value if node.description else None
        sfield.external = self.names.has(node, EXTERNAL.name)
        sfield.shareable = self.names.has(node, SHAREABLE.name) or stype.shareable
        sfield.inaccessible = self.names.has(node, INACCESSIBLE.name)
        sfield.tags = [str(a.get("name")) for a in self.names.find(node, TAG.name)]
        sfield.deprecated = _deprecation(node)
        sfield.extension = is_extension
        sfield.demand = self._demand(node)
        interface = stype.kind == "interface"
        self._access(sfield, node, f'field "{stype.name}.{sfield.name}"' if interface else None)
        for args in self.names.find(node, PROVIDES.name):
            sfield.provides = str(args.get("fields", ""))
        for args in self.names.find(node, REQUIRES.name):
            sfield.requires = str(args.get("fields", ""))
        for args in self.names.find(node, OVERRIDE.name):
            sfield.override = str(args.get("from", ""))
            sfield.override_label = str(args["label"]) if args.get("label") else None
            if "label" in args and not OVERRIDE.has_argument("label", parse_version(self.names.version)):
                self.error("INVALID_GRAPHQL", 'Unknown argument "label" on directive "@override".')
        for arg in node.arguments or ():
            sfield.args[arg.name.value] = self._arg(arg)
        return sfield

    def _arg(self, node: InputValueDefinitionNode) -> SArg:
        return SArg(
            name=node.name.value,
            type=print_ast(node.type),
            default=print_ast(node.default_value) if node.default_value is not None else None,
            description=node.description.value if node.description else None,
            inaccessible=self.names.has(node, INACCESSIBLE.name),
            tags=[str(a.get("name")) for a in self.names.find(node, TAG.name)],
            deprecated=_deprecation(node),
            demand=self._demand(node),
        )

    def _input_field(self, node: InputValueDefinitionNode) -> SField:
        arg = self._arg(node)
        return SField(
            name=arg.name,
            type=arg.type,
            default=arg.default,
            description=arg.description,
            inaccessible=arg.inaccessible,
            tags=arg.tags,
            deprecated=arg.deprecated,
            demand=arg.demand,
        )

    def _mark_field_sets(self, graph: ParsedSubgraph) -> None:
        def type_of(parent: str, field: str) -> str | None:
            stype = graph.types.get(parent)
            sfield = stype.fields.get(field) if stype else None
            return _named(sfield.type) if sfield else None

        for stype in list(graph.types.values()):
            for key in stype.keys:
                selection = parse_field_set(key.fields)
                for sel in selection.selections if selection else ():
                    name = getattr(getattr(sel, "name", None), "value", None)
                    if name in stype.fields:
                        stype.fields[name].used_as_key = True
                if selection is not None:
                    self._mark_key_shareable(graph, selection, stype.name, type_of)
            for sfield in list(stype.fields.values()):
                self._mark(graph, sfield.provides, _named(sfield.type), "provided", type_of)
                self._mark(graph, sfield.requires, stype.name, "required", type_of)
            for sfield in stype.fields.values():
                _mark_enum_use(graph, stype, sfield)

    def _mark_key_shareable(self, graph: ParsedSubgraph, selection: Any, parent: str, type_of: Any) -> None:
        """Key fields of object types are shareable (the reference marks them so)."""
        for selected in walk(selection, parent, type_of):
            stype = graph.types.get(selected.parent)
            if stype is not None and stype.kind == "object" and not stype.interface_object:
                sfield = stype.fields.get(selected.node.name.value)
                if sfield is not None:
                    sfield.shareable = True

    def _mark(self, graph: ParsedSubgraph, text: str | None, parent: str, flag: str, type_of: Any) -> None:
        selection = parse_field_set(text) if text else None
        if selection is None:
            return
        for selected in walk(selection, parent, type_of):
            stype = graph.types.get(selected.parent)
            if stype is not None and selected.node.name.value in stype.fields:
                setattr(stype.fields[selected.node.name.value], flag, True)


class _DirectiveNames(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.used: set[str] = set()
        self.defined: set[str] = set()

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        self.used.add(node.name.value)

    def enter_directive_definition(self, node: DirectiveDefinitionNode, *_: Any) -> None:
        self.defined.add(node.name.value)


def _mark_enum_use(graph: ParsedSubgraph, stype: SType, sfield: SField) -> None:
    target = graph.types.get(_named(sfield.type))
    if stype.kind == "input":
        if target is not None and target.kind == "enum":
            target.used_in_input = True
        return
    if target is not None and target.kind == "enum":
        target.used_in_output = True
    if stype.kind != "object":
        return
    for arg in sfield.args.values():
        arg_type = graph.types.get(_named(arg.type))
        if arg_type is not None and arg_type.kind == "enum":
            arg_type.used_in_input = True


def _fed1_semantics(graph: ParsedSubgraph, roots: set[str]) -> None:
    for stype in graph.types.values():
        if stype.kind != "object":
            continue
        for sfield in stype.fields.values():
            if not sfield.extension or stype.name in roots:
                sfield.shareable = True


def _deprecation(node: Any) -> str | None:
    for directive in node.directives or ():
        if directive.name.value == DEPRECATED.name:
            return str(args_of(directive).get("reason") or "")
    return None


def _named(type_text: str) -> str:
    return type_text.strip("[]!").replace("[", "").replace("]", "").replace("!", "")


def read_subgraph(name: str, url: str, sdl: str) -> tuple[ParsedSubgraph | None, list[CompositionError]]:
    reader = SubgraphReader(name, url, sdl)
    graph = reader.read()
    return graph, reader.errors
