"""The federation (subgraph) spec, the link and core specs, the GraphQL built-ins.

Versions and arguments follow Apollo's Federation docs ("Federation-specific GraphQL
directives", the subgraph specification). The join spec and the other specs a
supergraph links are in `supergraph_specs.py`.
"""

from __future__ import annotations

from .specs import ArgSpec, Composed, DirectiveSpec, Spec, TypeSpec, Version

# --- specs ---------------------------------------------------------------------------
FEDERATION = Spec(
    "federation",
    "https://specs.apollo.dev/federation",
    # v1.0 stands for Federation 1 subgraphs, which link nothing.
    versions=((1, 0), *((2, minor) for minor in range(12))),
)
FEDERATION_1: Version = (1, 0)  # the version a Federation 1 subgraph (one without @link) counts as
LINK = Spec("link", "https://specs.apollo.dev/link", versions=((1, 0),), composed_version=(1, 0))
CORE = Spec("core", "https://specs.apollo.dev/core", versions=((0, 1), (0, 2)))
GRAPHQL = Spec("graphql", None)  # the built-in directives: never linked, never stripped

# --- locations -------------------------------------------------------------------------
TAGGABLE = (
    "FIELD_DEFINITION",
    "OBJECT",
    "INTERFACE",
    "UNION",
    "ARGUMENT_DEFINITION",
    "SCALAR",
    "ENUM",
    "ENUM_VALUE",
    "INPUT_OBJECT",
    "INPUT_FIELD_DEFINITION",
)
_ACCESS_CONTROLLED = ("FIELD_DEFINITION", "OBJECT", "INTERFACE", "SCALAR", "ENUM")
_COST_LOCATIONS = (
    "ARGUMENT_DEFINITION",
    "ENUM",
    "FIELD_DEFINITION",
    "INPUT_FIELD_DEFINITION",
    "OBJECT",
    "SCALAR",
)
_FIELD = ("FIELD_DEFINITION",)
_LIST_SIZE_ARGS = (
    ArgSpec("assumedSize", "Int"),
    ArgSpec("slicingArguments", "[String!]"),
    ArgSpec("sizedFields", "[String!]"),
    ArgSpec("requireOneSlicingArgument", "Boolean", "true"),
)


def _fed(
    name: str,
    since: Version,
    composed: Composed,
    locations: tuple[str, ...],
    arguments: tuple[ArgSpec, ...] = (),
    repeatable: bool = False,
) -> DirectiveSpec:
    return DirectiveSpec(name, FEDERATION, since, None, locations, arguments, repeatable, composed=composed)


_READ, _COPIED, _UNSUPPORTED = Composed.READ, Composed.COPIED, Composed.UNSUPPORTED
_FIELDS_ARG = (ArgSpec("fields", "_FieldSet!", until=(1, 0)), ArgSpec("fields", "FieldSet!", since=(2, 0)))

# --- the federation spec: what subgraphs apply ---------------------------------------------
KEY = _fed(
    "key",
    (1, 0),
    _READ,
    ("OBJECT", "INTERFACE"),
    (*_FIELDS_ARG, ArgSpec("resolvable", "Boolean", "true", since=(2, 0))),
    repeatable=True,
)
REQUIRES = _fed("requires", (1, 0), _READ, _FIELD, _FIELDS_ARG)
PROVIDES = _fed("provides", (1, 0), _READ, _FIELD, _FIELDS_ARG)
EXTERNAL = _fed(
    "external", (1, 0), _READ, ("OBJECT", "FIELD_DEFINITION"), (ArgSpec("reason", "String", since=(2, 0)),)
)
EXTENDS = _fed("extends", (1, 0), _READ, ("OBJECT", "INTERFACE"))
# Repeatable since v2.2 (one @shareable per `extend type`).
SHAREABLE = _fed("shareable", (2, 0), _READ, ("OBJECT", "FIELD_DEFINITION"), repeatable=True)
# A v2.0 directive, but govgraph (like The Guild's composition) reads it in Federation 1
# subgraphs too, hence v1.0. `label` (progressive override) is v2.7.
OVERRIDE = _fed(
    "override", (1, 0), _READ, _FIELD, (ArgSpec("from", "String!"), ArgSpec("label", "String", since=(2, 7)))
)
# Federation 1 subgraphs use them through the tag and inaccessible specs.
INACCESSIBLE = _fed("inaccessible", (1, 0), _COPIED, TAGGABLE)
TAG = _fed("tag", (1, 0), _COPIED, TAGGABLE, (ArgSpec("name", "String!"),), repeatable=True)
INTERFACE_OBJECT = _fed("interfaceObject", (2, 3), _READ, ("OBJECT",))
COMPOSE_DIRECTIVE = _fed(
    "composeDirective", (2, 1), _UNSUPPORTED, ("SCHEMA",), (ArgSpec("name", "String!"),), repeatable=True
)
# The authorization directives: copied to the supergraph under their own specs (merged there).
AUTHENTICATED = _fed("authenticated", (2, 5), _COPIED, _ACCESS_CONTROLLED)
REQUIRES_SCOPES = _fed(
    "requiresScopes",
    (2, 5),
    _COPIED,
    _ACCESS_CONTROLLED,
    (ArgSpec("scopes", "[[federation__Scope!]!]!"),),
)
POLICY = _fed(
    "policy", (2, 6), _COPIED, _ACCESS_CONTROLLED, (ArgSpec("policies", "[[federation__Policy!]!]!"),)
)
CONTEXT = _fed(
    "context",
    (2, 8),
    _UNSUPPORTED,
    ("INTERFACE", "OBJECT", "UNION"),
    (ArgSpec("name", "String!"),),
    repeatable=True,
)
FROM_CONTEXT = _fed(
    "fromContext",
    (2, 8),
    _UNSUPPORTED,
    ("ARGUMENT_DEFINITION",),
    (ArgSpec("field", "federation__ContextFieldValue"),),
)
COST = _fed("cost", (2, 9), _COPIED, _COST_LOCATIONS, (ArgSpec("weight", "Int!"),))
LIST_SIZE = _fed("listSize", (2, 9), _COPIED, _FIELD, _LIST_SIZE_ARGS)

FEDERATION_DIRECTIVES = (
    KEY,
    EXTERNAL,
    REQUIRES,
    PROVIDES,
    SHAREABLE,
    OVERRIDE,
    INACCESSIBLE,
    TAG,
    EXTENDS,
    INTERFACE_OBJECT,
    COMPOSE_DIRECTIVE,
    AUTHENTICATED,
    REQUIRES_SCOPES,
    POLICY,
    COST,
    LIST_SIZE,
    CONTEXT,
    FROM_CONTEXT,
)

# --- the subgraph machinery: what a subgraph serves for the gateway -------------------------
ENTITIES_FIELD = "_entities"  # Query._entities(representations: [_Any!]!): [_Entity]!
SERVICE_FIELD = "_service"  # Query._service: _Service! (its `sdl`)
REPRESENTATIONS_ARGUMENT = "representations"
ANY = TypeSpec("_Any", FEDERATION, "scalar", (1, 0))
SUBGRAPH_TYPES = (
    ANY,
    TypeSpec("_Entity", FEDERATION, "union", (1, 0)),
    TypeSpec("_Service", FEDERATION, "object", (1, 0)),
    TypeSpec("_FieldSet", FEDERATION, "scalar", (1, 0), (1, 0)),
    TypeSpec("FieldSet", FEDERATION, "scalar", (2, 0)),  # imported; `federation__FieldSet` otherwise
)

# --- link and core ---------------------------------------------------------------------
LINK_DIRECTIVE = DirectiveSpec(
    "link",
    LINK,
    (1, 0),
    locations=("SCHEMA",),
    arguments=(
        ArgSpec("url", "String"),
        ArgSpec("as", "String"),
        ArgSpec("for", "link__Purpose"),
        ArgSpec("import", "[link__Import]"),
    ),
    repeatable=True,
    composed=Composed.EMITTED,
)
LINK_TYPES = (
    TypeSpec("link__Import", LINK, "scalar", (1, 0)),
    TypeSpec(
        "link__Purpose",
        LINK,
        "enum",
        (1, 0),
        values=(
            ("SECURITY", "`SECURITY` features provide metadata necessary to securely resolve fields."),
            ("EXECUTION", "`EXECUTION` features provide metadata necessary for operation execution."),
        ),
    ),
)
# Federation 1 supergraphs: `schema @core(feature: ".../core/v0.1") @core(feature: ".../join/v0.1")`.
CORE_DIRECTIVE = DirectiveSpec(
    "core",
    CORE,
    (0, 1),
    locations=("SCHEMA",),
    arguments=(
        ArgSpec("feature", "String!"),
        ArgSpec("as", "String"),
        ArgSpec("for", "core__Purpose", since=(0, 2)),
    ),
    repeatable=True,
)


# --- GraphQL's own ---------------------------------------------------------------------
def _builtin(
    name: str, locations: tuple[str, ...], arguments: tuple[ArgSpec, ...] = (), copied: bool = False
) -> DirectiveSpec:
    composed = Composed.COPIED if copied else Composed.NOT_EMITTED
    return DirectiveSpec(name, GRAPHQL, (0, 0), None, locations, arguments, False, False, composed)


_DEPRECATED_LOCATIONS = ("FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION", "ENUM_VALUE")
_CONDITION_LOCATIONS = ("FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT")
DEPRECATED = _builtin(
    "deprecated", _DEPRECATED_LOCATIONS, (ArgSpec("reason", "String", '"No longer supported"'),), True
)
SPECIFIED_BY = _builtin("specifiedBy", ("SCALAR",), (ArgSpec("url", "String!"),), True)
GRAPHQL_DIRECTIVES = (
    DEPRECATED,
    SPECIFIED_BY,
    _builtin("skip", _CONDITION_LOCATIONS, (ArgSpec("if", "Boolean!"),)),
    _builtin("include", _CONDITION_LOCATIONS, (ArgSpec("if", "Boolean!"),)),
    _builtin("oneOf", ("INPUT_OBJECT",)),
)
