"""Questions asked of the spec table: by name, by spec and version, the sets modules need."""

from __future__ import annotations

from functools import cache

from .specs import Composed, DirectiveSpec, Spec, Version
from .supergraph_specs import (
    AUTHENTICATED_SPEC,
    CONNECT_SPEC,
    CONTEXT_SPEC,
    COST_SPEC,
    INACCESSIBLE_SPEC,
    JOIN,
    JOIN_DIRECTIVES,
    JOIN_FOR_FEDERATION,
    LIST_SIZE_SPEC,
    OTHER_SUPERGRAPH_DIRECTIVES,
    POLICY_SPEC,
    REQUIRES_SCOPES_SPEC,
    SUPERGRAPH_INACCESSIBLE,
    SUPERGRAPH_TAG,
    TAG_SPEC,
)
from .table import (
    CORE,
    CORE_DIRECTIVE,
    FEDERATION,
    FEDERATION_DIRECTIVES,
    GRAPHQL_DIRECTIVES,
    LINK,
    LINK_DIRECTIVE,
    LINK_TYPES,
    SUBGRAPH_TYPES,
)

LINKED_SPECS: tuple[Spec, ...] = (
    LINK,
    CORE,
    JOIN,
    FEDERATION,
    TAG_SPEC,
    INACCESSIBLE_SPEC,
    AUTHENTICATED_SPEC,
    REQUIRES_SCOPES_SPEC,
    POLICY_SPEC,
    COST_SPEC,
    CONTEXT_SPEC,
    CONNECT_SPEC,
    LIST_SIZE_SPEC,
)
DIRECTIVES: tuple[DirectiveSpec, ...] = (
    *FEDERATION_DIRECTIVES,
    LINK_DIRECTIVE,
    CORE_DIRECTIVE,
    *JOIN_DIRECTIVES,
    SUPERGRAPH_TAG,
    SUPERGRAPH_INACCESSIBLE,
    *OTHER_SUPERGRAPH_DIRECTIVES,
    *GRAPHQL_DIRECTIVES,
)


def find_spec(name: str) -> Spec | None:
    """A spec a schema can link, by its name (`join`, `tag`, ...)."""
    return next((s for s in LINKED_SPECS if s.name == name), None)


def find_directive(spec: Spec, name: str, version: Version) -> DirectiveSpec | None:
    """The definition of `spec`'s directive `name` in `version` of the spec."""
    return next((d for d in directives_of(spec, version) if d.name == name), None)


def directives_of(spec: Spec, version: Version | None = None) -> tuple[DirectiveSpec, ...]:
    """`spec`'s directives (in `version`, or in any version)."""
    return tuple(d for d in DIRECTIVES if d.spec == spec and (version is None or d.in_version(version)))


@cache
def federation_directive_names() -> frozenset[str]:
    """The federation spec's directive names, over all its versions."""
    return frozenset(d.name for d in FEDERATION_DIRECTIVES)


def is_federation_directive(name: str) -> bool:
    return name in federation_directive_names()


@cache
def federation1_directive_names() -> frozenset[str]:
    """What a Federation 1 subgraph may apply without defining it."""
    return frozenset(d.name for d in directives_of(FEDERATION, (1, 0)))


@cache
def unsupported_directive_names() -> frozenset[str]:
    """Federation directives composition refuses (UNSUPPORTED_FEATURE)."""
    return frozenset(d.name for d in FEDERATION_DIRECTIVES if d.composed is Composed.UNSUPPORTED)


@cache
def builtin_directive_names() -> frozenset[str]:
    """GraphQL's own directives (defined by every schema, never linked)."""
    return frozenset(d.name for d in GRAPHQL_DIRECTIVES)


@cache
def api_schema_stripped_names() -> frozenset[str]:
    """The default names of the directives the API schema leaves out."""
    return frozenset(d.default_name for d in DIRECTIVES if d.stripped_from_api_schema)


@cache
def subgraph_machinery_types() -> frozenset[str]:
    """Types a subgraph declares for the federation machinery, not for its schema."""
    return frozenset(t.name for t in (*SUBGRAPH_TYPES, *LINK_TYPES))


def prefix(spec: Spec) -> str:
    """How the names of `spec`'s elements start when it is linked without `as:`."""
    return spec.name + "__"


def join_version_for(federation_version: Version) -> Version:
    """The join spec version composition links for subgraphs up to `federation_version`."""
    for federation_at_least, join in JOIN_FOR_FEDERATION:
        if federation_version >= federation_at_least:
            return join
    return JOIN_FOR_FEDERATION[-1][1]
