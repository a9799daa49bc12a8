"""Turn a Federation 2 subgraph SDL into an executable graphql-core schema.

Adds what every subgraph answers besides its own fields: `_service { sdl }` and
`_entities(representations:)`, with the `_Any` scalar and the `_Entity` union.
Federation directives in the SDL are kept in the AST only (the schema is built
with `assume_valid_sdl`), so no directive definitions are needed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLUnionType, build_ast_schema, parse

Resolver = Callable[..., Any]
EntityResolver = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class SubgraphSpec:
    """One subgraph: its SDL, field resolvers and how it resolves each entity type."""

    sdl: str
    resolvers: Mapping[str, Mapping[str, Resolver]]
    entities: Mapping[str, EntityResolver]
    type_names: Mapping[type, str]


def _federation_sdl(spec: SubgraphSpec) -> str:
    has_query = "type Query" in spec.sdl
    query = "extend type Query" if has_query else "type Query"
    return (
        "scalar _Any\n"
        "type _Service { sdl: String }\n"
        f"union _Entity = {' | '.join(spec.entities)}\n"
        f"{query} {{ _entities(representations: [_Any!]!): [_Entity]! _service: _Service! }}\n"
    )


def build_subgraph_schema(spec: SubgraphSpec) -> GraphQLSchema:
    document = parse(spec.sdl + "\n" + _federation_sdl(spec))
    schema = build_ast_schema(document, assume_valid_sdl=True)
    for type_name, fields in spec.resolvers.items():
        object_type = schema.get_type(type_name)
        assert isinstance(object_type, GraphQLObjectType), type_name
        for field_name, resolver in fields.items():
            object_type.fields[field_name].resolve = resolver
    query = schema.query_type
    assert query is not None
    query.fields["_service"].resolve = lambda _root, _info: {"sdl": spec.sdl}
    query.fields["_entities"].resolve = _entities_resolver(spec.entities)
    entity_union = schema.get_type("_Entity")
    assert isinstance(entity_union, GraphQLUnionType)
    entity_union.resolve_type = lambda obj, _info, _type: spec.type_names[type(obj)]
    return schema


def _entities_resolver(entities: Mapping[str, EntityResolver]) -> Resolver:
    def resolve(_root: Any, _info: Any, representations: list[dict[str, Any]]) -> list[Any]:
        return [_resolve_one(entities, rep) for rep in representations]

    return resolve


def _resolve_one(entities: Mapping[str, EntityResolver], representation: Any) -> Any:
    typename = representation.get("__typename") if isinstance(representation, dict) else None
    resolver = entities.get(typename) if isinstance(typename, str) else None
    if resolver is None:
        raise GraphQLError(f"no entity resolver for representation {representation!r}")
    return resolver(representation)
