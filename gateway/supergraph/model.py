"""The supergraph as the planner sees it: which subgraph holds which type and field.

`Supergraph` is built once by `load.py` and never changes; a reload builds a new one.
Field sets (`@key`, `@requires`, `@provides`) are kept parsed as graphql-core
selection sets, so the planner never parses them per request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from graphql import GraphQLSchema, SelectionSetNode
from graphql.language import FieldNode, InlineFragmentNode

from .access import NONE, Requirements
from .demand import ListSize


@dataclass(frozen=True)
class Subgraph:
    name: str  # the subgraph's name (join__graph name)
    enum_value: str  # its join__Graph enum value, e.g. ACCOUNTS
    url: str


@dataclass(frozen=True)
class Key:
    graph: str
    fields: str
    selection: SelectionSetNode
    resolvable: bool = True


@dataclass(frozen=True)
class FieldInGraph:
    """How one subgraph declares one field (one `@join__field`)."""

    graph: str
    external: bool = False
    requires: SelectionSetNode | None = None
    provides: SelectionSetNode | None = None
    type: str | None = None  # the field's type in that subgraph, when it differs
    override: str | None = None
    used_overridden: bool = False


@dataclass
class FieldMeta:
    name: str
    parent: str
    type: str  # the supergraph's type, printed (e.g. "[Product!]!")
    declared: dict[str, FieldInGraph] = field(default_factory=dict)
    explicit: bool = False  # True when the field carries @join__field directives
    # @authenticated/@requiresScopes/@policy of the field and of its return type
    requirements: Requirements = NONE
    cost: int | None = None  # @cost(weight:)
    list_size: ListSize | None = None  # @listSize
    argument_costs: dict[str, int] = field(default_factory=dict)  # argument -> @cost(weight:)


@dataclass
class TypeMeta:
    name: str
    kind: str  # object | interface | union | enum | input | scalar
    graphs: tuple[str, ...] = ()
    keys: list[Key] = field(default_factory=list)
    interface_object_in: set[str] = field(default_factory=set)
    fields: dict[str, FieldMeta] = field(default_factory=dict)
    implements: dict[str, set[str]] = field(default_factory=dict)  # graph -> interfaces
    union_members: dict[str, set[str]] = field(default_factory=dict)  # graph -> members
    requirements: Requirements = NONE  # @authenticated/@requiresScopes/@policy on the type
    cost: int | None = None  # @cost(weight:) on an object type, scalar or enum
    input_costs: dict[str, int] = field(default_factory=dict)  # input types: field -> @cost(weight:)

    def keys_in(self, graph: str) -> list[Key]:
        return [k for k in self.keys if k.graph == graph]


@dataclass
class Supergraph:
    """The loaded supergraph: the API schema for clients plus per-subgraph metadata."""

    schema: GraphQLSchema  # the full supergraph schema (inaccessible elements kept)
    api_schema: GraphQLSchema  # what clients see
    subgraphs: dict[str, Subgraph]
    types: dict[str, TypeMeta]
    has_implements_info: bool
    has_union_member_info: bool
    federation_version: int  # 1 or 2
    sdl: str = ""
    has_requirements: bool = False  # some type or field carries an authorization directive

    # --- fields -------------------------------------------------------------
    def field_meta(self, type_name: str, field_name: str) -> FieldMeta | None:
        meta = self.types.get(type_name)
        return meta.fields.get(field_name) if meta else None

    def resolving_graphs(self, type_name: str, field_name: str) -> list[str]:
        """Subgraphs that can resolve `type.field` themselves (not external there)."""
        cache_key = (type_name, field_name)
        found = self._resolving.get(cache_key)
        if found is None:
            found = self._compute_resolving(type_name, field_name)
            self._resolving[cache_key] = found
        return found

    def _compute_resolving(self, type_name: str, field_name: str) -> list[str]:
        meta = self.types.get(type_name)
        if meta is None:
            return []
        fmeta = meta.fields.get(field_name)
        if fmeta is None:
            return []
        # Federation 1 marks no external field in the supergraph: a required field is external there.
        # Federation 2 does, and a required field may be local (holding external fields below it).
        fed1 = self.federation_version == 1
        if not fmeta.explicit:
            graphs = [g for g in meta.graphs if not fed1 or field_name not in self.required_in(g, type_name)]
        else:
            graphs = [
                g
                for g, d in fmeta.declared.items()
                if not d.external
                and not d.used_overridden
                and (not fed1 or field_name not in self.required_in(g, type_name))
            ]
        for graph in meta.graphs:
            if graph not in graphs and field_name in self.key_fields_in(graph, type_name):
                graphs.append(graph)
        return graphs

    def interface_object_graphs(self, type_name: str, field_name: str) -> list[tuple[str, str]]:
        """(graph, interface) pairs where an `@interfaceObject` resolves `type.field`."""
        found = []
        for interface in self.interfaces_of(type_name):
            imeta = self.types.get(interface)
            if imeta is None or field_name not in imeta.fields:
                continue
            for graph in imeta.interface_object_in:
                if graph in self.resolving_graphs(interface, field_name):
                    found.append((graph, interface))
        return found

    def declaration(self, graph: str, type_name: str, field_name: str) -> FieldInGraph | None:
        fmeta = self.field_meta(type_name, field_name)
        if fmeta is None:
            return None
        return fmeta.declared.get(graph)

    def field_type_in(self, graph: str, type_name: str, field_name: str) -> str | None:
        """The field's type as `graph` declares it, when it differs from the supergraph's."""
        decl = self.declaration(graph, type_name, field_name)
        return decl.type if decl is not None and decl.type else None

    def required_in(self, graph: str, type_name: str) -> frozenset[str]:
        """Top-level field names `graph` names in `@requires` on `type_name` (external there)."""
        return self._required.get((graph, type_name), frozenset())

    def key_fields_in(self, graph: str, type_name: str) -> frozenset[str]:
        """Top-level key field names of `type_name` in `graph` (always known to it)."""
        return self._key_fields.get((graph, type_name), frozenset())

    # --- types --------------------------------------------------------------
    def type_in_graph(self, type_name: str, graph: str) -> bool:
        meta = self.types.get(type_name)
        return meta is not None and graph in meta.graphs

    def is_interface_object(self, type_name: str, graph: str) -> bool:
        meta = self.types.get(type_name)
        return meta is not None and graph in meta.interface_object_in

    def possible_types(self, type_name: str) -> list[str]:
        """Concrete object types of an abstract type in the supergraph."""
        found = self._possible.get(type_name)
        if found is None:
            gtype = self.schema.get_type(type_name)
            if gtype is None:
                found = []
            elif hasattr(gtype, "of_type") or not _is_abstract(self.schema, type_name):
                found = [type_name]
            else:
                found = [t.name for t in self.schema.get_possible_types(gtype)]  # type: ignore[arg-type]
            self._possible[type_name] = found
        return found

    def possible_types_in(self, type_name: str, graph: str) -> list[str]:
        """Concrete types a field of type `type_name` resolved by `graph` can return."""
        key = (type_name, graph)
        found = self._possible_in.get(key)
        if found is None:
            found = self._compute_possible_in(type_name, graph)
            self._possible_in[key] = found
        return found

    def _compute_possible_in(self, type_name: str, graph: str) -> list[str]:
        meta = self.types.get(type_name)
        if meta is None:
            return []
        if meta.kind == "object":
            return [type_name]
        members = self.possible_types(type_name)
        if meta.kind == "union":
            if self.has_union_member_info and meta.union_members:
                listed = meta.union_members.get(graph, set())
                return [m for m in members if m in listed]
            return [m for m in members if self.type_in_graph(m, graph)]
        result = []
        for member in members:
            mmeta = self.types.get(member)
            if mmeta is None or graph not in mmeta.graphs:
                continue
            if self.has_implements_info and type_name not in mmeta.implements.get(graph, set()):
                continue
            result.append(member)
        return result

    def interfaces_of(self, type_name: str) -> list[str]:
        gtype = self.schema.get_type(type_name)
        return [i.name for i in getattr(gtype, "interfaces", ())]

    def is_abstract(self, type_name: str) -> bool:
        return _is_abstract(self.schema, type_name)

    def is_entity(self, type_name: str) -> bool:
        meta = self.types.get(type_name)
        return meta is not None and bool(meta.keys)

    @cached_property
    def _resolving(self) -> dict[tuple[str, str], list[str]]:
        return {}

    @cached_property
    def _possible(self) -> dict[str, list[str]]:
        return {}

    @cached_property
    def _possible_in(self) -> dict[tuple[str, str], list[str]]:
        return {}

    @cached_property
    def _required(self) -> dict[tuple[str, str], frozenset[str]]:
        found: dict[tuple[str, str], set[str]] = {}
        for tmeta in self.types.values():
            for fmeta in tmeta.fields.values():
                for decl in fmeta.declared.values():
                    if decl.requires is not None:
                        names = _top_level_names(decl.requires)
                        found.setdefault((decl.graph, tmeta.name), set()).update(names)
        return {k: frozenset(v) for k, v in found.items()}

    @cached_property
    def _key_fields(self) -> dict[tuple[str, str], frozenset[str]]:
        found: dict[tuple[str, str], set[str]] = {}
        for tmeta in self.types.values():
            for key in tmeta.keys:
                found.setdefault((key.graph, tmeta.name), set()).update(_top_level_names(key.selection))
        return {k: frozenset(v) for k, v in found.items()}


def _top_level_names(selection: SelectionSetNode) -> set[str]:
    names: set[str] = set()
    for sel in selection.selections:
        if isinstance(sel, FieldNode):
            names.add(sel.name.value)
        elif isinstance(sel, InlineFragmentNode):
            names.update(_top_level_names(sel.selection_set))
    return names


def _is_abstract(schema: GraphQLSchema, type_name: str) -> bool:
    from graphql import is_abstract_type

    gtype = schema.get_type(type_name)
    return gtype is not None and is_abstract_type(gtype)
