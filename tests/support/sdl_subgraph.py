"""A federation subgraph written as SDL + resolvers, for shapes strawberry cannot express.

strawberry speaks Federation 2 only and decides its own SDL; a conformance scenario sometimes needs an
exact SDL (Federation 1 `extend type` / `@extends`, directives placed just so). This builds a graphql-core
schema from the SDL as written, adds what every subgraph answers (`_service { sdl }`, `_entities`), and
serves it over HTTP:

    sub = SdlSubgraph.build(SDL, resolvers={"Query.shops": lambda _o, _i: [...]},
                            entities={"Shop": lambda rep: SHOPS.get(rep["id"])})
    sub.sdl             # what `_service { sdl }` returns: the SDL exactly as written
    sub.execute_sync("{ _service { sdl } }")
    sub.app             # ASGI app; POST /graphql with a JSON body

Objects are plain dicts (the default resolver reads keys); a dict carrying `__typename` resolves abstract
types. An entity resolver takes the representation dict and returns the object (or None); without one,
the representation itself is the object.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLObjectType,
    GraphQLSchema,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    build_ast_schema,
    graphql,
    graphql_sync,
    parse,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

Resolver = Callable[..., Any]
EntityResolver = Callable[[dict[str, Any]], Any]

# Definitions every subgraph may use without declaring them (Federation 1 and 2 names alike).
FEDERATION_DEFINITIONS = """
scalar _Any
scalar _FieldSet
scalar FieldSet
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
directive @key(fields: _FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
directive @requires(fields: _FieldSet!) on FIELD_DEFINITION
directive @provides(fields: _FieldSet!) on FIELD_DEFINITION
directive @external(reason: String) on OBJECT | FIELD_DEFINITION
directive @extends on OBJECT | INTERFACE
directive @shareable repeatable on OBJECT | FIELD_DEFINITION
directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR \
| ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
directive @override(from: String!, label: String) on FIELD_DEFINITION
directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION \
| ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
directive @interfaceObject on OBJECT
directive @composeDirective(name: String!) repeatable on SCHEMA
directive @link(url: String!, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
type _Service { sdl: String }
"""


def _has_key(node: ObjectTypeDefinitionNode | ObjectTypeExtensionNode) -> bool:
    return any(d.name.value == "key" for d in node.directives or ())


def _executable_document(sdl: str) -> tuple[DocumentNode, list[str]]:
    """The SDL made buildable: a lone `extend type X` becomes `type X`; returns entity type names."""
    document = parse(sdl)
    defined = {d.name.value for d in document.definitions if isinstance(d, ObjectTypeDefinitionNode)}
    definitions: list[Any] = []
    entities: list[str] = []
    for node in document.definitions:
        if isinstance(node, ObjectTypeExtensionNode) and node.name.value not in defined:
            defined.add(node.name.value)
            node = ObjectTypeDefinitionNode(
                name=node.name, interfaces=node.interfaces, directives=node.directives, fields=node.fields
            )
        if isinstance(node, ObjectTypeDefinitionNode | ObjectTypeExtensionNode) and _has_key(node):
            entities.append(node.name.value)
        definitions.append(node)
    if "Query" not in defined:
        definitions.append(parse("type Query").definitions[0])
    extra = FEDERATION_DEFINITIONS
    if entities:
        extra += f"union _Entity = {' | '.join(dict.fromkeys(entities))}\n"
        extra += "extend type Query { _entities(representations: [_Any!]!): [_Entity]! }\n"
    extra += "extend type Query { _service: _Service! }\n"
    definitions.extend(parse(extra).definitions)
    return DocumentNode(definitions=tuple(definitions)), list(dict.fromkeys(entities))


@dataclass
class SdlSubgraph:
    """A runnable subgraph: the SDL as written, its executable schema and an ASGI app serving it."""

    sdl: str
    schema: GraphQLSchema
    entity_resolvers: dict[str, EntityResolver] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        sdl: str,
        *,
        resolvers: Mapping[str, Resolver] | None = None,
        entities: Mapping[str, EntityResolver] | None = None,
    ) -> SdlSubgraph:
        """`resolvers`: "Type.field" -> `fn(parent, info, **args)`; `entities`: type -> its lookup."""
        document, entity_names = _executable_document(sdl)
        schema = build_ast_schema(document)
        sub = cls(sdl=sdl.strip() + "\n", schema=schema, entity_resolvers=dict(entities or {}))
        unknown = set(sub.entity_resolvers) - set(entity_names)
        if unknown:
            raise ValueError(f"entity resolvers for types without @key: {sorted(unknown)}")
        query = schema.query_type
        assert query is not None
        query.fields["_service"].resolve = lambda _obj, _info: {"sdl": sub.sdl}
        if entity_names:
            query.fields["_entities"].resolve = sub._resolve_entities
        for path, fn in (resolvers or {}).items():
            type_name, field_name = path.split(".", 1)
            owner = schema.get_type(type_name)
            if not isinstance(owner, GraphQLObjectType) or field_name not in owner.fields:
                raise ValueError(f"no field {path} in the SDL")
            owner.fields[field_name].resolve = fn
        return sub

    def _resolve_entities(self, _obj: Any, _info: Any, representations: list[dict[str, Any]]) -> list[Any]:
        results: list[Any] = []
        for representation in representations:
            type_name = representation.get("__typename")
            if not isinstance(type_name, str) or self.schema.get_type(type_name) is None:
                results.append(ValueError(f"unknown entity type {type_name!r}"))
                continue
            lookup = self.entity_resolvers.get(type_name)
            try:
                found = lookup(dict(representation)) if lookup else dict(representation)
            except Exception as exc:  # the error becomes this entity's error, as in any subgraph
                found = exc
            if isinstance(found, dict):
                found = {**found, "__typename": type_name}
            results.append(found)
        return results

    def execute_sync(self, query: str, variables: dict[str, Any] | None = None) -> ExecutionResult:
        return graphql_sync(self.schema, query, variable_values=variables)

    async def execute(self, body: Mapping[str, Any]) -> dict[str, Any]:
        result = await graphql(
            self.schema,
            body.get("query") or "",
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
        )
        return dict(result.formatted)

    @property
    def app(self) -> Starlette:
        async def endpoint(request: Request) -> JSONResponse:
            try:
                body = await request.json()
            except ValueError:
                return JSONResponse({"errors": [{"message": "body is not JSON"}]}, status_code=400)
            return JSONResponse(await self.execute(body))

        return Starlette(routes=[Route("/graphql", endpoint, methods=["POST"])])
