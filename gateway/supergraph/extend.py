"""Plugins' additions to the API schema: root fields a plugin answers itself (e.g. the audit
plugin's `myDataAccess`). Clients validate against them and see them in introspection; the
planner never sees them (the plugin answers before planning, and refuses mixing them with
subgraph fields)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from graphql import GraphQLError, extend_schema, parse
from graphql.language import DocumentNode, NameNode, ObjectTypeExtensionNode

from ..errors import SupergraphError
from .api_schema import replace
from .model import Supergraph


def extend_api_schema(supergraph: Supergraph, extensions: Sequence[str]) -> Supergraph:
    """A copy of `supergraph` whose API schema has every SDL in `extensions` added (`extend type
    Query` extends the schema's query root, whatever its name); `supergraph` itself unchanged."""
    if not extensions:
        return supergraph
    api = supergraph.api_schema
    root = api.query_type.name if api.query_type is not None else None
    definitions: list[Any] = []
    for sdl in extensions:
        for definition in parse(sdl).definitions:
            if isinstance(definition, ObjectTypeExtensionNode) and definition.name.value == "Query":
                if root is None:
                    raise SupergraphError("a plugin extends the Query type, but the schema has none")
                definitions.append(replace(definition, name=NameNode(value=root)))
            else:
                definitions.append(definition)
    try:
        extended = extend_schema(api, DocumentNode(definitions=tuple(definitions)))
    except (GraphQLError, TypeError) as error:
        raise SupergraphError(f"a plugin's schema extension does not fit the supergraph: {error}") from error
    return dataclasses.replace(supergraph, api_schema=extended)
