"""Supergraph SDL -> `Supergraph`.

Reads Federation 2 supergraphs (`@link` v1.0 with join v0.2-v0.5) and Federation 1
supergraphs (`@core` with join v0.1, or `@link` with join v0.1-v0.3 as produced when
Federation 1 subgraphs are composed). Anything malformed or unsupported raises
`SupergraphError` naming what and where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    SelectionSetNode,
    build_ast_schema,
    parse,
    validate_schema,
)
from graphql.language import (
    ConstDirectiveNode,
    EnumTypeDefinitionNode,
    FieldDefinitionNode,
    InputObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    OperationDefinitionNode,
    ScalarTypeDefinitionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    TypeDefinitionNode,
    UnionTypeDefinitionNode,
)
from graphql.utilities import value_from_ast_untyped

from ..errors import SupergraphError
from ..federation.lookup import find_spec
from ..federation.specs import parse_spec_url
from ..federation.supergraph_specs import (
    COST_SPEC,
    INACCESSIBLE_SPEC,
    JOIN,
    JOIN_FEDERATION_1,
    JOIN_FIELD,
    JOIN_GRAPH,
    JOIN_GRAPH_ENUM,
    JOIN_IMPLEMENTS,
    JOIN_OWNER,
    JOIN_TYPE,
    JOIN_UNION_MEMBER,
)
from ..federation.table import CORE_DIRECTIVE, LINK_DIRECTIVE
from .access import CANONICAL, Requirements, read_requirements
from .api_schema import build_api_schema
from .demand import cost_names, read_list_size, read_weight
from .model import FieldInGraph, FieldMeta, Key, Subgraph, Supergraph, TypeMeta

KIND_NAMES = {
    ObjectTypeDefinitionNode: "object",
    InterfaceTypeDefinitionNode: "interface",
    UnionTypeDefinitionNode: "union",
    EnumTypeDefinitionNode: "enum",
    InputObjectTypeDefinitionNode: "input",
    ScalarTypeDefinitionNode: "scalar",
}


@dataclass
class Specs:
    """The specs a supergraph links, and the names their directives go by."""

    join_prefix: str = JOIN.name
    join_version: tuple[int, int] = (0, 0)
    inaccessible: str | None = None
    federation_version: int = 2
    removed_prefixes: set[str] = field(default_factory=set)
    removed_directives: set[str] = field(default_factory=set)
    authorization: dict[str, str] = field(default_factory=dict)  # local directive name -> canonical
    cost: dict[str, str] = field(default_factory=dict)  # local name -> `cost` | `listSize`


def load_supergraph(sdl: str) -> Supergraph:
    try:
        document = parse(sdl)
    except GraphQLError as error:
        raise SupergraphError(f"supergraph does not parse: {error.message} at {_where(error)}") from None
    specs = read_specs(document)
    try:
        schema = build_ast_schema(document, assume_valid=True, assume_valid_sdl=True)
    except (GraphQLError, TypeError) as error:
        raise SupergraphError(f"supergraph schema cannot be built: {error}") from None
    subgraphs = read_subgraphs(document, specs)
    types = read_types(document, specs, subgraphs)
    has_requirements = _field_requirements(types)
    api_schema = build_api_schema(
        document, specs.inaccessible, specs.removed_prefixes, specs.removed_directives
    )
    errors = validate_schema(api_schema)
    if errors:
        raise SupergraphError("API schema is invalid: " + "; ".join(e.message for e in errors[:5]))
    has_implements = any(t.implements for t in types.values())
    has_members = any(t.union_members for t in types.values())
    supergraph = Supergraph(
        schema=schema,
        api_schema=api_schema,
        subgraphs={sg.name: sg for sg in subgraphs.values()},
        types=types,
        has_implements_info=has_implements or specs.join_version >= JOIN_IMPLEMENTS.min_version,
        has_union_member_info=has_members or specs.join_version >= JOIN_UNION_MEMBER.min_version,
        federation_version=specs.federation_version,
        sdl=sdl,
        has_requirements=has_requirements,
    )
    _check_field_sets(supergraph)
    return supergraph


def _where(error: GraphQLError) -> str:
    if error.locations:
        loc = error.locations[0]
        return f"line {loc.line}, column {loc.column}"
    return "unknown position"


# --- specs -------------------------------------------------------------------------
def read_specs(document: DocumentNode) -> Specs:
    specs = Specs()
    links: list[dict[str, Any]] = []
    for definition in document.definitions:
        if isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            for directive in definition.directives or ():
                if directive.name.value in (LINK_DIRECTIVE.name, CORE_DIRECTIVE.name):
                    links.append(_args(directive) | {"__directive": directive.name.value})
    if not links:
        raise SupergraphError("not a supergraph: the schema has no @link (or @core) to the join spec")
    found_join = False
    for link in links:
        url = link.get("url") or link.get("feature")
        linked = parse_spec_url(str(url or ""))
        if linked is None:
            if str(link.get("for") or "") == "EXECUTION":
                raise SupergraphError(f"unsupported feature for EXECUTION: {url}")
            continue
        name, version = linked.name, linked.version
        alias = str(link.get("as") or name)
        known = find_spec(name)
        if name == JOIN.name:
            if not JOIN.knows(version):
                raise SupergraphError(f"unsupported join spec version v{version[0]}.{version[1]} ({url})")
            found_join = True
            specs.join_prefix, specs.join_version = alias, version
            if link["__directive"] == CORE_DIRECTIVE.name or version == JOIN_FEDERATION_1:
                specs.federation_version = 1
        elif name == INACCESSIBLE_SPEC.name:
            specs.inaccessible = alias
        elif known is None and str(link.get("for") or "") == "EXECUTION":
            raise SupergraphError(f"unsupported feature for EXECUTION: {url}")
        if name in CANONICAL:
            specs.authorization[alias] = name
        if name == COST_SPEC.name:
            specs.cost.update(cost_names(alias, link.get("import")))
        if known is not None:
            specs.removed_prefixes.add(alias + "__")
            specs.removed_directives.add(alias)
            for imported in link.get("import") or ():
                imported_name = imported.get("as") if isinstance(imported, dict) else imported
                specs.removed_directives.add(str(imported_name).lstrip("@"))
    if not found_join:
        raise SupergraphError(f"not a supergraph: no @link to {JOIN.url_prefix}/v0.x")
    return specs


def _args(directive: ConstDirectiveNode) -> dict[str, Any]:
    return {arg.name.value: value_from_ast_untyped(arg.value) for arg in directive.arguments or ()}


def _directives(node: Any, name: str) -> list[dict[str, Any]]:
    return [_args(d) for d in node.directives or () if d.name.value == name]


# --- subgraphs -----------------------------------------------------------------------
def read_subgraphs(document: DocumentNode, specs: Specs) -> dict[str, Subgraph]:
    enum_name = JOIN_GRAPH_ENUM.local_name(specs.join_prefix)
    for definition in document.definitions:
        if isinstance(definition, EnumTypeDefinitionNode) and definition.name.value == enum_name:
            subgraphs: dict[str, Subgraph] = {}
            for value in definition.values or ():
                graph_directive = JOIN_GRAPH.local_name(specs.join_prefix)
                graph = _directives(value, graph_directive)
                if not graph:
                    raise SupergraphError(f"{enum_name}.{value.name.value} has no @{graph_directive}")
                name, url = str(graph[0].get("name")), str(graph[0].get("url") or "")
                subgraphs[value.name.value] = Subgraph(name=name, enum_value=value.name.value, url=url)
            return subgraphs
    raise SupergraphError(f"not a supergraph: enum {enum_name} is missing")


# --- types ---------------------------------------------------------------------------
def read_types(document: DocumentNode, specs: Specs, subgraphs: dict[str, Subgraph]) -> dict[str, TypeMeta]:
    reader = _TypeReader(specs, subgraphs)
    types: dict[str, TypeMeta] = {}
    for definition in document.definitions:
        if isinstance(definition, TypeDefinitionNode) and not _is_spec_type(definition.name.value, specs):
            types[definition.name.value] = reader.read(definition)
    return types


def _is_spec_type(name: str, specs: Specs) -> bool:
    return any(name.startswith(prefix) for prefix in specs.removed_prefixes)


def _field_requirements(types: dict[str, TypeMeta]) -> bool:
    """Each field also requires what its (object, scalar or enum) return type requires; an
    interface's requirements hold for what is selected on the interface itself, fragments on
    its implementations having their own. Returns whether anything requires anything."""
    found = False
    for tmeta in types.values():
        found = found or bool(tmeta.requirements)
        for fmeta in tmeta.fields.values():
            returned = types.get(fmeta.type.replace("[", "").replace("]", "").replace("!", ""))
            if returned is not None and returned.kind not in ("interface", "union"):
                fmeta.requirements = fmeta.requirements.and_(returned.requirements)
            found = found or bool(fmeta.requirements)
    return found


class _TypeReader:
    def __init__(self, specs: Specs, subgraphs: dict[str, Subgraph]) -> None:
        self.authorization = specs.authorization
        self.cost = specs.cost
        self.prefix = specs.join_prefix
        self.graphs = {enum: sg.name for enum, sg in subgraphs.items()}
        self.all_graphs = tuple(sg.name for sg in subgraphs.values())

    def graph(self, enum_value: Any, where: str) -> str:
        name = self.graphs.get(str(enum_value))
        if name is None:
            enum_name = JOIN_GRAPH_ENUM.local_name(self.prefix)
            raise SupergraphError(f"{where}: unknown graph {enum_value!r} (not in {enum_name})")
        return name

    def read(self, node: TypeDefinitionNode) -> TypeMeta:
        name = node.name.value
        meta = TypeMeta(name=name, kind=KIND_NAMES.get(type(node), "scalar"))
        meta.requirements = self.requirements(node)
        meta.cost = read_weight(self.demand(node))
        graphs: list[str] = []
        for args in _directives(node, JOIN_TYPE.local_name(self.prefix)):
            graph = self.graph(args.get("graph"), f"type {name}")
            if graph not in graphs:
                graphs.append(graph)
            if args.get("key") is not None:
                meta.keys.append(
                    Key(
                        graph,
                        str(args["key"]),
                        _field_set(args["key"], f"@key on {name}"),
                        bool(args.get("resolvable", True)),
                    )
                )
            if args.get("isInterfaceObject"):
                meta.interface_object_in.add(graph)
        owner = _directives(node, JOIN_OWNER.local_name(self.prefix))
        owner_graph = self.graph(owner[0].get("graph"), f"type {name}") if owner else None
        if owner_graph and owner_graph not in graphs:
            graphs.insert(0, owner_graph)
        meta.graphs = tuple(graphs) if graphs else self.all_graphs
        for args in _directives(node, JOIN_IMPLEMENTS.local_name(self.prefix)):
            graph = self.graph(args.get("graph"), f"type {name}")
            meta.implements.setdefault(graph, set()).add(str(args.get("interface")))
        for args in _directives(node, JOIN_UNION_MEMBER.local_name(self.prefix)):
            graph = self.graph(args.get("graph"), f"union {name}")
            meta.union_members.setdefault(graph, set()).add(str(args.get("member")))
        if isinstance(node, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
            for field_node in node.fields or ():
                meta.fields[field_node.name.value] = self.read_field(name, field_node, owner_graph)
        if isinstance(node, InputObjectTypeDefinitionNode) and self.cost:
            weights = {f.name.value: read_weight(self.demand(f)) for f in node.fields or ()}
            meta.input_costs = {n: w for n, w in weights.items() if w is not None}
        return meta

    def demand(self, node: Any) -> dict[str, dict[str, Any]]:
        """The cost directives on `node`: canonical name -> arguments."""
        if not self.cost:
            return {}
        return {self.cost[d.name.value]: _args(d) for d in node.directives or () if d.name.value in self.cost}

    def requirements(self, node: Any) -> Requirements:
        if not self.authorization:
            return read_requirements(())
        applied = [
            (self.authorization[d.name.value], _args(d))
            for d in node.directives or ()
            if d.name.value in self.authorization
        ]
        return read_requirements(applied)

    def read_field(self, parent: str, node: FieldDefinitionNode, owner: str | None) -> FieldMeta:
        from graphql import print_ast

        where = f"field {parent}.{node.name.value}"
        meta = FieldMeta(name=node.name.value, parent=parent, type=print_ast(node.type))
        meta.requirements = self.requirements(node)
        if self.cost:
            applied = self.demand(node)
            meta.cost, meta.list_size = read_weight(applied), read_list_size(applied)
            weights = {a.name.value: read_weight(self.demand(a)) for a in node.arguments or ()}
            meta.argument_costs = {n: w for n, w in weights.items() if w is not None}
        joins = _directives(node, JOIN_FIELD.local_name(self.prefix))
        meta.explicit = bool(joins) or owner is not None
        for args in joins:
            if args.get("graph") is None:
                continue
            graph = self.graph(args["graph"], where)
            meta.declared[graph] = FieldInGraph(
                graph=graph,
                external=bool(args.get("external")),
                requires=_field_set(args["requires"], f"@requires on {where}")
                if args.get("requires")
                else None,
                provides=_field_set(args["provides"], f"@provides on {where}")
                if args.get("provides")
                else None,
                type=str(args["type"]) if args.get("type") else None,
                override=str(args["override"]) if args.get("override") else None,
                used_overridden=bool(args.get("usedOverridden")),
            )
        if not joins and owner is not None:
            meta.declared[owner] = FieldInGraph(graph=owner)
        return meta


def _field_set(value: Any, where: str) -> SelectionSetNode:
    try:
        document = parse("{" + str(value) + "}", no_location=True)
    except GraphQLError as error:
        raise SupergraphError(f"{where}: invalid field set {value!r}: {error.message}") from None
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation.selection_set


def _check_field_sets(supergraph: Supergraph) -> None:
    """Every key names fields its type has; a clear message instead of a crash later."""
    for tmeta in supergraph.types.values():
        for key in tmeta.keys:
            for sel in key.selection.selections:
                name = getattr(getattr(sel, "name", None), "value", None)
                if name and name not in tmeta.fields and tmeta.kind in ("object", "interface"):
                    raise SupergraphError(
                        f"@key(fields: {key.fields!r}) on {tmeta.name} in subgraph {key.graph}: "
                        f"{tmeta.name} has no field {name!r}"
                    )
